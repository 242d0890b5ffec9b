"""Prompting mode: no `tools`; the function docs go into the reference system prompt and the
model answers with a Python-like call list that is decoded the way bfcl-eval does it.

System prompts (character for character):
- "v4": bfcl-eval 2026.3.23 `formulate_system_prompt` with DEFAULT_SYSTEM_PROMPT_FORMAT
  (ret_fmt=python, no tool-call tag, json docs via json.dumps(indent=4), plaintext, classic style).
- "v3": bfcl-eval <= 2025.8.6.2 DEFAULT_SYSTEM_PROMPT, docs filled in by str.format (Python repr).
If the entry already starts with a system message, the prompt is prepended to it with "\n\n".
"""

from __future__ import annotations

import ast
import copy
import json
import operator
from typing import Any

PROMPT_VERSIONS = ("v4", "v3")

_V4_PERSONA = "You are an expert in composing functions."
_V4_TASK = (
    "You are given a question and a set of possible functions. Based on the question, you will need to make "
    "one or more function/tool calls to achieve the purpose. If none of the functions can be used, point it out. "
    "If the given question lacks the parameters required by the function, also point it out."
)
_V4_TOOL_CALL = (
    "You should only return the function calls in your response.\n\nIf you decide to invoke any of the "
    "function(s), you MUST put it in the format of {output_format}. {param_types} You SHOULD NOT include any "
    "other text in the response."
)
_MULTITURN = (
    "At each turn, you should try your best to complete the tasks requested by the user within the current "
    "turn. Continue to output functions to call until you have fulfilled the user's request to the best of your "
    "ability. Once you have no more functions to call, the system will consider the current turn complete and "
    "proceed to the next turn or task."
)
_PYTHON_FORMAT = "[func_name1(params_name1=params_value1, params_name2=params_value2...), func_name2(params)]"

_V3_WITHOUT_DOC = (
    "You are an expert in composing functions. You are given a question and a set of possible functions. "
    "Based on the question, you will need to make one or more function/tool calls to achieve the purpose.\n"
    "If none of the functions can be used, point it out. If the given question lacks the parameters required "
    "by the function, also point it out.\n"
    "You should only return the function calls in your response.\n\n"
    f"If you decide to invoke any of the function(s), you MUST put it in the format of {_PYTHON_FORMAT}\n"
    "You SHOULD NOT include any other text in the response.\n\n"
    f"{_MULTITURN}\n"
)


def system_prompt(functions: list[dict[str, Any]], version: str = "v4") -> str:
    """The reference system prompt for prompting models, with the given (hinted) docs."""
    if version == "v4":
        tool_call = _V4_TOOL_CALL.format(output_format=_PYTHON_FORMAT, param_types="")
        tools = "Here is a list of functions in json format that you can invoke.\n{functions}\n".format(
            functions=json.dumps(functions, indent=4)
        )
        return f"{_V4_PERSONA}{_V4_TASK}\n\n{tool_call}\n\n{_MULTITURN}\n\n{tools}"
    if version == "v3":
        return _V3_WITHOUT_DOC + f"\nHere is a list of functions in JSON format that you can invoke.\n{functions}\n\n"
    raise ValueError(f"unknown prompt version {version!r}; expected one of {PROMPT_VERSIONS}")


def prompting_messages(
    messages: list[dict[str, Any]], functions: list[dict[str, Any]], version: str = "v4"
) -> list[dict[str, Any]]:
    """The first turn's messages with the system prompt inserted (or prepended to an existing one)."""
    messages = copy.deepcopy(messages)
    prompt = system_prompt(functions, version)
    if messages and messages[0].get("role") == "system":
        messages[0]["content"] = prompt + "\n\n" + messages[0]["content"]
    else:
        messages.insert(0, {"role": "system", "content": prompt})
    return messages


# ---------------------------------------------------------------- decoding (ReturnFormat.PYTHON)


class DecodeError(ValueError):
    """The output is not in function-call format (the reference's decode raising)."""


def wrap_brackets(text: str) -> str:
    """default_decode_ast_prompting's first step: strip backticks/newlines/spaces, add missing [ ]."""
    result = text.strip("`\n ")
    if not result.startswith("["):
        result = "[" + result
    if not result.endswith("]"):
        result = result + "]"
    return result


