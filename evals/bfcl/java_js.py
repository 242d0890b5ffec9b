"""Java and JavaScript value conversion for the AST checker.

The model gives every Java/JS argument as a string (a source literal); the checker converts it to a
Python value by the documented Java/JS type and then compares it like a Python value. A literal
that does not match its type's pattern stays a string (and then fails the type check). Behaviour
follows bfcl_eval/eval_checker/ast_eval/type_convertor/{java,js}_type_converter.py (2026.3.23).
"""

from __future__ import annotations

import re
from typing import Any

JAVA_TYPES: dict[str, type] = {
    "byte": int,
    "short": int,
    "integer": int,
    "float": float,
    "double": float,
    "long": int,
    "boolean": bool,
    "char": str,
    "Array": list,
    "ArrayList": list,
    "Set": set,
    "HashMap": dict,
    "Hashtable": dict,
    "Queue": list,
    "Stack": list,
    "String": str,
    "any": str,
}

JS_TYPES: dict[str, type] = {
    "String": str,
    "integer": int,
    "float": float,
    "Bigint": int,
    "Boolean": bool,
    "dict": dict,
    "array": list,
    "any": str,
}

_INT = re.compile(r"^-?\d+$")
_JAVA_FLOAT = re.compile(r"^-?\d+(\.\d+)?([eE][+-]?\d+)?[fF]$")
_JAVA_DOUBLE = re.compile(r"^-?\d+(\.\d+)?([eE][+-]?\d+)?$")
_JAVA_LONG = re.compile(r"^-?\d+[lL]$")


# ------------------------------------------------------------------------------------------ Java


def java_convert(value: str, java_type: str, nested_type: str | None = None) -> Any:
    """A Java source literal of `java_type` -> Python value (or the string itself when it does not parse)."""
    if java_type not in JAVA_TYPES:
        raise ValueError(f"Unsupported type: {java_type}")
    if java_type in ("byte", "short", "integer"):
        return int(value) if _INT.match(value) else str(value)
    if java_type == "float":
        return float(re.sub(r"[fF]$", "", value)) if _JAVA_FLOAT.match(value) else str(value)
    if java_type == "double":
        return float(value) if _JAVA_DOUBLE.match(value) else str(value)
    if java_type == "long":
        return int(re.sub(r"[lL]$", "", value)) if _JAVA_LONG.match(value) else str(value)
    if java_type == "boolean":
        return value == "true" if value in ("true", "false") else str(value)
    if java_type == "char":
        # the reference pattern ^\'.$\' can never match, so a char stays as given
        return str(value)
    if java_type == "ArrayList":
        return _java_arraylist(value, nested_type)
    if java_type == "Array":
        return _java_array(value, nested_type)
    if java_type == "HashMap":
        return _java_hashmap(value)
    if java_type in ("Set", "Hashtable", "Queue", "Stack"):
        raise NotImplementedError(f"{java_type} conversion is not implemented")
    return str(value)  # String, any


def _java_element(text: str, nested_type: str | None) -> Any:
    if nested_type in ("char", "String"):
        return text[1:-1]
    return java_convert(text, nested_type) if nested_type else java_value(text)


def _java_arraylist(text: str, nested_type: str | None) -> Any:
    m = re.search(r"new\s+ArrayList<\w*>\(Arrays\.asList\((.+?)\)\)", text)
    if m:
        return [_java_element(part.strip(), nested_type) for part in m.group(1).split(",")]
    m = re.search(r"new\s+ArrayList<\w*>\(\)\s*\{\{\s*(.+?)\s*\}\}", text, re.DOTALL)
    if m:
        return [_java_element(part.strip(), nested_type) for part in re.findall(r"add\((.+?)\)", m.group(1))]
    if re.search(r"new\s+ArrayList<\w*>\(\)", text):
        return []
    return text


def _java_array(text: str, nested_type: str | None) -> Any:
    m = re.search(r"new\s+\w+\[\]\s*\{(.*?)\}", text)
    if not m:
        return text
    parts = [p.strip() for p in m.group(1).split(",") if p.strip()]
    if nested_type:
        return [java_convert(p, nested_type) for p in parts]
    return [java_value(p) for p in parts]


