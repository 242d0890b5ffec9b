"""The request NeMo-Skills sends for GPQA: prompt config `eval/aai/mcq-4choices` (7205c43), user message only."""

from __future__ import annotations

from typing import Any

from fixtures.tasks import ChatRequest

from evals.gpqa.data import GpqaItem

PROMPT_CONFIG = "eval/aai/mcq-4choices"
USER_TEMPLATE = (
    "Answer the following multiple choice question. The last line of your response should be in the "
    "following format: 'Answer: A/B/C/D' (e.g. 'Answer: A').\n"
    "\n"
    "{problem}"
)


def user_message(item: GpqaItem) -> str:
    """The filled template (the reference formats it with Python str.format: braces in the problem stay as they are)."""
    return USER_TEMPLATE.format(problem=item.problem)


def build_request(item: GpqaItem, options: Any = None) -> ChatRequest:
    """One user message, no system prompt; sampling parameters come from the configuration."""
    return ChatRequest(messages=[{"role": "user", "content": user_message(item)}])
