"""Prompts for AIME 2025, by NeMo-Skills prompt-config name.

The model card's run used `math-oai.yaml`, a file that exists only inside the evaluation
container and is not public. The default here is `generic/math`, NeMo-Skills' own default prompt
for aime25 (what `ns eval --benchmarks=aime25` sends without a prompt override). The others are
the public NeMo-Skills templates closest to it; pick one with the task option `prompt`.
Templates use Python format syntax exactly as NeMo-Skills fills them (`{{}}` is a literal `{}`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fixtures.config import ConfigError
from fixtures.tasks import ChatRequest

if TYPE_CHECKING:
    from evals.aime2025.data import AimeItem

DEFAULT_PROMPT = "generic/math"

PROMPTS: dict[str, str] = {
    # nemo_skills/prompt/config/generic/math.yaml @7205c43 (no few-shot examples: {examples} is empty)
    "generic/math": (
        "Solve the following math problem. Make sure to put the answer (and only answer) inside \\boxed{{}}.\n"
        "\n"
        "{examples}{problem}"
    ),
    # nemo_skills/prompt/config/eval/aai/math.yaml @7205c43 (Artificial Analysis style)
    "eval/aai/math": (
        "Solve the following math problem step by step. Put your answer inside \\boxed{{}}.\n"
        "\n"
        "{problem}\n"
        "\n"
        "Remember to put your answer inside \\boxed{{}}."
    ),
    # nemo_skills/prompt/config/gpt-oss/math.yaml @7205c43
    "gpt-oss/math": "{problem}\nPlease reason step by step, and put your final answer within \\boxed{{}}.",
    # nemo_skills/prompt/config/generic/matharena.yaml (the DeepSeek-R1 / MathArena instruction)
    "generic/matharena": "Please reason step by step, and put your final answer within \\boxed{{}}.\n\n{problem}",
}


@dataclass(frozen=True)
class AimeOptions:
    """Task options (YAML `options:` of the aime2025 task)."""

    prompt: str = DEFAULT_PROMPT  # a key of PROMPTS
    revision: str | None = None  # hub revision of opencompass/AIME2025; None = the pinned one
    legacy_int_literals: bool = False  # True: NeMo-Skills before 5cc1dcc ("070" != "70")

    def __post_init__(self) -> None:
        if self.prompt not in PROMPTS:
            raise ConfigError(
                f"tasks.aime2025.options.prompt: unknown prompt {self.prompt!r}; choose one of {', '.join(sorted(PROMPTS))}"
            )


def user_message(item: AimeItem, prompt: str = DEFAULT_PROMPT) -> str:
    if prompt not in PROMPTS:
        raise ValueError(f"unknown AIME prompt {prompt!r}; choose one of {sorted(PROMPTS)}")
    return PROMPTS[prompt].format(problem=item.problem, examples="")


def build_request(item: AimeItem, options: Any = None) -> ChatRequest:
    """One user message, no system prompt; sampling parameters come from the configuration."""
    prompt = getattr(options, "prompt", None) or DEFAULT_PROMPT
    return ChatRequest(messages=[{"role": "user", "content": user_message(item, prompt)}])
