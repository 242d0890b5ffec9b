"""The request NeMo-Skills sends for MMLU-Pro with prompt config eval/aai/mcq-10choices-boxed.

Reference: NeMo-Skills 7205c43, prompt/config/eval/aai/mcq-10choices-boxed.yaml (user message
only, no system prompt) and dataset/utils.py::get_mcq_fields for the problem text: the question
stripped of newlines, a blank line, then one "L) option" line per option (fewer than ten kept as is).
"""

from __future__ import annotations

from fixtures.tasks import ChatRequest

from evals.mmlu_pro.data import MmluProItem

INSTRUCTION = (
    "Answer the following multiple choice question. The last line of your response should be in the "
    "following format: 'Answer: \\boxed{A/B/C/D/E/F/G/H/I/J}' (e.g. 'Answer: \\boxed{A}')."
)


def problem_text(question: str, options: tuple[str, ...]) -> str:
    lettered = "\n".join(f"{chr(ord('A') + i)}) {option}" for i, option in enumerate(options))
    return f"{question.strip(chr(10))}\n\n{lettered}"


def build_request(item: MmluProItem, options: object = None) -> ChatRequest:
    content = f"{INSTRUCTION}\n\n{problem_text(item.question, item.options)}"
    return ChatRequest(messages=[{"role": "user", "content": content}])
