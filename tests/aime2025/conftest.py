"""AIME test helpers: where the real data lies."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import shared_data_dir


@pytest.fixture
def real_aime_dir() -> Path:
    data_dir = shared_data_dir()
    if not (data_dir / "aime2025" / "test.jsonl").is_file():
        pytest.skip(f"needs ../shared/data/aime2025/test.jsonl (looked in {data_dir}; set EVALS_SHARED_DATA)")
    return data_dir
