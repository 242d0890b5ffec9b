"""Task options of BFCL v3 (YAML `options:` of the task section)."""

from __future__ import annotations

from dataclasses import dataclass, field

from evals.bfcl.categories import CATEGORIES, FILE_SETS, V3_CATEGORIES
from evals.bfcl.decode import MODES
from evals.bfcl.prompting import PROMPT_VERSIONS
from evals.bfcl.tools import HINT_MODES
from fixtures.config import ConfigError


@dataclass
class BfclOptions:
    """file_set: which data files ("v4": BFCL_v4_*, as NeMo-Skills uses; "v3": BFCL_v3_*).
    mode: "fc" (native tool calls, the model card) or "prompting" (docs in the system prompt).
    hint_mode: "nemo_skills" (as NeMo-Skills 7205c43 prepares the docs: Python hint everywhere) or
    "bfcl_eval" (official Java/JavaScript hints and string-typed parameters).
    prompt_version: the prompting-mode system prompt ("v4" = bfcl-eval 2026.3.23, "v3" = <= 2025.8.6.2).
    categories: which of the 17 categories to run (multi-turn ones are handled by evals/bfcl/multi_turn).
    """

    file_set: str = "v4"
    mode: str = "fc"
    hint_mode: str = "nemo_skills"
    prompt_version: str = "v4"
    categories: list[str] = field(default_factory=lambda: list(V3_CATEGORIES))

    def __post_init__(self) -> None:
        for key, value, allowed in (
            ("file_set", self.file_set, FILE_SETS),
            ("mode", self.mode, MODES),
            ("hint_mode", self.hint_mode, HINT_MODES),
            ("prompt_version", self.prompt_version, PROMPT_VERSIONS),
        ):
            if value not in allowed:
                raise ConfigError(f"bfcl option {key}={value!r}: expected one of {', '.join(allowed)}")
        unknown = [c for c in self.categories if c not in CATEGORIES]
        if unknown:
            raise ConfigError(f"bfcl option categories: unknown {unknown}; expected names from {', '.join(CATEGORIES)}")
