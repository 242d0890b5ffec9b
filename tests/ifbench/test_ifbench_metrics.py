"""IFBench aggregation on hand-computed examples (NeMo-Skills IFMetrics and IFBench print_report rules)."""

from __future__ import annotations

import math

import pytest

from evals.ifbench.evaluation import evaluate_prompt
from evals.ifbench.metrics import CaseResult, aggregate_cases, pass_at_k

T, F = True, False
A_IDS = ("format:no_whitespace",)
B_IDS = ("count:numbers", "format:emoji")
CASES = [
    CaseResult("A", 0, A_IDS, (T,), (T,)),
    CaseResult("A", 1, A_IDS, (F,), (T,)),
    CaseResult("B", 0, B_IDS, (T, F), (T, T)),
    CaseResult("B", 1, B_IDS, (F, F), (T, F)),
]


def test_prompt_and_instruction_levels_over_two_repeats():
    metrics = aggregate_cases(CASES, repeats=2)
    assert (metrics["num_prompts"], metrics["num_instructions"]) == (2, 3)
    avg = metrics["pass@1[avg-of-2]"]
    assert avg["prompt_strict_accuracy"] == pytest.approx(25.0)
    assert avg["prompt_loose_accuracy"] == pytest.approx(75.0)
    # Counted over the 3 instructions: (0.5 + 0.5) / 3, not the mean of per-prompt fractions (37.5).
    assert avg["instruction_strict_accuracy"] == pytest.approx(100 / 3)
    assert avg["instruction_loose_accuracy"] == pytest.approx(250 / 3)
    assert avg["average_score"] == pytest.approx((25 + 100 / 3 + 75 + 250 / 3) / 4)


def test_pass_at_k_rules():
    best = aggregate_cases(CASES, repeats=2)["pass@2"]
    assert best["prompt_strict_accuracy"] == pytest.approx(50.0)
    assert best["prompt_loose_accuracy"] == pytest.approx(100.0)
    assert best["instruction_strict_accuracy"] == pytest.approx(200 / 3)
    # B's loose counts [2, 1] are not 0/1: NeMo-Skills takes the max count (2).
    assert best["instruction_loose_accuracy"] == pytest.approx(100.0)
    assert pass_at_k([1, 0, 0, 0], 2) == pytest.approx(1 - math.comb(3, 2) / math.comb(4, 2))
    assert pass_at_k([2, 0, 1], 2) == 2


def test_spread_across_repeats():
    metrics = aggregate_cases(CASES, repeats=2)
    assert metrics["per_repeat"]["prompt_strict_accuracy"] == pytest.approx([50.0, 0.0])
    assert metrics["per_repeat"]["instruction_loose_accuracy"] == pytest.approx([100.0, 200 / 3])
    spread = metrics["spread"]["prompt_strict_accuracy"]
    assert spread["std_dev_across_runs"] == pytest.approx(50 / math.sqrt(2))
    assert spread["std_err_across_runs"] == pytest.approx(25.0)


def test_per_instruction_and_per_category():
    metrics = aggregate_cases(CASES, repeats=2)
    per_id = metrics["per_instruction"]
    assert per_id["format:emoji"] == {
        "count": 1,
        "strict_accuracy": 0.0,
        "strict_any_repeat": 0.0,
        "loose_accuracy": 50.0,
        "loose_any_repeat": 100.0,
    }
    assert per_id["count:numbers"]["strict_accuracy"] == 50.0
    per_category = metrics["per_category"]
    assert per_category["format"]["count"] == 2
    assert per_category["format"]["strict_accuracy"] == pytest.approx(25.0)
    assert per_category["count"]["loose_accuracy"] == pytest.approx(100.0)


def test_single_repeat_uses_pass_at_1():
    metrics = aggregate_cases([c for c in CASES if c.repeat == 0], repeats=1)
    assert "pass@1" in metrics and "pass@1[avg-of-1]" not in metrics
    assert metrics["pass@1"]["prompt_strict_accuracy"] == pytest.approx(50.0)
    assert metrics["pass@1"]["instruction_strict_accuracy"] == pytest.approx(200 / 3)


def test_case_results_from_real_evaluations_strict_vs_loose():
    ids = ["format:no_whitespace", "format:output_template"]
    response = "Answer:\nMy Answer: yes My Conclusion: ok Future Outlook: good"
    evaluation = evaluate_prompt(ids, [{}, {}], response)
    case = CaseResult.from_evaluation("k1", 0, evaluation)
    # Loose drops the last line for no_whitespace: "Answer:" alone has no whitespace.
    assert case.strict == (False, True) and case.loose == (True, True)
    assert evaluation.outcomes[0].loose_variant == "no_last_line"
    metrics = aggregate_cases([case], repeats=1)["pass@1"]
    assert metrics["prompt_strict_accuracy"] == 0.0
    assert metrics["prompt_loose_accuracy"] == 100.0
    assert metrics["instruction_strict_accuracy"] == pytest.approx(50.0)


def test_inconsistent_cases_are_rejected():
    with pytest.raises(ValueError, match="not unique"):
        aggregate_cases([CASES[0], CASES[0]], repeats=2)
    with pytest.raises(ValueError, match="differ in length"):
        CaseResult("X", 0, ("a:b",), (True, False), (True,))
