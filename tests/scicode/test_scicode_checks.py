"""The split of SciCode's test cases (program part / harness check) and the values that cross between them."""

from __future__ import annotations

import ast
import json
import math

import numpy as np
import pytest
import scipy.sparse
import sympy

from evals.scicode.checks import CHECK, PROBE, SplitError, split_case
from evals.scicode.compare import StepChecks
from evals.scicode.program import strip_scicode_imports
from evals.scicode.value_encode import _scicode_encode
from evals.scicode.values import Opaque, decode


def _slots_of(program: str) -> list[list[ast.expr]]:
    """The argument expressions of each _scicode_check call of a split program, in order."""
    calls = [n for n in ast.walk(ast.parse(program)) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == CHECK]
    return [[slot.args[0] for slot in call.args[2].elts] for call in calls]


class _PutBack(ast.NodeTransformer):
    def __init__(self, slots: list[ast.expr]) -> None:
        self.slots = slots

    def visit_Name(self, node: ast.Name) -> ast.expr:
        if node.id.startswith("_scicode_value_"):
            return self.slots[int(node.id.rsplit("_", 1)[1])]
        return node


def _reassembled(case) -> list[str]:
    return [ast.unparse(_PutBack(slots).visit(ast.parse(check.expression, mode="eval")).body)
            for check, slots in zip(case.checks, _slots_of(case.program))]


def test_every_real_test_case_splits_and_puts_back_together(problems):
    """All 1,082 test cases of the 80 problems: the check with its values put back is the original assert."""
    count = 0
    for problem in problems.values():
        for step in problem.steps:
            for i, text in enumerate(step.test_cases):
                source = strip_scicode_imports(text)
                case = split_case(source, i, f"step {step.step_number}, test case {i + 1}")
                asserts = [ast.unparse(n.test) for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Assert)]
                assert _reassembled(case) == asserts, (step.step_number, i)
                assert "target" not in {n.id for n in ast.walk(ast.parse(case.program)) if isinstance(n, ast.Name)}
                count += 1
    assert count == 1082


def test_the_values_are_cut_where_the_target_stops():
    case = split_case("out = f(x)\na, b = target\nassert np.allclose(out, a) and g(out)[0] == b", 0, "t")
    assert case.checks[0].expression == "np.allclose(_scicode_value_1, a) and _scicode_value_2 == b"
    assert case.setup == "a, b = target"
    assert "a, b = target" not in case.program and "out = f(x)" in case.program
    assert case.checks[0].probes == (0,) and case.checks[0].slots == 3
    assert f"{PROBE}(np.allclose)" in case.program  # np looked up in the program, as the reference does


def test_a_target_free_assert_keeps_its_comparison_in_the_harness():
    case = split_case("def t():\n    y = f(1)\n    assert np.isclose(y, 2.0, atol=0.1), 'msg'\nt()", 0, "t")
    assert case.checks[0].expression == "np.isclose(_scicode_value_0, 2.0, atol=0.1)"
    case = split_case("y = f(1)\nassert not np.isnan(y).any() and len(g(y)) == 2", 0, "t")  # 78.2's shape
    assert case.checks[0].expression == "not np.isnan(_scicode_value_0).any() and len(_scicode_value_1) == 2"


#: Step 78.1's shape: the test case computes its own expected value, from constants and numpy.
OWN_VALUE_CASE = ("def test_case_1():\n    x = np.array([0.1, 0.2])\n    g = 9.81\n"
                  "    expected = np.array([x[1], -g * np.sin(x[0])])\n    out = f(x, g)\n"
                  "    assert np.allclose(out, expected), 'Test Case 1 Failed'\ntest_case_1()")


def test_own_expected_values_are_computed_by_the_harness_not_the_program():
    case = split_case(OWN_VALUE_CASE, 0, "t")
    check = case.checks[0]
    assert check.expression == "np.allclose(_scicode_value_0, expected)"
    assert check.prelude == "x = np.array([0.1, 0.2])\ng = 9.81\nexpected = np.array([x[1], -g * np.sin(x[0])])"
    assert "expected" not in case.program and "np.sin" not in case.program  # model code cannot read or patch it
    assert "out = f(x, g)" in case.program
    # the inputs the program still needs are sent too, and must be the harness' own when the assert runs
    assert check.witnesses == ((1, "x"), (2, "g")) and check.slots == 3
    assert _reassembled(case) == ["np.allclose(out, expected)"]


def test_values_that_depend_on_model_code_or_are_bound_twice_are_not_own_values():
    case = split_case("y = f(1)\nz = y * 2\nw = 1.0\nw = 2.0\nassert np.isclose(h(y), z + w)", 0, "t")
    assert case.checks[0].expression == "np.isclose(_scicode_value_0, _scicode_value_1 + _scicode_value_2)"
    assert case.checks[0].prelude == "" and case.checks[0].witnesses == ()


@pytest.mark.parametrize("source", [
    "assert np.allclose(f(x), target) or flag",  # `or` short-circuits on values the program would not compute
    "assert not (np.allclose(target, f(x)) and g(y))",  # an `and` under `not`: its second half is not always run
    "assert model_cmp(f(x), target)",  # the model's own comparison cannot run in the harness
    "t = target\nt[0] = f(x)\nassert np.allclose(t, 1)",  # the target changed by the program
    "assert np.allclose(*target)",
])
def test_what_cannot_be_split_exactly_is_refused(source):
    with pytest.raises(SplitError, match="step 1.1"):
        split_case(source, 0, "step 1.1")