def _java_hashmap(text: str) -> Any:
    m = re.search(r"new\s+HashMap<.*?>\s*\(\)\s*\{\s*\{?\s*(.*?)\s*\}?\s*\}", text, re.DOTALL)
    if m:
        out: dict[str, Any] = {}
        body = m.group(1)
        if body.strip():
            for key, val in re.findall(r"put\(\"(.*?)\",\s*(.*?)\)", body):
                out[key] = java_value(val.strip())
        return out
    if re.search(r"new\s+HashMap<.*?>\s*\(\)", text):
        return {}
    return text


def java_value(text: str) -> Any:
    """A Java literal of unknown type -> Python value (booleans, strings, long, float, int, double)."""
    if text == "true":
        return True
    if text == "false":
        return False
    if text.startswith('"') and text.endswith('"'):
        return text[1:-1]
    if _JAVA_LONG.match(text):
        return int(text[:-1])
    if _JAVA_FLOAT.match(text):
        return float(re.sub(r"[fF]$", "", text))
    return _number_or_text(text)


def _number_or_text(text: str) -> Any:
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


# ------------------------------------------------------------------------------------ JavaScript


def js_convert(value: str, js_type: str, nested_type: str | None = None) -> Any:
    """A JavaScript source literal of `js_type` -> Python value (or the string when it does not parse)."""
    if js_type not in JS_TYPES:
        raise ValueError(f"Unsupported type: {js_type}")
    if js_type == "String":
        quoted = (value.startswith('"') and value.endswith('"')) or (value.startswith("'") and value.endswith("'"))
        return value[1:-1] if quoted else str(value)
    if js_type == "integer":
        return int(value) if _INT.match(value) else str(value)
    if js_type == "float":
        return float(value) if re.match(r"^-?\d+(\.\d+)?$", value) else str(value)
    if js_type == "Bigint":
        return int(value[:-1]) if re.match(r"^-?\d+n$", value) else str(value)
    if js_type == "Boolean":
        return value == "true" if value in ("true", "false") else str(value)
    if js_type == "dict":
        return _js_dict(value)
    if js_type == "array":
        return _js_array(value, nested_type)
    return str(value)  # any


_JS_2D = re.compile(r"\[\s*\[.*?\]\s*(,\s*\[.*?\]\s*)*\]|\bnew\s+Array\(\s*\[.*?\]\s*(,\s*\[.*?\]\s*)*\)")
_JS_1D = re.compile(r"\[(.*?)\]|\bnew\s+Array\((.*?)\)")


def _js_array(code: str, nested_type: str | None) -> Any:
    code = code.strip()
    try:
        m2 = _JS_2D.match(code)
        if m2:
            rows = []
            for idx, inner in enumerate(re.findall(r"\[(.*?)\]", m2.group(0))):
                inner = inner.strip()
                if idx == 0 and inner.startswith("["):
                    inner = inner[1:]
                rows.append([js_value(e.strip()) for e in inner.split(",")])
            return rows
        m1 = _JS_1D.match(code)
        if not m1:
            return code
        body = m1.group(1) if m1.group(1) is not None else m1.group(2)
        body = (body or "").strip()
        elements = body.split(",") if body else []
        if nested_type:
            out = []
            for e in elements:
                e = e.strip()
                if e.startswith("'") or e.startswith('"'):
                    out.append(js_convert(e, nested_type, "String"))
                else:
                    out.append(js_convert(e, nested_type))
            return out
        return [js_value(e.strip()) for e in elements]
    except Exception:  # the reference returns the code unchanged on any parsing error
        return code


def _js_dict(code: str) -> Any:
    code = code.strip()
    if code == "{}":
        return {}
    m = re.match(r"\{(.*?)\}", code)
    if not m:
        return code
    try:
        out: dict[str, Any] = {}
        for key, val in re.findall(r"([^:]+):\s*(.*?)(?:,\s*(?=[^,]+:)|$)", m.group(1)):
            key = key.strip().strip("'\"")
            val = val.strip()
            if val.startswith("[") and val.endswith("]"):
                out[key] = _js_array(val, None)
            elif val.startswith("{") and val.endswith("}"):
                out[key] = _js_dict(val)
            else:
                out[key] = js_value(val.strip("'\""))
        return out
    except Exception:
        return code


def js_value(text: str) -> Any:
    """A JavaScript literal of unknown type -> Python value."""
    text = text.strip()
    if text == "true":
        return True
    if text == "false":
        return False
    if (text.startswith('"') and text.endswith('"')) or (text.startswith("'") and text.endswith("'")):
        return text[1:-1]
    return _number_or_text(text)
