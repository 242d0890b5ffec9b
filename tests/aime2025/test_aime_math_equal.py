"""Extraction and equivalence as NeMo-Skills' math_grader (7205c43) judges AIME answers."""

from __future__ import annotations

import asyncio
import logging
import threading

import pytest

from evals.common import math_equal as math_equal_module
from evals.common.math_equal import math_equal, search_boxed
from tests.aime2025.cases import MATH_CASES

IDS = [case[0] for case in MATH_CASES]

# Pairs from NeMo-Skills' own tests/test_math_equal.py (7205c43): equal and unequal both ways.
REFERENCE_EQUAL = [
    (5, 5),
    (5, 5.0),
    ("1/2", 0.5),
    ("\\frac{1}{2}", 0.5),
    ("918\\frac{1}{2}", 918.5),
    ("x^2+2x+1", "x^2 + 2*x + 1"),
    ("y = x^2+2x+1", "2x+ 1+x^2"),
    ("E", "\\mathrm{E}"),
    ("A", "\\textbf{A}"),
    ("185", "185\\"),
    (".185", "0.185"),
    ("016", "16"),
    ("007", "7"),
    ("17\\text{ any text}", "17"),
    ("\\$10", "10"),
    ("10%", "10"),
    ("10\\%", "10"),
    ("\\frac{1}{3}", "\\dfrac{1}{3}"),
    ("(r+5)(r+5)", "(r+5)^2"),
]
REFERENCE_UNEQUAL = [
    (5, 5.001),
    ("x^2+2x+1", "x^3+2x+1"),
    ("odd", "\\text{oddd}"),
    ("E", "\\mathrm{E}*2"),
    ("\\sqrt{67},-\\sqrt{85}", "\\sqrt{67}"),
]


@pytest.mark.parametrize(("name", "gold", "text", "extracted", "correct", "legacy"), MATH_CASES, ids=IDS)
def test_extraction(name, gold, text, extracted, correct, legacy):
    assert search_boxed(text) == extracted


@pytest.mark.parametrize(("name", "gold", "text", "extracted", "correct", "legacy"), MATH_CASES, ids=IDS)
def test_equivalence_at_7205c43(name, gold, text, extracted, correct, legacy):
    assert math_equal(gold, search_boxed(text)) is correct


@pytest.mark.parametrize(("name", "gold", "text", "extracted", "correct", "legacy"), MATH_CASES, ids=IDS)
def test_equivalence_before_5cc1dcc(name, gold, text, extracted, correct, legacy):
    assert math_equal(gold, search_boxed(text), legacy_int_literals=True) is legacy


@pytest.mark.parametrize("pair", REFERENCE_EQUAL, ids=str)
def test_reference_unit_pairs_equal(pair):
    assert math_equal(pair[0], pair[1]) is True
    assert math_equal(pair[1], pair[0]) is True


@pytest.mark.parametrize("pair", REFERENCE_UNEQUAL, ids=str)
def test_reference_unit_pairs_unequal(pair):
    assert math_equal(pair[0], pair[1]) is False
    assert math_equal(pair[1], pair[0]) is False


def test_none_prediction_is_wrong():
    assert math_equal("0", None) is False


def test_take_modulo():
    assert math_equal("70", "1070", take_modulo=1000) is True
    assert math_equal("70", "\\frac{140}{2}", take_modulo=1000) is False


def test_math_verify_alone_fails_off_the_main_thread():
    """Why the wrapper exists: math-verify's signal timeout refuses to run in a thread."""
    from math_verify import parse

    errors: list[BaseException] = []

    def run() -> None:
        try:
            parse("$70$")
        except BaseException as exc:  # noqa: BLE001 - recorded for the assertion
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert errors and isinstance(errors[0], ValueError) and "thread" in str(errors[0])


def _in_thread(fn):
    box: list = []
    thread = threading.Thread(target=lambda: box.append(fn()))
    thread.start()
    thread.join(timeout=300)
    assert box, "the thread raised or hung"
    return box[0]


def test_same_verdicts_from_a_thread():
    expected = [(case[4], case[5]) for case in MATH_CASES]
    got = _in_thread(
        lambda: [
            (math_equal(g, search_boxed(t)), math_equal(g, search_boxed(t), legacy_int_literals=True))
            for _, g, t, *_ in MATH_CASES
        ]
    )
    assert got == expected


def test_same_verdicts_from_an_event_loop_in_a_thread():
    async def judge() -> list[bool]:
        return [math_equal(g, search_boxed(t)) for _, g, t, *_ in MATH_CASES[:8]]

    assert _in_thread(lambda: asyncio.run(judge())) == [case[4] for case in MATH_CASES[:8]]


def test_stuck_worker_is_judged_unequal_and_replaced(caplog):
    """A helper that gives no verdict in time counts as a timeout (not equal) and is replaced."""
    math_equal_module._WORKER.shutdown()  # a fresh helper needs far more than 10 ms to import sympy
    with caplog.at_level(logging.WARNING, logger="evals.common.math_equal"):
        assert _in_thread(lambda: math_equal("70", "70", wall_timeout_s=0.01)) is False
    assert "judged not equal" in caplog.text
    assert _in_thread(lambda: math_equal("70", "\\frac{140}{2}")) is True
