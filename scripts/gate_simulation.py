"""Print the release gate's simulation figures (README, Release gate): python scripts/gate_simulation.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
from fixtures import paired
from tests.test_paired_simulation import SHAPES, simulate
for items, repeats, mean in SHAPES:
    null = simulate(items, repeats, mean, 0.0, seed=items * 100 + repeats)
    no_go = float(np.mean(paired.decide(null.lo, null.hi, 0.0) == "NO-GO"))
    missed = float(np.mean((null.lo > 0) | (null.hi < 0)))
    mde = float(np.median(paired.mde(null.estimate.se, null.estimate.df)))
    twice = simulate(items, repeats, mean, 2 * mde, seed=items * 100 + repeats + 1)
    once = simulate(items, repeats, mean, mde, seed=items * 100 + repeats + 2)
    print(f"{items}x{repeats}: mde {100*mde:.2f} pts, false NO-GO {no_go:.3f}, CI miss {missed:.3f}, "
          f"detect@2xMDE {np.mean(paired.decide(twice.lo, twice.hi, 0.0) == 'NO-GO'):.3f}, detect@1xMDE {np.mean(paired.decide(once.lo, once.hi, 0.0) == 'NO-GO'):.3f}")
