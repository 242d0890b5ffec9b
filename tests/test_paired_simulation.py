"""The gate's statistics validated by simulation, at the shapes of the suite's benchmarks.

For each shape (items x repeats) many baseline/candidate pairs are drawn with per-item
difficulties from a U-shaped Beta spread (most items almost always right or almost always wrong,
as for real models). Each pair goes through fixtures.paired.paired_interval, the function a real
comparison uses, vectorised over the pairs. Checked: (a) with no change, the false NO-GO rate
(max_drop 0) and the rate at which the 95% interval misses the true 0 are at most 5% within a
binomial tolerance; (b) with a drop of twice the MDE the comparison reports, the detection rate is
at least 80%, and at one MDE it is near 80% (the MDE is neither much too small nor too large; it is
a little under 80% because a drop moves items away from 0 and 1, which widens the candidate's noise).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from fixtures import paired

PAIRS = 1_000
CHUNK = 250
# (items, repeats, mean accuracy): AIME 2025, GPQA Diamond, IFBench, MMLU-Pro, HLE (text)
SHAPES = [(30, 64, 0.89), (198, 8, 0.73), (294, 8, 0.71), (12_032, 1, 0.78), (2_158, 1, 0.10)]
SPREAD = 1.2  # Beta(a, b) with a + b = SPREAD: U-shaped


def binomial_upper(rate: float, n: int, z: float = 3.09) -> float:
    """One-sided 99.9% upper tolerance of an observed rate when the true rate is `rate`."""
    return rate + z * math.sqrt(rate * (1 - rate) / n)


def simulate(items: int, repeats: int, mean: float, drop: float, seed: int) -> paired.PairedInterval:
    """PAIRS comparisons; the candidate's per-item probability is p_i (1 - drop/mean): its mean falls by `drop`."""
    rng = np.random.default_rng(seed)
    estimates, ses, los, his = [], [], [], []
    for _ in range(PAIRS // CHUNK):
        p = rng.beta(SPREAD * mean, SPREAD * (1 - mean), size=(CHUNK, items))
        p_cand = p * (1 - drop / p.mean(axis=1, keepdims=True))
        base = rng.binomial(repeats, p) / repeats
        cand = rng.binomial(repeats, np.clip(p_cand, 0, 1)) / repeats
        result = paired.paired_interval(base, cand, binary_single=repeats == 1)
        estimates.append(result.estimate.value)
        ses.append(result.estimate.se)
        los.append(result.lo)
        his.append(result.hi)
    df = max(items - 1, 1)
    return paired.PairedInterval(paired.Estimate(np.concatenate(estimates), np.concatenate(ses), df), np.concatenate(los), np.concatenate(his), "sim")


@pytest.mark.parametrize("items,repeats,mean", SHAPES, ids=[f"{i}x{k}" for i, k, _ in SHAPES])
def test_false_no_go_and_detection(items: int, repeats: int, mean: float) -> None:
    null = simulate(items, repeats, mean, 0.0, seed=items * 100 + repeats)
    no_go = float(np.mean(paired.decide(null.lo, null.hi, 0.0) == "NO-GO"))
    missed = float(np.mean((null.lo > 0) | (null.hi < 0)))
    assert no_go <= binomial_upper(0.05, PAIRS), f"false NO-GO rate {no_go:.3f}"
    assert missed <= binomial_upper(0.05, PAIRS), f"95% interval missed the true difference in {missed:.3f}"

    mde = float(np.median(paired.mde(null.estimate.se, null.estimate.df)))
    assert 0 < mde < 0.2
    twice = simulate(items, repeats, mean, 2 * mde, seed=items * 100 + repeats + 1)
    detected = float(np.mean(paired.decide(twice.lo, twice.hi, 0.0) == "NO-GO"))
    assert detected >= 0.80, f"detection at 2 x MDE ({100 * mde:.2f} points): {detected:.3f}"
    once = simulate(items, repeats, mean, mde, seed=items * 100 + repeats + 2)
    at_mde = float(np.mean(paired.decide(once.lo, once.hi, 0.0) == "NO-GO"))
    assert 0.65 <= at_mde <= 0.90, f"detection at 1 x MDE ({100 * mde:.2f} points): {at_mde:.3f}, expected about 0.80"


def test_go_with_max_drop_at_the_mde_when_nothing_changed() -> None:
    """A release manager's setting: max_drop = MDE. An unchanged model is not NO-GO, and GO in most pairs."""
    null = simulate(198, 8, 0.73, 0.0, seed=7)
    mde = float(np.median(paired.mde(null.estimate.se, null.estimate.df)))
    decisions = paired.decide(null.lo, null.hi, mde)
    assert float(np.mean(decisions == "NO-GO")) <= binomial_upper(0.001, PAIRS)
    assert float(np.mean(decisions == "GO")) >= 0.70
