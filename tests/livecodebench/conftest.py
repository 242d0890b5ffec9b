"""Fixtures of the LiveCodeBench tests: a hub-layout data folder built from the suite's own problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.sandbox import Sandbox
from tests.livecodebench.rows import write_hub_dir


@pytest.fixture(scope="session")
def hub_dir(tmp_path_factory) -> Path:
    """<data-dir>/livecodebench holding test.jsonl ... test6.jsonl; `--data-dir` is its parent."""
    return write_hub_dir(tmp_path_factory.mktemp("data-dir") / "livecodebench")


@pytest.fixture(scope="module")
def box():
    with Sandbox(workers=2) as sandbox:
        yield sandbox


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Row indexes go to a temporary cache, never to the user's ~/.cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
