"""Fixtures of the suite's own tests: the loopback server, the shared data folder, eval subprocess runs;
no test may leave a hostile program's marker file in the checkout (tests/support/checkout_guard.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.checkout_guard import _checkout_stays_clean, pytest_sessionfinish  # noqa: F401 (fixture and hook)
from tests.support.loopback import LoopbackServer

REPO = Path(__file__).resolve().parents[1]


def shared_data_dir() -> Path:
    """../shared/data beside the checkout (or $EVALS_SHARED_DATA): real benchmark data for local runs and CI."""
    return Path(os.environ.get("EVALS_SHARED_DATA") or REPO.parent / "shared" / "data")


@pytest.fixture
def shared_data() -> Path:
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip(f"needs the real benchmark data in {path} (absent in a fresh clone; see README)")
    return path


@pytest.fixture
def loopback():
    with LoopbackServer() as server:
        yield server
