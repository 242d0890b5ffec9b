"""Build a model answer from BFCL ground truth: OpenAI tool calls (FC) or a Python call list
(prompting), with Java/JavaScript values written as source literals of their documented types.

Used by the tests to feed ground truth back through the same decoding path as real responses.
"""

from __future__ import annotations

import json
from typing import Any

from evals.bfcl.categories import Language
from evals.bfcl.tools import sanitize_name


def first_answer(options: list[Any], must_give: bool = False) -> tuple[bool, Any]:
    """(present, value): omitted when "" (may be omitted) is acceptable and the parameter is not
    required, else the first option that is not ""."""
    if "" in options and not must_give:
        return False, None
    for option in options:
        if option != "":
            return True, option
    return False, None


def _materialise(value: Any, doc: dict[str, Any]) -> Any:
    """A ground-truth value whose nested dicts still hold lists of options -> a concrete value."""
    gtype = doc.get("type")
    if gtype in ("dict", "HashMap") and isinstance(value, dict):
        out = {}
        for key, options in value.items():
            present, chosen = first_answer(options) if isinstance(options, list) else (True, options)
            if present:
                out[key] = chosen
        return out
    if isinstance(value, list) and doc.get("items", {}).get("type") in ("dict", "HashMap"):
        return [_materialise(v, {"type": "dict"}) if isinstance(v, dict) else v for v in value]
    return value


def _java_literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    return str(value)


def java_source(value: Any, doc: dict[str, Any]) -> str:
    jtype = doc["type"]
    if isinstance(value, str) and jtype not in ("char", "String", "any"):
        return value  # a variable name
    if jtype in ("byte", "short", "integer"):
        return str(value)
    if jtype == "long":
        return f"{value}L"
    if jtype == "float":
        return f"{value}f"
    if jtype == "double":
        return repr(float(value))
    if jtype == "boolean":
        return "true" if value else "false"
    if jtype in ("char", "String", "any"):
        return value if isinstance(value, str) else _java_literal(value)
    if jtype == "Array":
        inner = doc["items"]["type"]
        return "new " + inner + "[]{" + ", ".join(java_source(v, {"type": inner}) for v in value) + "}"
    if jtype == "ArrayList":
        inner = doc["items"]["type"]
        parts = [json.dumps(v) if inner == "String" else java_source(v, {"type": inner}) for v in value]
        return "new ArrayList<>(Arrays.asList(" + ", ".join(parts) + "))"
    if jtype == "HashMap":
        puts = " ".join(f'put("{k}", {_java_literal(v)});' for k, v in value.items())
        return "new HashMap<String, Object>() {{ " + puts + " }}"
    raise ValueError(f"no Java encoding for type {jtype}")


def _js_literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_js_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_js_literal(v)}" for k, v in value.items()) + "}"
    return str(value)


def js_source(value: Any, doc: dict[str, Any]) -> str:
    jtype = doc["type"]
    if isinstance(value, str) and jtype not in ("String", "any"):
        return value
    if jtype in ("String", "any"):
        return value if isinstance(value, str) else _js_literal(value)
    if jtype in ("integer", "float"):
        return str(value)
    if jtype == "Bigint":
        return f"{value}n"
    if jtype == "Boolean":
        return "true" if value else "false"
    if jtype == "array":
        return "[" + ", ".join(_js_literal(v) for v in value) + "]"
    if jtype == "dict":
        return _js_literal(value)
    raise ValueError(f"no JavaScript encoding for type {jtype}")


def gt_calls(functions: list[dict[str, Any]], ground_truth: list[dict[str, Any]], language: Language) -> list[tuple[str, dict[str, Any]]]:
    """[(doc name, {param: value})] for the ground truth, values concrete and Java/JS as source strings."""
    docs = {f["name"]: f for f in functions}
    calls = []
    for call in ground_truth:
        (name, params), = call.items()
        if name not in docs:  # ground truth naming a function the docs lack: send the bare call
            calls.append((name, {}))
            continue
        props = docs[name]["parameters"]["properties"]
        required = docs[name]["parameters"].get("required", [])
        args = {}
        for param, options in params.items():
            if param not in props:
                continue  # a ground-truth parameter the docs lack: nothing valid can be sent
            present, value = first_answer(options, must_give=param in required)
            if not present:
                continue
            value = _materialise(value, props[param])
            if language is Language.JAVA:
                value = java_source(value, props[param])
            elif language is Language.JAVASCRIPT:
                value = js_source(value, props[param])
            args[param] = value
        calls.append((name, args))
    return calls


def gt_tool_calls(functions, ground_truth, language) -> list[dict[str, Any]]:
    """OpenAI `tool_calls` (sanitised names, JSON-string arguments)."""
    return [
        {"id": f"call_{i}", "type": "function", "function": {"name": sanitize_name(name), "arguments": json.dumps(args)}}
        for i, (name, args) in enumerate(gt_calls(functions, ground_truth, language))
    ]


def gt_python_text(functions, ground_truth) -> str:
    """A prompting-mode answer: [name(k=repr(v), ...), ...]."""
    calls = gt_calls(functions, ground_truth, Language.PYTHON)
    return "[" + ", ".join(f"{n}(" + ", ".join(f"{k}={v!r}" for k, v in a.items()) + ")" for n, a in calls) + "]"


def _prompt_literal(value: Any, language: Language) -> str:
    """A Java/JS argument in a prompting answer: string values quoted (the parser strips the quotes),
    collection literals and numbers as source text."""
    if language is Language.PYTHON:
        return repr(value)
    if isinstance(value, str) and not value.startswith(("new ", "[", "{")) and not _is_number(value) and value not in ("true", "false"):
        return json.dumps(value)
    return value if isinstance(value, str) else json.dumps(value)


def _is_number(text: str) -> bool:
    try:
        float(text.rstrip("fFlLn"))
        return True
    except ValueError:
        return False


def gt_prompt_text(functions, ground_truth, language: Language) -> str:
    """A prompting-mode answer in the category's language: [name(k=v, ...), ...]."""
    calls = gt_calls(functions, ground_truth, language)
    return "[" + ", ".join(
        f"{n}(" + ", ".join(f"{k}={_prompt_literal(v, language)}" for k, v in a.items()) + ")" for n, a in calls
    ) + "]"
