"""The request of one single-turn case: the first turn's messages plus `tools` (FC) or the
reference system prompt (prompting). Sampling parameters come from the configuration."""

from __future__ import annotations

import copy
from typing import Any

from evals.bfcl.categories import Category, category
from evals.bfcl.options import BfclOptions
from evals.bfcl.prompting import prompting_messages
from evals.bfcl.tools import add_language_hint, convert_to_tools, hint_language


def hinted_functions(functions: list[dict[str, Any]], cat: Category | str, hint_mode: str) -> list[dict[str, Any]]:
    """The docs as the model sees them (language hint applied per `hint_mode`)."""
    cat = category(cat) if isinstance(cat, str) else cat
    return add_language_hint(functions, hint_language(cat.language, hint_mode))


def tools_for(functions: list[dict[str, Any]], cat: Category | str, hint_mode: str = "nemo_skills") -> list[dict[str, Any]]:
    """OpenAI `tools` for a category's docs (shared with multi-turn)."""
    return convert_to_tools(hinted_functions(functions, cat, hint_mode))


def build_messages_and_tools(item: Any, options: BfclOptions) -> tuple[list[dict[str, Any]], list[dict[str, Any]] | None]:
    """(messages, tools) for the item's single turn."""
    first_turn = copy.deepcopy(item.question[0])
    docs = hinted_functions(item.functions, item.category, options.hint_mode)
    if options.mode == "fc":
        return first_turn, convert_to_tools(docs)
    return prompting_messages(first_turn, docs, options.prompt_version), None
