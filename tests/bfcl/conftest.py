"""Locate the shared BFCL data (../shared/data/bfcl or $EVALS_SHARED_DATA/bfcl)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def shared_data() -> Path:
    env = os.environ.get("EVALS_SHARED_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


def bfcl_dir(file_set: str) -> Path:
    """The BFCL data dir of a file set, or skip the test with the reason."""
    path = shared_data() / "bfcl" / file_set
    if not path.is_dir():
        pytest.skip(f"needs ../shared/data/bfcl/{file_set} (BFCL data, or set EVALS_SHARED_DATA)")
    return path
