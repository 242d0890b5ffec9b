"""Answers the reference accepts and rejects, on real BFCL v4 rows (FC mode unless stated).

Every verdict here was also produced by the real bfcl-eval 2026.3.23 checker on the same decoded
calls (the reference's error type is the one asserted).
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from evals.bfcl.data import BfclItem, load_category
from evals.bfcl.options import BfclOptions
from evals.bfcl.score import score_single_turn
from tests.bfcl.conftest import bfcl_dir
from tests.bfcl.helpers import completion


@lru_cache(maxsize=None)
def _category(name: str) -> dict[str, BfclItem]:
    return {it.id: it for it in load_category(bfcl_dir("v4"), name, "v4")}


def item(item_id: str) -> BfclItem:
    return _category(item_id.rsplit("_", 1)[0])[item_id]


FC = BfclOptions()

CASES = [
    # id, tool calls, correct, reference error type
    ("simple_python_0", [("calculate_triangle_area", {"base": 10, "height": 5})], True, ""),  # optional omitted
    ("simple_python_0", [("calculate_triangle_area", {"base": 10, "height": 5, "unit": "Units"})], True, ""),
    ("simple_python_0", [("calculate_triangle_area", {"base": 10})], False, "simple_function_checker:missing_required"),
    ("simple_python_0", [("calculate_triangle_area", {"base": 10, "height": 5, "color": "red"})], False, "simple_function_checker:unexpected_param"),
    ("simple_python_0", [("calculate_triangle_area", {"base": "10", "height": 5})], False, "type_error:simple"),
    ("simple_python_0", [("calculate_triangle_area", {"base": 10.0, "height": 5})], False, "type_error:simple"),  # no float->int leniency
    ("simple_python_0", [("calculate_triangle_area", {"base": 10, "height": 6})], False, "value_error:others"),
    ("simple_python_0", [("calculate_triangle_area", {"base": 10, "height": 5})] * 2, False, "simple_function_checker:wrong_count"),
    ("simple_python_0", [("triangle_area", {"base": 10, "height": 5})], False, "simple_function_checker:wrong_func_name"),
    ("simple_python_1", [("math_factorial", {"number": 5})], True, ""),  # dots sanitised in FC mode
    ("simple_python_1", [("math.factorial", {"number": 5})], False, "simple_function_checker:wrong_func_name"),
    ("simple_python_14", [("calculate_derivative", {"function": "3X**2+2X-1", "x_value": 0})], True, ""),  # int for float, string normalised
    ("simple_python_14", [("calculate_derivative", {"function": "3x**2 + 2x + 1"})], False, "value_error:string"),
    ("simple_python_108", [("run_linear_regression", {"predictors": ["age", "INCOME", "Education."], "target": "purchase amount", "standardize": True})], True, ""),
    ("simple_python_108", [("run_linear_regression", {"predictors": ["Income", "Age", "Education"], "target": "Purchase_Amount", "standardize": True})], False, "value_error:list/tuple"),
    ("simple_python_108", [("run_linear_regression", {"predictors": ["Age", "Income", "Education"], "target": "Purchase_Amount", "standardize": 1})], False, "type_error:simple"),
    ("simple_python_89", [("db_fetch_records", {"database_name": "StudentDB", "table_name": "students", "conditions": {"department": "science", "school": "Bluebird HS"}})], True, ""),
    ("simple_python_89", [("db_fetch_records", {"database_name": "StudentDB", "table_name": "students", "conditions": {"department": "Science"}})], False, "value_error:dict_key"),
    ("simple_python_89", [("db_fetch_records", {"database_name": "StudentDB", "table_name": "students", "conditions": {"department": "Science", "school": "Bluebird HS", "grade": 9}})], False, "value_error:dict_key"),
    ("parallel_0", [("spotify_play", {"artist": "Maroon 5", "duration": 15}), ("spotify_play", {"artist": "Taylor Swift", "duration": 20})], True, ""),  # order-free
    ("parallel_0", [("spotify_play", {"artist": "Taylor Swift", "duration": 20})] * 2, False, "parallel_function_checker_no_order:cannot_find_match"),
    ("parallel_0", [("spotify_play", {"artist": "Taylor Swift", "duration": 20}), ("spotify_play", {"artist": "Maroon 5", "duration": 15}), ("spotify_play", {"artist": "Maroon 5", "duration": 15})], False, "parallel_function_checker_no_order:wrong_count"),
    ("multiple_0", [("triangle_properties_get", {"side1": 5, "side2": 4, "side3": 3, "get_area": True})], True, ""),
    ("multiple_0", [("circle_properties_get", {"radius": 5.0})], False, "simple_function_checker:wrong_func_name"),
    ("simple_javascript_0", [("validateUserInput", {"inputField": "'userInputField'", "isComplete": "true"})], True, ""),
    ("simple_javascript_0", [("validateUserInput", {"inputField": "userInputField", "isComplete": True})], False, "type_error:js"),
    ("simple_java_25", [("SmsHomeRecommendSubjectController_updateSort", {"id": "42L", "sort": "5"})], True, ""),
    ("simple_java_25", [("SmsHomeRecommendSubjectController_updateSort", {"id": "42", "sort": "5"})], False, "type_error:simple"),  # long needs L
    ("simple_java_25", [("SmsHomeRecommendSubjectController_updateSort", {"id": 42, "sort": 5})], False, "type_error:java"),
    ("simple_java_27", [("TwoSum_twoSum", {"nums": "new int[]{2, 7, 11, 15}", "target": "9"})], True, ""),
    ("simple_java_27", [("TwoSum_twoSum", {"nums": "new int[]{7, 2, 11, 15}", "target": "9"})], False, "value_error:list/tuple"),
]


@pytest.mark.parametrize("item_id,calls,correct,error_type", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_ast_verdicts(item_id, calls, correct, error_type) -> None:
    verdict = score_single_turn(item(item_id), completion(calls), FC)
    assert verdict.correct is correct, verdict.reason
    assert verdict.details["error_type"] == error_type
    assert verdict.subsets["category"] == item(item_id).category


def test_invalid_json_arguments_fail_the_decode() -> None:
    verdict = score_single_turn(item("simple_python_0"), completion([("calculate_triangle_area", '{"base": 10, "height": 5')]), FC)
    assert not verdict.correct
    assert verdict.details["error_type"] == "ast_decoder:decoder_failed"
    assert verdict.extracted is None


def test_one_bad_call_fails_the_whole_decode() -> None:
    calls = [("spotify_play", {"artist": "Taylor Swift", "duration": 20}), ("spotify_play", "not json")]
    verdict = score_single_turn(item("parallel_0"), completion(calls), FC)
    assert verdict.details["error_type"] == "ast_decoder:decoder_failed"


def test_text_answer_is_no_call() -> None:
    verdict = score_single_turn(item("simple_python_0"), completion(None, "The area is 25."), FC)
    assert not verdict.correct and verdict.details["error_type"] == "ast_decoder:decoder_failed"


def test_non_object_arguments_are_wrong_format() -> None:
    verdict = score_single_turn(item("simple_python_0"), completion([("calculate_triangle_area", "[10, 5]")]), FC)
    assert not verdict.correct and verdict.details["error_type"] == "ast_decoder:decoder_wrong_output_format"


def test_extracted_shows_original_names() -> None:
    verdict = score_single_turn(item("simple_python_1"), completion([("math_factorial", {"number": 5})]), FC)
    assert verdict.extracted == [{"math.factorial": {"number": 5}}]
    assert verdict.expected == [{"math.factorial": {"number": [5]}}]


# ------------------------------------------------------------------------ irrelevance / relevance


def _first(name: str) -> BfclItem:
    return next(iter(_category(name).values()))


@pytest.mark.parametrize(
    "answer,correct",
    [
        (completion(None, "None of these functions can help."), True),
        (completion(None, ""), True),
        (completion([("anything", "{oops")]), True),  # decode failure = no call
        (completion([("anything", {})]), False),  # a call, even without arguments
        (completion([("anything", {"a": 1})]), False),
    ],
)
@pytest.mark.parametrize("category", ["irrelevance", "live_irrelevance"])
def test_irrelevance(category: str, answer, correct: bool) -> None:
    assert score_single_turn(_first(category), answer, FC).correct is correct


@pytest.mark.parametrize(
    "answer,correct",
    [
        (completion([("not_even_a_listed_function", {"x": 1})]), True),  # names and arguments unchecked
        (completion([("f", {})]), True),
        (completion(None, "I need more information."), False),
        (completion([("f", "nope")]), False),
    ],
)
def test_live_relevance(answer, correct: bool) -> None:
    assert score_single_turn(_first("live_relevance"), answer, FC).correct is correct


# ----------------------------------------------------------------------------------- prompting

PROMPTING = BfclOptions(mode="prompting")


@pytest.mark.parametrize(
    "text,correct,error_type",
    [
        ("[calculate_triangle_area(base=10, height=5)]", True, ""),
        ("calculate_triangle_area(base=10, height=5)", True, ""),  # brackets added
        ("```\n[calculate_triangle_area(base=10, height=5)]\n```", True, ""),
        ("```python\n[calculate_triangle_area(base=10, height=5)]\n```", False, "ast_decoder:decoder_failed"),  # tag left in
        ("[calculate_triangle_area(10, 5)]", False, "simple_function_checker:missing_required"),  # positional dropped
        ("[calculate_triangle_area(base=2*5, height=5)]", True, ""),  # BinOp evaluated
        ("The area is 25.", False, "ast_decoder:decoder_failed"),
    ],
)
def test_prompting_decoding(text: str, correct: bool, error_type: str) -> None:
    verdict = score_single_turn(item("simple_python_0"), completion(None, text), PROMPTING)
    assert verdict.correct is correct, verdict.reason
    assert verdict.details["error_type"] == error_type


def test_prompting_keeps_dotted_names() -> None:
    assert score_single_turn(item("simple_python_1"), completion(None, "[math.factorial(number=5)]"), PROMPTING).correct
    assert not score_single_turn(item("simple_python_1"), completion(None, "[math_factorial(number=5)]"), PROMPTING).correct


@pytest.mark.parametrize(
    "text,language,expected",
    [
        # tree-sitter's error recovery decides: a bare call is an ERROR in Java, a qualified one is not
        ("[f(a=1)]", "java", None),
        ("f(a=1);", "java", [{"f": {"a": "1"}}]),
        ('[Foo.bar(a="x", b=new int[]{1, 2})]', "java", [{"Foo.bar": {"a": "x", "b": "new int[]{1,2}"}}]),
        ('[M.f(m=new HashMap<String, Object>() {{ put("k", 1); }})]', "java", [{"M.f": {"m": "new HashMap<String,Object>()"}}]),
        ("[f(a=1)]", "javascript", [{"f": {"a": "1"}}]),
        ("[f(a='x', b=[1, 2])]", "javascript", [{"f": {"a": "x", "b": "[1, 2]"}}]),
        ('[Foo.bar(a="x", b=new int[]{1, 2})]', "javascript", None),
    ],
)
def test_prompting_java_js_decoding(text, language, expected) -> None:
    """Cases compared with bfcl-eval 2026.3.23's default_decode_ast_prompting (same results)."""
    pytest.importorskip("tree_sitter")
    from evals.bfcl.categories import Language
    from evals.bfcl.decode import decode_prompting

    decoded = decode_prompting(text, Language(language))
    if expected is None:
        assert not decoded.ok
    else:
        assert decoded.calls == expected


def test_prompting_java_without_tree_sitter_is_an_error(monkeypatch) -> None:
    import sys

    from evals.bfcl import java_js_parse

    java_js_parse._parser.cache_clear()
    monkeypatch.setitem(sys.modules, "tree_sitter", None)
    try:
        with pytest.raises(NotImplementedError, match="tree_sitter==0.21.3"):
            score_single_turn(item("simple_java_25"), completion(None, "[X.y(id='42L')]"), PROMPTING)
    finally:
        java_js_parse._parser.cache_clear()
