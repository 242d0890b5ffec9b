"""The report's histogram and percentiles without numpy (fixtures.report.distribution), checked against numpy."""

from __future__ import annotations

import random

import numpy as np
import pytest

from fixtures.report.distribution import histogram, percentile

_rng = random.Random(20261206)
ARRAYS = {
    "single value": [7.0],
    "all equal": [3, 3, 3, 3],
    "all equal floats": [0.125] * 5,
    "ints": [40, 940, 512, 77, 77, 300, 899, 41, 640],
    "ints on the bin edges": list(range(31)),
    "floats": [_rng.uniform(0.001, 0.05) for _ in range(200)],
    "tenths": [n / 10 for n in range(-20, 21)],
    "lognormal latencies": [_rng.lognormvariate(0, 1.5) for _ in range(1000)],
}


@pytest.mark.parametrize("values", ARRAYS.values(), ids=ARRAYS.keys())
def test_the_histogram_is_numpy_s(values):
    counts, edges = histogram(values, bins=30)
    expected_counts, expected_edges = np.histogram(values, bins=30)
    assert counts == expected_counts.tolist()
    assert edges == expected_edges.tolist()  # the same arithmetic, so the same floats
    assert sum(counts) == len(values)


@pytest.mark.parametrize("values", ARRAYS.values(), ids=ARRAYS.keys())
def test_percentiles_are_numpy_s_linear_interpolation(values):
    for q in (0, 10, 33.3, 50, 90, 99, 100):
        assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)), rel=1e-15, abs=1e-15), q


def test_no_values_is_an_error_not_a_figure():
    with pytest.raises(ValueError):
        histogram([])
    with pytest.raises(ValueError):
        percentile([], 50)
