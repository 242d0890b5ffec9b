"""AIME test helpers: where the real data lies."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def shared_data_dir() -> Path:
    """../shared/data beside the repository, or $EVALS_SHARED_DATA."""
    env = os.environ.get("EVALS_SHARED_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


@pytest.fixture
def real_aime_dir() -> Path:
    data_dir = shared_data_dir()
    if not (data_dir / "aime2025" / "test.jsonl").is_file():
        pytest.skip(f"needs ../shared/data/aime2025/test.jsonl (looked in {data_dir}; set EVALS_SHARED_DATA)")
    return data_dir
