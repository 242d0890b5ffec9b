"""Single-turn scoring: one generation -> Verdict, by category kind.

- AST categories: decode, check the call-list format, run the AST checker on the original docs.
- irrelevance / live_irrelevance: correct when no non-empty call decodes (a decode failure or a
  text answer is correct).
- live_relevance: correct when any non-empty call decodes; names and arguments are not checked.
"""

from __future__ import annotations

from typing import Any

from evals.bfcl.ast_checker import ast_check
from evals.bfcl.categories import Kind, Language
from evals.bfcl.data import BfclItem
from evals.bfcl.decode import Decoded, decode_fc, decode_prompting, is_call_list, is_empty_output
from evals.bfcl.options import BfclOptions
from evals.bfcl.tools import name_map
from fixtures.verdicts import Verdict


def decode_generation(item: BfclItem, generation: Any, mode: str, language: Language) -> Decoded:
    """Decode a Generation (or any object/dict with tool_calls and content) in the given mode."""
    tool_calls = _field(generation, "tool_calls")
    content = _field(generation, "content")
    if mode == "fc":
        return decode_fc(tool_calls, content)
    return decode_prompting(content, language)


def _field(generation: Any, name: str) -> Any:
    if isinstance(generation, dict):
        return generation.get(name)
    return getattr(generation, name, None)


def _display(calls: Any, names: dict[str, str]) -> Any:
    """Decoded calls with sanitised names mapped back to the docs' names (for reports only)."""
    if not is_call_list(calls):
        return calls
    return [{names.get(n, n): args for n, args in call.items()} for call in calls]


def score_single_turn(item: BfclItem, generation: Any, options: BfclOptions | None = None) -> Verdict:
    """Score one single-turn case as bfcl-eval does (FC decoding as for o4-mini-2025-04-16-FC)."""
    options = options or BfclOptions(file_set=item.file_set)
    cat = item.cat
    subsets = {"category": cat.name, "group": cat.group}
    if cat.kind is Kind.MULTI_TURN:
        raise ValueError(f"{item.id}: multi-turn items are scored by evals/bfcl/multi_turn")

    # relevance checks always decode with the Python return format
    language = cat.language if cat.kind is Kind.AST else Language.PYTHON
    decoded = decode_generation(item, generation, options.mode, language)
    names = name_map(item.functions) if options.mode == "fc" else {}
    shown = _display(decoded.calls, names) if decoded.ok else None
    details: dict[str, Any] = {"decoded": decoded.calls, "decode_error": decoded.error}

    if cat.kind in (Kind.IRRELEVANCE, Kind.RELEVANCE):
        has_call = decoded.ok and not is_empty_output(decoded.calls)
        if cat.kind is Kind.IRRELEVANCE:
            correct = not has_call
            reason = "no function call, as expected" if correct else f"called {shown} where no function applies"
            error_type = "" if correct else "irrelevance_error:decoder_success"
        else:
            correct = has_call
            reason = f"called {shown}" if correct else f"no function call decoded ({decoded.error or 'empty'})"
            error_type = "" if correct else "relevance_error:decoder_failed"
        details["error_type"] = error_type
        return Verdict(
            correct=correct,
            extracted=shown,
            expected="no call" if cat.kind is Kind.IRRELEVANCE else "any call",
            reason=reason,
            subsets=subsets,
            details=details,
        )

    expected = item.ground_truth
    if not decoded.ok:
        details["error_type"] = "ast_decoder:decoder_failed"
        return Verdict(False, None, expected, f"Invalid syntax. Failed to decode AST. {decoded.error}", subsets=subsets, details=details)
    if not is_call_list(decoded.calls):
        details["error_type"] = "ast_decoder:decoder_wrong_output_format"
        return Verdict(False, shown, expected, "Did not output in the specified format.", subsets=subsets, details=details)
    try:
        result = ast_check(
            item.functions,
            decoded.calls,
            expected,
            cat.language,
            cat.name,
            underscore_to_dot=options.mode == "fc",
        )
    except Exception as exc:  # the reference would crash the whole run; here the case is wrong
        details["error_type"] = "checker_exception"
        return Verdict(False, shown, expected, f"checker raised {type(exc).__name__}: {exc}", subsets=subsets, details=details)
    details["error_type"] = result.error_type if not result.valid else ""
    details["errors"] = result.error
    reason = "calls match the possible answers" if result.valid else f"{result.error_type}: {result.error}"
    return Verdict(result.valid, shown, expected, reason, subsets=subsets, details=details)
