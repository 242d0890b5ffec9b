"""Helpers of the shard tests: run `evals merge`, and the parts of results.json a merge must reproduce."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.support.evalrun import REPO

# What may differ between a merged run and a single run of the same cases: timing, the run id, the
# concurrency each process saw and the merged run's list of its shards; with shards scored from a seed cache, also what was sent (requests,
# usage) and which replica answered. Everything else in results.json must be identical.
TIMING_KEYS = ("timing", "run_id", "concurrency", "shards")
SENDING_KEYS = ("requests", "usage", "replicas")


def comparable(results: dict[str, Any], seeded: bool = False) -> dict[str, Any]:
    """results.json without its timing fields (and, for runs from a seed cache, without what was sent)."""
    drop = TIMING_KEYS + (SENDING_KEYS if seeded else ())
    return {key: value for key, value in results.items() if key not in drop}


def run_merge(out: Path, shards: list[Path], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "fixtures.cli", "merge", str(out), *map(str, shards)]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=timeout)
