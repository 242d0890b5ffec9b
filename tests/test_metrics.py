"""Repeat metrics against hand-computed values (NeMo-Skills' formulas)."""

import math

import pytest

from fixtures.metrics import majority_at_k, pass_at_k, repeat_statistics, summarize


def test_pass_at_k_unbiased_estimator():
    assert pass_at_k([1, 0, 0, 0], 1) == pytest.approx(0.25)
    assert pass_at_k([1, 0, 0, 0], 2) == pytest.approx(1 - math.comb(3, 2) / math.comb(4, 2))  # 0.5
    assert pass_at_k([0, 0, 0, 0], 4) == 0.0
    assert pass_at_k([1, 1, 1, 0], 2) == 1.0  # fewer incorrect than k
    assert pass_at_k([0.5, 0.2], 2) == 0.5  # non-binary scores: max of the first k


def test_majority_with_ties_and_no_answers():
    assert majority_at_k([1, 0, 0], ["A", "B", "B"], 3) == 0.0
    assert majority_at_k([1, 1, 0], ["A", "A", "B"], 3) == 1.0
    assert majority_at_k([1, 0, 0, 0], ["A", "B", None, None], 4) == 0.5  # A/B tie -> mean
    assert majority_at_k([0, 0], [None, None], 2) == 0.0
    assert majority_at_k([1, 0, 1], ["A", "B", "B"], 2) == 0.5  # only the first k count


def test_statistics_on_the_reference_docstring_example():
    # run means 2/3, 2/3, 2/3, 1/3 -> sample std 1/6 (the reference docstring prints 0.1925, but its
    # code, np.std(ddof=1) of the run means, gives 1/6; the code is what produced the numbers)
    stats = repeat_statistics([[1, 0, 1, 0], [1, 1, 0, 0], [0, 1, 1, 1]], 4)
    assert stats["std_dev_across_runs"] == pytest.approx(1 / 6)
    assert stats["std_err_across_runs"] == pytest.approx(1 / 12)
    assert stats["avg_sample_std_dev"] == pytest.approx(0.55157, abs=1e-4)


def test_summarize_many_repeats():
    per_item = [[1, 0, 1, 0], [1, 1, 0, 0], [0, 1, 1, 1]]
    answers = [["A", "B", "A", "B"], ["C", "C", "D", "D"], ["x", "y", "y", "y"]]
    out = summarize(per_item, 4, answers)
    assert out["pass@1[avg-of-4]"] == pytest.approx(100 * 7 / 12)
    assert out["pass@4"] == pytest.approx(100.0)
    # item 1: A/B tie -> (1+0)/2; item 2: C/D tie with scores (1,0) -> 0.5; item 3: y (score 1)
    assert out["majority@4"] == pytest.approx(100 * (0.5 + 0.5 + 1) / 3)
    assert out["spread"]["stderr"] == pytest.approx(100 / 12)
    low, high = out["spread"]["ci95"]
    assert low < out["pass@1[avg-of-4]"] < high
    assert out["no_answer"] == 0.0


def test_summarize_one_repeat_and_errored_cases():
    out = summarize([[1], [0], [1], [1]], 1, [["A"], [None], ["B"], ["C"]])
    assert out["pass@1"] == 75.0 and "majority@1" not in out
    assert out["no_answer"] == 25.0
    assert out["spread"]["stderr"] == pytest.approx(100 * 0.5 / 2)
    partial = summarize([[1, 0], [1], []], 2)  # an item lost a repeat to an error; one lost both
    assert partial["items"] == 2
    assert partial["pass@1[avg-of-2]"] == pytest.approx(100 * (0.5 + 1) / 2)
