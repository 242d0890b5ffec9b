"""The `tools` of a multi-turn request, as NeMo-Skills builds them from the BFCL function docs.

NeMo-Skills' prepare step (dataset/bfcl_v3/prepare.py) appends the Python-syntax hint to every
function description (`func_doc_language_specific_pre_processing`) and stores those docs; the
request's tools are `convert_to_tool(docs)` (gorilla types -> OpenAPI types, " This is a float type
value." on float parameters, names with "." -> "_"). At a miss_func hold-out turn the generation loop
extends the stored (already hinted) docs with the raw held-out docs and runs the hint step again over
the whole list, so from then on the earlier docs carry the hint twice. That is reproduced here.

`tools_for` is the one place that turns docs into tools; it uses the single-turn package's converter.
"""

from __future__ import annotations

import copy
from typing import Any

from evals.bfcl.tools import convert_to_tools

PYTHON_HINT = " Note that the provided function is in Python 3 syntax."


def add_python_hint(functions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return copies of the docs with the Python hint appended to each description (multi-turn is Python)."""
    hinted = copy.deepcopy(functions)
    for doc in hinted:
        doc["description"] = doc["description"] + PYTHON_HINT
    return hinted


def tools_for(functions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """OpenAI `tools` from (hinted) BFCL function docs: NeMo-Skills' `convert_to_tool`, as implemented
    once for all BFCL categories in evals/bfcl/tools.py (checked identical on all 800 entries)."""
    return convert_to_tools(functions)


class ToolDocs:
    """The function docs of one case as they evolve over its turns (miss_func adds some)."""

    def __init__(self, functions: list[dict[str, Any]]) -> None:
        self.docs = add_python_hint(functions)

    def tools(self) -> list[dict[str, Any]]:
        return tools_for(self.docs)

    def add_held_out(self, held_out: list[dict[str, Any]]) -> None:
        """NeMo-Skills: function.extend(held_out); then the hint step again over the whole list."""
        self.docs = add_python_hint(self.docs + copy.deepcopy(held_out))
