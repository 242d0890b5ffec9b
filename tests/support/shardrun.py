"""Helpers of the shard tests: run `evals merge`, and the parts of results.json a merge must reproduce."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.support.evalrun import REPO

# Everything in results.json that is computed from the verdicts: what merged shards must give exactly.
METRIC_KEYS = ("headline", "metrics", "subsets", "task_metrics", "cases", "model_card", "repeats", "dataset")


def comparable(results: dict[str, Any]) -> dict[str, Any]:
    return {key: results.get(key) for key in METRIC_KEYS}


def run_merge(out: Path, shards: list[Path], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "fixtures.cli", "merge", str(out), *map(str, shards)]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=timeout)