def _round_trip(value):
    return decode(json.loads(json.dumps(_scicode_encode(value))))


@pytest.mark.parametrize("value", [
    None, True, 3, -(2 ** 80), 1.5, float("inf"), complex(1, -2), "δ", b"\x00\xff",
    (1, [2.0, {"k": (3,)}]), {1.0: "a", "b": None}, {1, 2}, frozenset({"x"}),
    np.arange(6, dtype=np.int32).reshape(2, 3), np.array([1 + 2j, 3j]), np.array([True, False]),
    np.array(["ab", "c"]), np.float64(0.1), np.int64(-7), np.bool_(True), np.complex128(1j), np.zeros((0, 3)),
])
def test_values_cross_exactly(value):
    back = _round_trip(value)
    assert type(back) is type(value)
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and back.shape == value.shape and np.array_equal(back, value)
    else:
        assert back == value


def test_nan_arrays_objects_sparse_and_symbols_cross():
    assert math.isnan(_round_trip(float("nan"))) and np.isnan(_round_trip(np.array([np.nan]))).all()
    ragged = np.empty(2, dtype=object)
    ragged[0], ragged[1] = [1, 2], np.array([3.0])
    back = _round_trip(ragged)
    assert back.dtype == object and back[0] == [1, 2] and np.array_equal(back[1], [3.0])
    for matrix in (scipy.sparse.csr_matrix(np.eye(3)), scipy.sparse.coo_matrix(np.eye(2)), scipy.sparse.csc_array(np.eye(2))):
        got = _round_trip(matrix)
        assert type(got) is type(matrix) and np.array_equal(got.toarray(), matrix.toarray())
    assert _round_trip(sympy.Symbol("x")) == sympy.Symbol("x")
    opaque = _round_trip(object())
    assert isinstance(opaque, Opaque) and opaque != opaque
    with pytest.raises(TypeError):
        np.allclose(opaque, 1.0)


@pytest.mark.parametrize("encoded", [
    ["A", "|O", [1], "AA=="], ["A", "<f8,<i4", [1], "AAAAAAAAAAAAAAA="], ["A", "<f8", [-1], ""],
    ["N", "<f8", "AA=="], ["q", 1], "x", [], ["i", 5], ["P", "csr", "matrix", [2, 2], ["n"], ["n"], ["n"]],
])
def test_malformed_values_are_refused(encoded):
    with pytest.raises((ValueError, TypeError)):
        decode(encoded)


def _message(case, index, values) -> bytes:
    return json.dumps({"case": case, "assert": index, "values": values}).encode()


def test_the_harness_checks_in_order_and_once():
    cases = [split_case("assert np.allclose(f(1), target)", i, "t") for i in range(2)]
    good = [["n"], _scicode_encode(np.array([1.0, 2.0]))]
    checks = StepChecks("1.1", cases, [np.array([1.0, 2.0]), np.array([1.0, 2.0])])
    assert checks.on_message(_message(1, 0, good)) == b"fail"  # out of order
    assert not checks.passed and "out of order" in checks.failures[0]

    checks = StepChecks("1.1", cases, [np.array([1.0, 2.0]), np.array([1.0, 2.0])])
    assert checks.on_message(_message(0, 0, good)) == b"pass" and not checks.passed
    assert checks.on_message(_message(1, 0, good)) == b"pass" and checks.passed
    assert checks.on_message(_message(1, 0, good)) == b"fail" and not checks.passed  # once only

    checks = StepChecks("1.1", cases, [np.array([1.0, 2.0]), np.array([9.0, 2.0])])
    assert checks.on_message(_message(0, 0, good)) == b"pass"
    assert checks.on_message(_message(1, 0, good)) == b"fail" and "is false" in checks.failures[0]
    for bad in (b"end", b"{}", _message(0, 0, good[:1]), _message(0, 0, [["n"], ["A", "|O", [1], ""]])):
        fresh = StepChecks("1.1", cases, [np.array([1.0, 2.0])] * 2)
        assert fresh.on_message(bad) == b"fail" and not fresh.passed


def test_a_check_that_raises_fails_as_the_assert_would():
    case = split_case("assert np.allclose(f(1), target)", 0, "t")
    checks = StepChecks("1.1", [case], [np.zeros(3)])
    assert checks.on_message(_message(0, 0, [["n"], _scicode_encode(np.zeros(2))])) == b"fail"
    assert "raised ValueError" in checks.failures[0]


def test_own_values_and_witnesses_decide_in_the_harness():
    case = split_case(OWN_VALUE_CASE, 0, "t")
    right = _scicode_encode(np.array([0.2, -9.81 * np.sin(0.1)]))
    inputs = [_scicode_encode(np.array([0.1, 0.2])), _scicode_encode(9.81)]
    checks = StepChecks("78.1", [case], [None])
    assert checks.on_message(_message(0, 0, [right, *inputs])) == b"pass" and checks.passed
    checks = StepChecks("78.1", [case], [None])  # a wrong answer, whatever the program's numpy said
    assert checks.on_message(_message(0, 0, [_scicode_encode(np.array([0.2, 0.0])), *inputs])) == b"fail"
    checks = StepChecks("78.1", [case], [None])  # the model's code changed its input in place
    changed = [inputs[0][:3] + [_scicode_encode(np.array([0.5, 0.2]))[3]], inputs[1]]
    assert checks.on_message(_message(0, 0, [right, *changed])) == b"fail"
    assert "`x` is not the test case's own value" in checks.failures[0]
