"""The official HLE metrics (hle_eval/run_judge_results.py::dump_metrics and calib_err), exactly.

NeMo-Skills reports only judge_correct; the suite adds these. Their quirks are kept on purpose:
- accuracy divides by every question of the run, judged or not (an unjudged one counts as wrong);
- the 95% interval is Wald's, from the accuracy already rounded to 2 decimals;
- calib_err sorts by confidence with numpy's default (unstable) argsort, cuts bins of exactly
  `beta` items, stretches the last bin to the end, then SKIPS the last bin; with fewer than `beta`
  judged items the official code raises IndexError (here: no value, with the reason); with
  beta..2*beta-1 items no bin is used and the error is 0;
- calibration error = 100 * round(calib_err(confidence / 100, correct), 2), over judged items only,
  with numpy's rounding (round() of a numpy float), so values such as 46.00000000000001 occur.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np


@dataclass(frozen=True)
class JudgedCase:
    """One judged response: the verdict and the confidence behind calibration."""

    correct: bool
    confidence: float  # the stated confidence divided by 100, as dump_metrics divides it
    category: str = ""


def calib_err(confidence: np.ndarray, correct: np.ndarray, p: str = "2", beta: int = 100) -> np.floating:
    """Calibration error of hendrycks/outlier-exposure calibration_tools.py as HLE copied it.

    Raises ValueError where the official function raises IndexError (fewer than `beta` items).
    """
    order = np.argsort(confidence)
    confidence = confidence[order]
    correct = correct[order]
    total = len(confidence)
    bins = [[i * beta, (i + 1) * beta] for i in range(total // beta)]
    if not bins:
        raise ValueError(f"calibration error needs at least {beta} judged items (the official code fails), got {total}")
    bins[-1] = [bins[-1][0], total]
    cerr: Any = 0
    for start, stop in bins[:-1]:  # the official loop runs over range(len(bins) - 1)
        bin_confidence = confidence[start:stop]
        bin_correct = correct[start:stop]
        size = len(bin_confidence)
        if size > 0:
            difference = np.abs(np.nanmean(bin_confidence) - np.nanmean(bin_correct))
            if p == "2":
                cerr += size / total * np.square(difference)
            elif p == "1":
                cerr += size / total * difference
            elif p in ("infty", "infinity", "max"):
                cerr = np.maximum(cerr, difference)
            else:
                raise ValueError("p must be '1', '2', or 'infty'")
    if p == "2":
        cerr = np.sqrt(cerr)
    return cerr


def official_accuracy(n_correct: int, n: int) -> tuple[float, float]:
    """(accuracy %, 95% Wald half width %) as dump_metrics rounds them."""
    accuracy = round(np.int64(100 * n_correct) / n, 2)
    half_width = round(1.96 * math.sqrt(accuracy * (100 - accuracy) / n), 2)
    return float(accuracy), float(half_width)


def official_calibration_error(cases: Sequence[JudgedCase], beta: int = 100) -> float | None:
    """100 * round(calib_err(confidence, correct, p='2', beta), 2); None when it cannot be computed.

    `confidence` of each case is already divided by 100 (x / 100 in Python gives the same float64
    as numpy's array division in the official code)."""
    if len(cases) < beta:
        return None
    confidence = np.array([case.confidence for case in cases], dtype=np.float64)
    correct = np.array([case.correct for case in cases])
    return float(100 * round(calib_err(confidence, correct, p="2", beta=beta), 2))


def official_metrics(cases: Sequence[JudgedCase], n_total: int, beta: int = 100) -> dict[str, Any]:
    """Accuracy (over n_total), its 95% half width and the calibration error (over judged cases)."""
    if n_total < 1:
        return {"n": 0, "judged": 0}
    if n_total < len(cases):
        raise ValueError(f"n_total ({n_total}) is smaller than the number of judged cases ({len(cases)})")
    accuracy, half_width = official_accuracy(sum(1 for case in cases if case.correct), n_total)
    calibration = official_calibration_error(cases, beta)
    result: dict[str, Any] = {
        "accuracy": accuracy,
        "accuracy_ci95_half_width": half_width,
        "accuracy_ci95": [round(accuracy - half_width, 2), round(accuracy + half_width, 2)],
        "calibration_error": calibration,
        "calibration_bin_size": beta,
        "n": n_total,
        "judged": len(cases),
        "mean_confidence": round(100 * float(np.mean([c.confidence for c in cases])), 2) if cases else None,
    }
    if calibration is None:
        result["calibration_error_note"] = (
            f"{len(cases)} judged cases: the official calib_err needs at least {beta} (it raises IndexError)"
        )
    elif len(cases) < 2 * beta:
        result["calibration_error_note"] = (
            f"{len(cases)} judged cases form one bin, which the official calib_err skips: the error is 0 by construction"
        )
    return result


def per_category(cases: Sequence[JudgedCase], totals: dict[str, int], beta: int = 100) -> dict[str, dict[str, Any]]:
    """official_metrics for each category; `totals` counts every case of the category, judged or not."""
    return {
        category: official_metrics([c for c in cases if c.category == category], n, beta)
        for category, n in sorted(totals.items())
    }
