"""The official HLE metrics on hand-computed sets, including calib_err's quirks."""

from __future__ import annotations

import math

import numpy as np
import pytest

from evals.hle.aggregate import aggregate, judged_cases
from evals.hle.metrics import JudgedCase, calib_err, official_accuracy, official_calibration_error, official_metrics

# Six judged answers, confidence in percent. Sorted by confidence:
#   10 F | 30 F || 50 T | 70 T || 90 T | 100 F
# beta = 2: bins [0,2], [2,4], [4,6]; the official loop skips the last bin, so
#   sum = 2/6 * (0.2 - 0)^2 + 2/6 * (0.6 - 1)^2 = (0.04 + 0.16) / 3 = 0.0666...
#   calib_err = sqrt(0.0666...) = 0.2582; reported: 100 * round(0.2582, 2) = 26.0
SIX = [(50, True), (10, False), (90, True), (30, False), (100, False), (70, True)]


def cases(pairs):
    return [JudgedCase(correct, conf / 100) for conf, correct in pairs]


def arrays(pairs):
    return np.array([c for c, _ in pairs]) / 100, np.array([k for _, k in pairs])


def test_calib_err_hand_computed():
    confidence, correct = arrays(SIX)
    assert calib_err(confidence, correct, beta=2) == pytest.approx(math.sqrt(0.2 / 3), abs=1e-12)
    assert official_calibration_error(cases(SIX), beta=2) == pytest.approx(26.0, abs=1e-9)
    # p='1': 2/6 * 0.2 + 2/6 * 0.4 = 0.2; p='infty': max(0.2, 0.4)
    assert calib_err(confidence, correct, p="1", beta=2) == pytest.approx(0.2, abs=1e-12)
    assert calib_err(confidence, correct, p="infty", beta=2) == pytest.approx(0.4, abs=1e-12)


def test_last_bin_is_stretched_then_skipped():
    # A seventh answer joins the last bin [4, 7], which is skipped: the error does not move.
    seven = SIX + [(0, True)]  # sorts first: bins become 0 T, 10 F | 30 F, 50 T | 70 T, 90 T, 100 F
    # sum = 2/7 * (0.05 - 0.5)^2 + 2/7 * (0.4 - 0.5)^2 = 2/7 * (0.2025 + 0.01)
    confidence, correct = arrays(seven)
    assert calib_err(confidence, correct, beta=2) == pytest.approx(math.sqrt(2 / 7 * 0.2125), abs=1e-12)
    # Eight answers: 10 F, 30 F | 50 T, 70 T | 90 T, 95 F | 99 F, 100 F (skipped)
    # sum = 2/8 * (0.2^2 + 0.4^2 + (0.925 - 0.5)^2) = 0.25 * 0.380625
    eight = SIX + [(95, False), (99, False)]
    confidence, correct = arrays(eight)
    assert calib_err(confidence, correct, beta=2) == pytest.approx(math.sqrt(0.25 * 0.380625), abs=1e-12)


def test_one_bin_gives_zero_and_too_few_gives_none():
    perfect_liar = [(100, False)] * 3
    assert official_calibration_error(cases(perfect_liar), beta=2) == 0.0  # one bin [0, 3], skipped
    assert official_calibration_error(cases(perfect_liar[:1]), beta=2) is None
    with pytest.raises(ValueError, match="at least 2 judged items"):
        calib_err(np.array([1.0]), np.array([False]), beta=2)
    result = official_metrics(cases(perfect_liar), 3, beta=2)
    assert result["calibration_error"] == 0.0 and "skips" in result["calibration_error_note"]
    result = official_metrics(cases(perfect_liar[:1]), 1, beta=2)
    assert result["calibration_error"] is None and "IndexError" in result["calibration_error_note"]


def test_calibration_error_keeps_numpy_rounding_float():
    # round(np.float64(0.4567), 2) * 100 is 46.00000000000001 in the official code
    pairs = [(0, True), (0, True), (100, True), (100, True)]  # bins: conf 0 vs correct 1 -> diff 1
    value = official_calibration_error(cases(pairs), beta=2)
    assert value == 100 * round(np.sqrt(np.float64(2 / 4)), 2)  # sqrt(0.5)=0.7071 -> 71.0
    assert value == pytest.approx(71.0)


def test_official_accuracy_and_interval():
    assert official_accuracy(3, 6) == (50.0, 40.01)  # 1.96 * sqrt(50 * 50 / 6) = 40.008
    assert official_accuracy(3, 8) == (37.5, 33.55)  # unjudged answers count in n: 1.96 * sqrt(37.5 * 62.5 / 8)
    assert official_accuracy(0, 5) == (0.0, 0.0)
    assert official_accuracy(1, 3) == (33.33, 53.34)  # 1.96 * sqrt(33.33 * 66.67 / 3) = 53.343


def test_official_metrics_block():
    result = official_metrics(cases(SIX), 6, beta=2)
    assert result["accuracy"] == 50.0 and result["accuracy_ci95_half_width"] == 40.01
    assert result["accuracy_ci95"] == [9.99, 90.01]
    assert result["calibration_error"] == pytest.approx(26.0)
    assert result["n"] == 6 and result["judged"] == 6 and result["mean_confidence"] == 58.33
    with pytest.raises(ValueError, match="smaller than the number of judged"):
        official_metrics(cases(SIX), 5, beta=2)


def record(correct, confidence, category):
    scores = {} if confidence is None else {"confidence": confidence / 100}
    return {"verdict": {"correct": correct, "extracted": "x", "scores": scores, "subsets": {"category": category}}}


def test_aggregate_from_compact_verdicts():
    records = [record(k, c, "Math" if i % 2 else "Physics") for i, (c, k) in enumerate(SIX)]
    records.append(record(False, None, "Math"))  # the judge gave no verdict, scored wrong: in n, not in calibration
    judged, totals = judged_cases(records)
    assert len(judged) == 6 and totals == {"Math": 4, "Physics": 3}
    out = aggregate(records, 1, {"calibration_bin_size": 2})
    assert out["official"]["n"] == 7 and out["official"]["judged"] == 6
    assert out["official"]["accuracy"] == round(300 / 7, 2)
    assert out["official"]["calibration_error"] == pytest.approx(26.0)
    math_block = out["official_per_category"]["Math"]  # Math: (10 F), (30 F), (70 T) judged + 1 unjudged
    assert math_block["n"] == 4 and math_block["judged"] == 3 and math_block["accuracy"] == 25.0
    # Math: 3 judged answers make one bin [0, 3], which is skipped
    assert math_block["calibration_error"] == 0.0
    # with bins of one: 10 F | 30 F | 70 T (skipped): sqrt(1/3 * 0.1^2 + 1/3 * 0.3^2) = 0.1826 -> 18.0
    fine = aggregate(records, 1, {"calibration_bin_size": 1})["official_per_category"]["Math"]
    assert fine["calibration_error"] == pytest.approx(18.0)
    assert out["judge"]["style"] == "nemo_skills" and out["judge"]["verdict_parser"] == "regex"
    assert out["judge"]["prompt_template"].startswith("Judge whether the following [response]")
    assert out["system_prompt"].startswith("Your response should be in the following format:")
