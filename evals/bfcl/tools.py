"""Function docs -> OpenAI `tools`, as bfcl-eval does for FC models (and NeMo-Skills copies).

Two steps, both on deep copies (the checker keeps reading the original docs):
1. the language-specific hint (bfcl_eval.utils._func_doc_language_specific_pre_processing):
   a sentence appended to every description; for Java/JavaScript every parameter is retyped to
   "string" with a note giving its real type, array `items` and dict `properties` moved into text;
2. the OpenAPI conversion (bfcl_eval.model_handler.utils.convert_to_tool, OPENAI_COMPLETIONS style):
   dots in names become underscores, Gorilla types map to OpenAPI types, float gains
   format "float" and the sentence " This is a float type value.".

Which categories get the Java/JS treatment depends on `hint_mode`:
- "nemo_skills": NeMo-Skills 7205c43 (nemo_skills/dataset/bfcl_v3/utils.py) compares the category
  name with == "java" / == "javascript"; with the v4 names it prepares (simple_java,
  simple_javascript) that never matches, so every category gets the Python 3 hint and Java/JS
  parameters keep their own types. This is what produced the model-card number.
- "bfcl_eval": the official pre-processing (is_java / is_js by substring): Java 8 SDK and
  JavaScript hints and string-typed parameters.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from evals.bfcl.categories import Language

HINT_MODES = ("nemo_skills", "bfcl_eval")

GORILLA_TO_OPENAPI = {
    "integer": "integer",
    "number": "number",
    "float": "number",
    "string": "string",
    "boolean": "boolean",
    "bool": "boolean",
    "array": "array",
    "list": "array",
    "dict": "object",
    "object": "object",
    "tuple": "array",
    "any": "string",
    "byte": "integer",
    "short": "integer",
    "long": "integer",
    "double": "number",
    "char": "string",
    "ArrayList": "array",
    "Array": "array",
    "HashMap": "object",
    "Hashtable": "object",
    "Queue": "array",
    "Stack": "array",
    "Any": "string",
    "String": "string",
    "Bigint": "integer",
}

_HINT = {
    Language.PYTHON: " Note that the provided function is in Python 3 syntax.",
    Language.JAVA: " Note that the provided function is in Java 8 SDK syntax.",
    Language.JAVASCRIPT: " Note that the provided function is in JavaScript syntax.",
}


def hint_language(language: Language, hint_mode: str) -> Language:
    """The language whose hint and typing the docs get under `hint_mode`."""
    if hint_mode == "nemo_skills":
        return Language.PYTHON
    if hint_mode == "bfcl_eval":
        return language
    raise ValueError(f"unknown hint mode {hint_mode!r}; expected one of {HINT_MODES}")


def add_language_hint(functions: list[dict[str, Any]], language: Language) -> list[dict[str, Any]]:
    """A deep copy of the docs with the language-specific hint and (Java/JS) string typing."""
    functions = copy.deepcopy(functions)
    lang_word = {Language.JAVA: "Java", Language.JAVASCRIPT: "JavaScript"}.get(language)
    for item in functions:
        item["description"] = item["description"] + _HINT[language]
        if language is Language.PYTHON:
            continue
        properties = item["parameters"]["properties"]
        for value in properties.values():
            ptype = value["type"]
            if ptype == "any":
                value["description"] += (
                    f" This parameter can be of any type of {lang_word} object in string representation."
                )
            else:
                value["description"] += f" This is {lang_word} {ptype} type parameter in string representation."
            list_types = ("ArrayList", "Array") if language is Language.JAVA else ("array",)
            if ptype in list_types:
                value["description"] += (
                    f" The list elements are of type {value['items']['type']}; they are not in string representation."
                )
                del value["items"]
            if language is Language.JAVASCRIPT and ptype == "dict" and "properties" in value:
                value["description"] += (
                    " The dictionary entries have the following schema; they are not in string representation. "
                    + json.dumps(value["properties"])
                )
                del value["properties"]
            value["type"] = "string"
    return functions


def _cast_properties(properties: dict[str, Any]) -> dict[str, Any]:
    """Gorilla -> OpenAPI types, in place, to the depth the reference supports."""
    for value in properties.values():
        if "type" not in value:
            value["type"] = "string"
        else:
            gtype = value["type"]
            if gtype == "float":
                value["format"] = "float"
                value["description"] += " This is a float type value."
            value["type"] = GORILLA_TO_OPENAPI.get(gtype, "string")
        if value["type"] in ("array", "object"):
            if "properties" in value:
                value["properties"] = _cast_properties(value["properties"])
            elif "items" in value:
                items = value["items"]
                items["type"] = GORILLA_TO_OPENAPI[items["type"]]
                if items["type"] == "array" and "items" in items:
                    items["items"]["type"] = GORILLA_TO_OPENAPI[items["items"]["type"]]
                elif items["type"] == "object" and "properties" in items:
                    items["properties"] = _cast_properties(items["properties"])
    return properties


def sanitize_name(name: str) -> str:
    """OpenAI names must match ^[a-zA-Z0-9_-]{1,64}$: the reference replaces '.' by '_'."""
    return re.sub(r"\.", "_", name)


def convert_to_tools(functions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """OpenAI chat-completions `tools` from (already hinted) Gorilla docs."""
    functions = copy.deepcopy(functions)
    tools = []
    for item in functions:
        item["name"] = sanitize_name(item["name"])
        item["parameters"]["type"] = "object"
        item["parameters"]["properties"] = _cast_properties(item["parameters"]["properties"])
        tools.append({"type": "function", "function": item})
    return tools


def name_map(functions: list[dict[str, Any]]) -> dict[str, str]:
    """Sanitised tool name -> original doc name (to show decoded calls under their real names)."""
    return {sanitize_name(f["name"]): f["name"] for f in functions}
