"""The BFCL AST checker (bfcl_eval/eval_checker/ast_eval/ast_checker.py, bfcl-eval 2026.3.23).

Ground truth: a list of {func_name: {param: [acceptable values...]}}; "" among a parameter's
acceptable values means it may be omitted. Checks return a CheckResult(valid, error, error_type)
with the reference's error types, so verdicts can be compared with bfcl-eval's score files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from evals.bfcl.categories import Language
from evals.bfcl.java_js import JAVA_TYPES, JS_TYPES, java_convert, js_convert

PYTHON_TYPES: dict[str, type] = {
    "string": str,
    "integer": int,
    "float": float,
    "boolean": bool,
    "array": list,
    "tuple": list,
    "dict": dict,
    "any": str,
}
PYTHON_NESTED = ("array", "tuple")
JAVA_JS_NESTED = ("Array", "ArrayList", "array")


@dataclass
class CheckResult:
    valid: bool
    error: list[Any] = field(default_factory=list)
    error_type: str = ""
    is_variable: bool = False


def _fail(error_type: str, message: Any) -> CheckResult:
    return CheckResult(False, [message], error_type)


# ------------------------------------------------------------------------------------- dispatch


def ast_check(
    functions: list[dict[str, Any]],
    calls: list[dict[str, Any]],
    ground_truth: list[dict[str, Any]],
    language: Language,
    category: str,
    underscore_to_dot: bool,
) -> CheckResult:
    """Dispatch by category name as the reference does: "parallel" first, then "multiple", else simple."""
    if "parallel" in category:
        return parallel_no_order(functions, calls, ground_truth, language, underscore_to_dot)
    if "multiple" in category:
        return multiple_check(functions, calls, ground_truth, language, underscore_to_dot)
    if len(calls) != 1:
        return _fail("simple_function_checker:wrong_count", "Wrong number of functions.")
    return simple_check(functions[0], calls[0], ground_truth[0], language, underscore_to_dot)


def find_doc(functions: list[dict[str, Any]] | dict[str, Any], name: str) -> dict[str, Any] | None:
    if isinstance(functions, list):
        for doc in functions:
            if doc["name"] == name:
                return doc
        return None
    return functions


def multiple_check(functions, calls, ground_truth, language, underscore_to_dot) -> CheckResult:
    if len(calls) != len(ground_truth):
        return _fail("multiple_function_checker:wrong_count", "Wrong number of functions.")
    expected = next(iter(ground_truth[0]))
    return simple_check(find_doc(functions, expected), calls[0], ground_truth[0], language, underscore_to_dot)


def parallel_no_order(functions, calls, ground_truth, language, underscore_to_dot) -> CheckResult:
    """Greedy matching: each expected call takes the first unmatched model call that passes."""
    if len(calls) != len(ground_truth):
        return _fail("parallel_function_checker_no_order:wrong_count", "Wrong number of functions.")
    matched: list[int] = []
    for i, expected_call in enumerate(ground_truth):
        doc = find_doc(functions, next(iter(expected_call)))
        errors: list[Any] = []
        found = False
        for index, call in enumerate(calls):
            if index in matched:
                continue
            result = simple_check(doc, call, expected_call, language, underscore_to_dot)
            if result.valid:
                matched.append(index)
                found = True
                break
            errors.append({f"Model Result Index {index}": {"sub_error": result.error, "sub_error_type": result.error_type}})
        if not found:
            remaining = [j for j in range(len(calls)) if j not in matched]
            errors.insert(
                0,
                f"Could not find a matching function among index {remaining} of model output for index {i} of possible answers.",
            )
            return CheckResult(False, errors, "parallel_function_checker_no_order:cannot_find_match")
    return CheckResult(True)


# -------------------------------------------------------------------------------- one function


def expected_name(name: str, underscore_to_dot: bool) -> str:
    """bfcl-eval convert_func_name: for FC models that cannot use '.', the expected name uses '_'."""
    if "." in name and underscore_to_dot:
        return re.sub(r"\.", "_", name)
    return name


def simple_check(
    doc: dict[str, Any],
    call: dict[str, Any],
    expected_call: dict[str, Any],
    language: Language,
    underscore_to_dot: bool,
) -> CheckResult:
    answers = next(iter(expected_call.values()))
    details = doc["parameters"]["properties"]
    required = doc["parameters"]["required"]
    name = expected_name(doc["name"], underscore_to_dot)

    if name not in call:
        return _fail("simple_function_checker:wrong_func_name", f"Function name {name!r} not found in model output.")
    params = call[name]

    for param in required:
        if param not in params:
            return _fail("simple_function_checker:missing_required", f"Missing required parameter: {param!r}.")

    for param, value in params.items():
        if param not in details or param not in answers:
            return _fail("simple_function_checker:unexpected_param", f"Unexpected parameter: {param!r}.")
        doc_type = details[param]["type"]
        nested_py: type | None = None

        if language is Language.JAVA or language is Language.JAVASCRIPT:
            table, convert, tag = (
                (JAVA_TYPES, java_convert, "java") if language is Language.JAVA else (JS_TYPES, js_convert, "js")
            )
            py_type = table[doc_type]  # KeyError for a type outside the table, as in the reference
            if type(value) is not str:
                return _fail(
                    f"type_error:{tag}",
                    f"Incorrect type for parameter {param!r}. Expected type String, got {type(value).__name__}. "
                    f"Parameter value: {value!r}.",
                )
            if doc_type in JAVA_JS_NESTED:
                nested = details[param]["items"]["type"]
                nested_py = table[nested]
                value = convert(value, doc_type, nested)
            else:
                value = convert(value, doc_type)
        else:
            py_type = PYTHON_TYPES[doc_type]
            if doc_type in PYTHON_NESTED:
                nested_py = PYTHON_TYPES[details[param]["items"]["type"]]

        if doc_type == "tuple" and type(value) is tuple:
            value = list(value)
        if language is Language.PYTHON and doc_type == "float" and type(value) is int:
            value = float(value)  # the only leniency: int accepted for float

        typed = type_check(param, value, answers[param], doc_type, py_type, nested_py)
        if not typed.valid:
            return typed

        if not typed.is_variable:
            if py_type is dict:
                result = dict_check(param, value, answers[param])
            elif py_type is list and nested_py is dict:
                result = list_dict_check(param, value, answers[param])
            elif py_type is str:
                result = string_check(param, value, answers[param])
            elif py_type is list:
                result = list_check(param, value, answers[param])
            else:
                result = None
            if result is not None:
                if not result.valid:
                    return result
                continue

        if value not in answers[param]:
            return _fail(
                "value_error:others",
                f"Invalid value for parameter {param!r}: {value!r}. Expected one of {answers[param]}.",
            )

    for param in answers:
        if param not in params and "" not in answers[param]:
            return _fail(
                "simple_function_checker:missing_optional",
                f"Optional parameter {param!r} not provided and not marked as optional.",
            )
    return CheckResult(True)


def _answer_type(acceptable: list[Any]) -> type | None:
    for answer in acceptable:
        if answer != "":
            return type(answer)
    return None


def type_check(
    param: str,
    value: Any,
    acceptable: list[Any],
    type_desc: str,
    py_type: type,
    nested_py: type | None,
) -> CheckResult:
    """Type check with the 'variable' leniency: a value of the ground truth's own type is accepted
    when that type differs from the documented one (the ground truth names a variable)."""
    answer_type = _answer_type(acceptable)
    is_variable = answer_type is not None and answer_type != py_type
    failure: CheckResult | None = None

    if type(value) == py_type:
        if nested_py is None:
            return CheckResult(True, is_variable=is_variable)
        for answer in acceptable:
            ok = True
            if type(answer) == list:
                for element in value:
                    if not type_check(param, element, answer, str(nested_py), nested_py, None).valid:
                        ok = False
                        break
            if ok:
                return CheckResult(True, is_variable=is_variable)
        failure = _fail(
            "type_error:nested",
            f"Nested type checking failed for parameter {param!r}. Expected outer type {type_desc} with inner "
            f"type {nested_py}. Parameter value: {value!r}.",
        )

    if answer_type is not None and type(value) == answer_type:
        return CheckResult(True, is_variable=True)

    errors = list(failure.error) if failure else []
    errors.append(
        f"Incorrect type for parameter {param!r}. Expected type {type_desc}, got {type(value).__name__}. "
        f"Parameter value: {value!r}."
    )
    return CheckResult(False, errors, "type_error:simple")


# ----------------------------------------------------------------------------------- value checks

_STRIP = re.compile(r"[ \,\.\/\-\_\*\^]")


def standardize_string(text: str) -> str:
    """Drop spaces and ,./-_*^ ; lowercase; single quotes -> double quotes."""
    return _STRIP.sub("", text).lower().replace("'", '"')


def string_check(param: str, value: str, acceptable: list[Any]) -> CheckResult:
    options = [standardize_string(a) for a in acceptable if type(a) == str]
    if standardize_string(value) not in options:
        return _fail(
            "value_error:string",
            f"Invalid value for parameter {param!r}: {value!r}. Expected one of {acceptable}. Case insensitive.",
        )
    return CheckResult(True)


def _std_elements(values: list[Any]) -> list[Any]:
    return [standardize_string(v) if type(v) == str else v for v in values]


def list_check(param: str, value: list[Any], acceptable: list[Any]) -> CheckResult:
    """Order-sensitive list equality; only top-level string elements are normalised."""
    model = _std_elements(list(value))
    options = [_std_elements(list(a)) for a in acceptable]
    if model not in options:
        return _fail(
            "value_error:list/tuple", f"Invalid value for parameter {param!r}: {value!r}. Expected one of {acceptable}."
        )
    return CheckResult(True)


def dict_check(param: str, value: dict[str, Any], acceptable: list[Any]) -> CheckResult:
    """Flat dict check against each acceptable dict ("" entries skipped)."""
    result = CheckResult(False, [], "dict_checker:unclear")
    for answer in acceptable:
        if answer == "":
            continue
        result = CheckResult(False, [], "dict_checker:unclear")
        ok = True
        for key, val in value.items():
            if key not in answer:
                result = _fail("value_error:dict_key", f"Unexpected dict key parameter: '{key}'.")
                ok = False
                break
            std_val = standardize_string(val) if type(val) == str else val
            std_options = _std_elements(answer[key])
            if std_val not in std_options:
                result = _fail(
                    "value_error:dict_value",
                    f"Invalid value for parameter {key!r}: {val!r}. Expected one of {std_options}.",
                )
                ok = False
                break
        for key, options in answer.items():
            if key not in value and "" not in options:
                result = _fail("value_error:dict_key", f"Missing dict key parameter: '{key}'.")
                ok = False
                break
        if ok:
            return CheckResult(True)
    return result


def list_dict_check(param: str, value: list[Any], acceptable: list[Any]) -> CheckResult:
    """A list of dicts: same length, dict i checked against dict i."""
    result = CheckResult(False, [], "list_dict_checker:unclear")
    for answer in acceptable:
        if len(value) != len(answer):
            result = _fail("value_error:list_dict_count", "Wrong number of dictionaries in the list.")
            continue
        ok = True
        for i in range(len(value)):
            result = dict_check(param, value[i], [answer[i]])
            if not result.valid:
                ok = False
                break
        if ok:
            return CheckResult(True)
    return result