def decode_python_calls(text: str) -> list[dict[str, Any]]:
    """bfcl-eval `default_decode_ast_prompting` + `ast_parse` for Python, quirks included.

    - backticks/newlines/spaces stripped from both ends, then wrapped in [ ] where missing, so a
      fence with a language tag ("```python ...") fails to parse;
    - positional arguments are dropped (only keywords are read);
    - a bare name becomes its identifier string; a nested call without keywords its source text,
      with keywords a {name: {kw: value}} dict; a unary operator negates its constant operand.
    """
    cleaned = wrap_brackets(text).strip().strip("'")
    try:
        parsed = ast.parse(cleaned, mode="eval")
    except (SyntaxError, ValueError) as exc:
        raise DecodeError(f"not a Python call list: {exc}") from exc
    body = parsed.body
    if isinstance(body, ast.Call):
        return [_resolve_call(body)]
    elts = getattr(body, "elts", None)
    if elts is None:
        raise DecodeError(f"expected a list of calls, got {type(body).__name__}")
    calls = []
    for elem in elts:
        if not isinstance(elem, ast.Call):
            raise DecodeError(f"list element is a {type(elem).__name__}, not a call")
        calls.append(_resolve_call(elem))
    return calls


def _resolve_call(node: ast.Call) -> dict[str, Any]:
    parts = []
    func = node.func
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if isinstance(func, ast.Name):
        parts.append(func.id)
    name = ".".join(reversed(parts))
    args = {}
    for kw in node.keywords:
        args[kw.arg] = _resolve_value(kw.value)
    return {name: args}


def _resolve_value(node: ast.AST) -> Any:
    if isinstance(node, ast.Constant):
        return "..." if node.value is Ellipsis else node.value
    if isinstance(node, ast.UnaryOp):
        # reference: -value.operand.value whatever the operator (so +5 and ~5 become -5)
        if not isinstance(node.operand, ast.Constant):
            raise DecodeError("unary operator on a non-constant")
        try:
            return -node.operand.value
        except TypeError as exc:
            raise DecodeError(f"cannot negate {node.operand.value!r}") from exc
    if isinstance(node, ast.List):
        return [_resolve_value(v) for v in node.elts]
    if isinstance(node, ast.Dict):
        if any(k is None for k in node.keys):
            raise DecodeError("dict unpacking is not supported")
        return {_resolve_value(k): _resolve_value(v) for k, v in zip(node.keys, node.values)}
    if isinstance(node, ast.BinOp):
        return _safe_binop(node)
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Call):
        if not node.keywords:
            return ast.unparse(node)
        return _resolve_call(node)
    if isinstance(node, ast.Tuple):
        return tuple(_resolve_value(v) for v in node.elts)
    if isinstance(node, ast.Lambda):
        # reference: value.body[0] on an expression raises, so a lambda never decodes
        raise DecodeError("lambda arguments are not supported")
    if isinstance(node, ast.Subscript):
        return ast.unparse(node.value) + "[" + ast.unparse(node.slice) + "]"
    raise DecodeError(f"Unsupported AST type: {type(node)}")


_BINOPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}


def _safe_literal(node: ast.AST) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, complex, str, bytes)):
        return node.value
    if isinstance(node, ast.BinOp):
        return _safe_binop(node)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _safe_literal(node.operand)
        return -value if isinstance(node.op, ast.USub) else +value
    if isinstance(node, (ast.List, ast.Tuple)):
        values = [_safe_literal(v) for v in node.elts]
        return values if isinstance(node, ast.List) else tuple(values)
    raise DecodeError(f"binary operation on a non-literal ({type(node).__name__}) is not evaluated")


def _safe_binop(node: ast.BinOp) -> Any:
    """The reference eval()s the source of a BinOp; here only arithmetic on literals is evaluated."""
    op = _BINOPS.get(type(node.op))
    if op is None:
        raise DecodeError(f"unsupported binary operator {type(node.op).__name__}")
    left, right = _safe_literal(node.left), _safe_literal(node.right)
    if op is operator.pow and isinstance(right, (int, float)) and abs(right) > 1000:
        raise DecodeError("exponent too large to evaluate")
    if op is operator.mul and (isinstance(left, (str, bytes, list, tuple)) or isinstance(right, (str, bytes, list, tuple))):
        count = right if isinstance(right, int) else left
        if isinstance(count, int) and count > 100_000:
            raise DecodeError("sequence repetition too large")
    try:
        return op(left, right)
    except Exception as exc:  # ZeroDivisionError, TypeError, OverflowError: eval would raise too
        raise DecodeError(f"cannot evaluate binary operation: {exc}") from exc
