"""The BFCL v4 overall formula on hand-computed category scores."""

from __future__ import annotations

import math

import pytest

from evals.bfcl.v4.overall import ALL_SCORING_CATEGORIES, Acc, combine, v4_overall

COUNTS = {
    "simple_python": 400, "simple_java": 100, "simple_javascript": 50, "multiple": 200, "parallel": 200,
    "parallel_multiple": 200, "irrelevance": 240, "live_simple": 258, "live_multiple": 1053, "live_parallel": 16,
    "live_parallel_multiple": 24, "live_irrelevance": 884, "live_relevance": 16, "multi_turn_base": 200,
    "multi_turn_miss_func": 200, "multi_turn_miss_param": 200, "multi_turn_long_context": 200,
    "web_search_base": 100, "web_search_no_snippet": 100, "memory_kv": 155, "memory_vector": 155, "memory_rec_sum": 155,
}  # fmt: skip

ACC = {
    "simple_python": 0.90, "simple_java": 0.60, "simple_javascript": 0.30,
    "multiple": 0.80, "parallel": 0.70, "parallel_multiple": 0.50,
    "irrelevance": 0.85, "live_irrelevance": 0.75, "live_relevance": 0.10,
    "live_simple": 0.60, "live_multiple": 0.50, "live_parallel": 0.25, "live_parallel_multiple": 0.75,
    "multi_turn_base": 0.40, "multi_turn_miss_func": 0.30, "multi_turn_miss_param": 0.20, "multi_turn_long_context": 0.10,
    "web_search_base": 0.50, "web_search_no_snippet": 0.30, "memory_kv": 0.20, "memory_vector": 0.40, "memory_rec_sum": 0.60,
}  # fmt: skip


def per_category(acc=ACC):
    return {name: Acc(acc[name], COUNTS[name]) for name in ALL_SCORING_CATEGORIES}


def test_v4_overall_hand_computed():
    out = v4_overall(per_category())
    # simple = (0.9+0.6+0.3)/3 = 0.6; non_live = (0.6+0.8+0.7+0.5)/4 = 0.65
    assert out["simple_ast"].accuracy == pytest.approx(0.6)
    assert out["non_live"].accuracy == pytest.approx(0.65)
    # live weighted: (0.6*258 + 0.5*1053 + 0.25*16 + 0.75*24) / 1351 = 703.3 / 1351
    assert out["live"].accuracy == pytest.approx(703.3 / 1351)
    assert out["live"].num_entries == 1351
    assert out["hallucination"].accuracy == pytest.approx(0.80)  # (0.85+0.75)/2, unweighted
    assert out["multi_turn"].accuracy == pytest.approx(0.25)
    assert out["memory"].accuracy == pytest.approx(0.40)
    assert out["web_search"].accuracy == pytest.approx(0.40)
    assert out["agentic"].accuracy == pytest.approx(0.40)
    expected = 0.4 * 0.40 + 0.3 * 0.25 + 0.1 * (703.3 / 1351) + 0.1 * 0.65 + 0.1 * 0.80
    assert out["overall"].accuracy == pytest.approx(expected)  # 0.16 + 0.075 + 0.05205774 + 0.065 + 0.08
    assert math.isclose(out["overall"].accuracy, 0.4320577350, abs_tol=1e-9)
    assert out["relevance"] == Acc(0.10, 16)
    # entries: agentic 665 + multi-turn 800 + live 1351 + non-live 1150 + hallucination 1124
    assert out["overall"].num_entries == 665 + 800 + 1351 + 1150 + 1124


def test_relevance_and_format_sensitivity_do_not_count():
    base = v4_overall(per_category())["overall"].accuracy
    changed = dict(ACC, live_relevance=1.0)
    assert v4_overall(per_category(changed))["overall"].accuracy == pytest.approx(base)
    # irrelevance counts once, in hallucination (not in non-live)
    changed = dict(ACC, irrelevance=0.95)
    assert v4_overall(per_category(changed))["overall"].accuracy == pytest.approx(base + 0.1 * 0.05)


def test_weights_sum_to_one_and_perfect_scores_give_one():
    assert v4_overall(per_category(dict.fromkeys(ACC, 1.0)))["overall"].accuracy == pytest.approx(1.0)


def test_missing_category_is_an_error_and_empty_groups_are_zero():
    partial = per_category()
    del partial["memory_vector"]
    with pytest.raises(KeyError, match="memory_vector"):
        v4_overall(partial)
    assert combine([Acc(0.5, 0), Acc(0.7, 0)], weighted=False) == Acc(0, 0)
    # unweighted mean counts a category with no entries (NeMo-Skills' behaviour)
    assert combine([Acc(1.0, 10), Acc(0.0, 0)], weighted=False) == Acc(0.5, 10)
