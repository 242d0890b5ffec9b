"""Model output -> the checker's call list [{name: {param: value}}], as the reference decodes it.

FC mode (NeMo-Skills ServerMessageParser + bfcl-eval OpenAI handler `decode_ast`):
- the response's tool calls become [{function.name: function.arguments}], arguments json.loads'ed;
  one call whose arguments are not valid JSON (or not a string) fails the whole decode;
- a response without tool calls is its text, and decoding text raises: "no call".
Names stay as the model sent them (sanitised: '.' -> '_'); the checker compares them with the
sanitised expected names, as bfcl-eval does for the o4-mini-2025-04-16-FC config NeMo-Skills uses.

Prompting mode: the text is decoded by evals.bfcl.prompting.decode_python_calls.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from evals.bfcl.categories import Language
from evals.bfcl.prompting import DecodeError, decode_python_calls, wrap_brackets

MODES = ("fc", "prompting")


@dataclass(frozen=True)
class Decoded:
    """The decode outcome: `calls` when decoding succeeded, else `error`."""

    calls: list[Any] | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def fc_result(tool_calls: list[dict[str, Any]] | None, content: str | None) -> Any:
    """What NeMo-Skills stores as the BFCL `result`: the call list, or the text when there are no calls."""
    if tool_calls:
        out = []
        for call in tool_calls:
            fn = call.get("function") if isinstance(call, dict) else None
            if not isinstance(fn, dict) or "name" not in fn:
                raise DecodeError(f"tool call without function.name: {call!r}")
            out.append({fn["name"]: fn.get("arguments")})
        return out
    return content if content else [content]


def decode_fc(tool_calls: list[dict[str, Any]] | None, content: str | None) -> Decoded:
    """Decode native tool calls (bfcl-eval FC `decode_ast`)."""
    try:
        result = fc_result(tool_calls, content)
    except DecodeError as exc:
        return Decoded(None, str(exc))
    if not isinstance(result, list) or not all(isinstance(r, dict) for r in result):
        return Decoded(None, "no tool calls in the response (text answer)")
    calls = []
    for entry in result:
        name = next(iter(entry))
        args = entry[name]
        if not isinstance(args, (str, bytes, bytearray)):
            return Decoded(None, f"arguments of {name!r} are not a JSON string: {args!r}")
        try:
            params = json.loads(args)
        except json.JSONDecodeError as exc:
            return Decoded(None, f"arguments of {name!r} are not valid JSON: {exc.msg}")
        calls.append({name: params})
    return Decoded(calls)


def decode_prompting(content: str | None, language: Language) -> Decoded:
    """Decode a prompting-mode answer in the category's return format (Python, Java or JavaScript).

    As in the reference, the answer is first stripped and wrapped in [ ]; Java/JS then parse the
    text between the brackets with tree-sitter (evals.bfcl.java_js_parse).
    """
    try:
        if language is Language.PYTHON:
            return Decoded(decode_python_calls(content or ""))
        from evals.bfcl.java_js_parse import parse_java_calls, parse_js_calls

        text = wrap_brackets(content or "")[1:-1]
        parse = parse_java_calls if language is Language.JAVA else parse_js_calls
        return Decoded(parse(text))
    except NotImplementedError:
        raise  # the Java/JS parsers are not installed: an error of the run, not a wrong answer
    except DecodeError as exc:
        return Decoded(None, str(exc))
    except RecursionError:
        return Decoded(None, "output nested too deeply to decode")
    except Exception as exc:  # noqa: BLE001 - the reference counts any decoding exception as "no call"
        return Decoded(None, f"{type(exc).__name__}: {exc}")


def is_call_list(decoded: Any) -> bool:
    """bfcl-eval is_function_calling_format_output: a list of one-key dicts whose values are dicts ([] passes)."""
    if type(decoded) is not list:
        return False
    for item in decoded:
        if type(item) is not dict or len(item) != 1 or type(next(iter(item.values()))) is not dict:
            return False
    return True


def is_empty_output(decoded: Any) -> bool:
    """bfcl-eval is_empty_output: [], [{}] and anything not in call format hold no call."""
    if not is_call_list(decoded):
        return True
    if len(decoded) == 0:
        return True
    return len(decoded) == 1 and len(decoded[0]) == 0
