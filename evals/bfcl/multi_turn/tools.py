"""The `tools` of a multi-turn request, as NeMo-Skills builds them from the BFCL function docs.

NeMo-Skills' prepare step (dataset/bfcl_v3/prepare.py) appends the Python-syntax hint to every
function description (`func_doc_language_specific_pre_processing`) and stores those docs; the
request's tools are `convert_to_tool(docs)` (gorilla types -> OpenAPI types, " This is a float type
value." on float parameters, names with "." -> "_"). At a miss_func hold-out turn the generation loop
extends the stored (already hinted) docs with the raw held-out docs and runs the hint step again over
the whole list, so from then on the earlier docs carry the hint twice. That is reproduced here.

`tools_for` is the one place that turns docs into tools; point it at the single-turn BFCL converter
(evals/bfcl) once that is on main, if it is the same conversion.
"""

from __future__ import annotations

import copy
import re
from typing import Any

PYTHON_HINT = " Note that the provided function is in Python 3 syntax."

# bfcl_eval/constants/type_mappings.py GORILLA_TO_OPENAPI (data, value for value).
GORILLA_TO_OPENAPI = {
    "integer": "integer", "number": "number", "float": "number", "string": "string",
    "boolean": "boolean", "bool": "boolean", "array": "array", "list": "array", "dict": "object",
    "object": "object", "tuple": "array", "any": "string", "byte": "integer", "short": "integer",
    "long": "integer", "double": "number", "char": "string", "ArrayList": "array", "Array": "array",
    "HashMap": "object", "Hashtable": "object", "Queue": "array", "Stack": "array", "Any": "string",
    "String": "string", "Bigint": "integer",
}  # fmt: skip


def add_python_hint(functions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return copies of the docs with the Python hint appended to each description (multi-turn is Python)."""
    hinted = copy.deepcopy(functions)
    for doc in hinted:
        doc["description"] = doc["description"] + PYTHON_HINT
    return hinted


def _cast_properties(properties: dict[str, Any]) -> dict[str, Any]:
    for spec in properties.values():
        if "type" not in spec:
            spec["type"] = "string"
        else:
            gorilla_type = spec["type"]
            if gorilla_type == "float":
                spec["format"] = "float"
                spec["description"] += " This is a float type value."
            spec["type"] = GORILLA_TO_OPENAPI.get(gorilla_type, "string")
        if spec["type"] in ("array", "object"):
            if "properties" in spec:
                spec["properties"] = _cast_properties(spec["properties"])
            elif "items" in spec:
                items = spec["items"]
                items["type"] = GORILLA_TO_OPENAPI[items["type"]]
                if items["type"] == "array" and "items" in items:
                    items["items"]["type"] = GORILLA_TO_OPENAPI[items["items"]["type"]]
                elif items["type"] == "object" and "properties" in items:
                    items["properties"] = _cast_properties(items["properties"])
    return properties


def tools_for(functions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """OpenAI `tools` from (hinted) BFCL function docs: NeMo-Skills' `convert_to_tool`."""
    tools = []
    for doc in copy.deepcopy(functions):
        doc["name"] = re.sub(r"\.", "_", doc["name"])
        doc["parameters"]["type"] = "object"
        doc["parameters"]["properties"] = _cast_properties(doc["parameters"]["properties"])
        tools.append({"type": "function", "function": doc})
    return tools


class ToolDocs:
    """The function docs of one case as they evolve over its turns (miss_func adds some)."""

    def __init__(self, functions: list[dict[str, Any]]) -> None:
        self.docs = add_python_hint(functions)

    def tools(self) -> list[dict[str, Any]]:
        return tools_for(self.docs)

    def add_held_out(self, held_out: list[dict[str, Any]]) -> None:
        """NeMo-Skills: function.extend(held_out); then the hint step again over the whole list."""
        self.docs = add_python_hint(self.docs + copy.deepcopy(held_out))
