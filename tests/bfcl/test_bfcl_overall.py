"""The v3 group and overall formulas on hand-computed category scores."""

from __future__ import annotations

import pytest

from evals.bfcl.categories import CATEGORIES, MULTI_TURN, SINGLE_TURN, V3_CATEGORIES
from evals.bfcl.overall import bfcl_v3_overall

COUNTS = {
    "simple_python": 400, "simple_java": 100, "simple_javascript": 50, "multiple": 200, "parallel": 200,
    "parallel_multiple": 200, "irrelevance": 240, "live_simple": 258, "live_multiple": 1053, "live_parallel": 16,
    "live_parallel_multiple": 24, "live_irrelevance": 884, "live_relevance": 16, "multi_turn_base": 200,
    "multi_turn_miss_func": 200, "multi_turn_miss_param": 200, "multi_turn_long_context": 200,
}
ACC = {
    "simple_python": 90.0, "simple_java": 60.0, "simple_javascript": 75.0, "multiple": 80.0, "parallel": 70.0,
    "parallel_multiple": 50.0, "irrelevance": 85.0, "live_simple": 70.0, "live_multiple": 60.0, "live_parallel": 50.0,
    "live_parallel_multiple": 25.0, "live_irrelevance": 80.0, "live_relevance": 100.0, "multi_turn_base": 40.0,
    "multi_turn_miss_func": 30.0, "multi_turn_miss_param": 20.0, "multi_turn_long_context": 10.0,
}


def test_all_seventeen_categories_are_registered() -> None:
    assert len(V3_CATEGORIES) == 17 and len(SINGLE_TURN) == 13 and len(MULTI_TURN) == 4
    assert set(COUNTS) == set(CATEGORIES)


def test_full_formula() -> None:
    out = bfcl_v3_overall(ACC, COUNTS)
    simple = (90 + 60 + 75) / 3  # 75
    non_live_ast = (simple + 80 + 70 + 50) / 4  # 68.75
    assert out["non_live_ast"]["accuracy"] == pytest.approx(68.75)
    assert out["non_live_ast"]["num_entries"] == 1150
    assert out["overall_non_live"]["accuracy"] == pytest.approx((simple + 80 + 70 + 50 + 85) / 5)  # 72
    assert out["overall_non_live"]["num_entries"] == 1390
    live_ast = (70 * 258 + 60 * 1053 + 50 * 16 + 25 * 24) / (258 + 1053 + 16 + 24)
    assert out["live_ast"]["accuracy"] == pytest.approx(live_ast)  # 61.2657...
    overall_live = (70 * 258 + 60 * 1053 + 50 * 16 + 25 * 24 + 80 * 884 + 100 * 16) / 2251
    assert out["overall_live"]["accuracy"] == pytest.approx(overall_live)
    assert out["overall_live"]["num_entries"] == 2251
    assert out["overall_multi_turn"]["accuracy"] == pytest.approx(25.0)
    assert out["overall_accuracy"]["accuracy"] == pytest.approx((72 + overall_live + 25) / 3)
    assert out["overall_accuracy"]["num_entries"] == 1390 + 2251 + 800
    assert out["non_live_irrelevance"] == {"accuracy": 85.0, "num_entries": 240}
    assert out["live_relevance"] == {"accuracy": 100.0, "num_entries": 16}
    assert out["total_irrelevance"]["accuracy"] == pytest.approx((85 + 80) / 2)
    assert out["missing_categories"] == []


def test_missing_multi_turn_counts_zero() -> None:
    single = {k: v for k, v in ACC.items() if k in SINGLE_TURN}
    out = bfcl_v3_overall(single, COUNTS)
    assert out["overall_multi_turn"] == {"accuracy": 0, "num_entries": 0}
    overall_live = out["overall_live"]["accuracy"]
    assert out["overall_accuracy"]["accuracy"] == pytest.approx((72 + overall_live + 0) / 3)
    assert out["missing_categories"] == list(MULTI_TURN)


def test_fractions_work_the_same() -> None:
    frac = bfcl_v3_overall({k: v / 100 for k, v in ACC.items()}, COUNTS)
    pct = bfcl_v3_overall(ACC, COUNTS)
    assert frac["overall_accuracy"]["accuracy"] * 100 == pytest.approx(pct["overall_accuracy"]["accuracy"])


def test_live_weighting_small_example() -> None:
    acc = {"live_simple": 100.0, "live_multiple": 0.0}
    counts = {"live_simple": 1, "live_multiple": 3}
    out = bfcl_v3_overall(acc, counts)
    assert out["live_ast"]["accuracy"] == pytest.approx(25.0)  # weighted by count, not (100+0)/2 or /4 categories
    # the unevaluated parallel categories contribute 0 entries, so they do not dilute the weighted mean
    assert out["overall_live"]["accuracy"] == pytest.approx(25.0)
    # but in the unweighted non-live mean every entry counts once, evaluated or not
    out2 = bfcl_v3_overall({"simple_python": 90.0}, {"simple_python": 10})
    assert out2["non_live_ast"]["accuracy"] == pytest.approx((90 / 3) / 4)
