"""Fixtures of the LiveCodeBench tests: a hub-layout data folder built from the suite's own problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.sandbox import Sandbox
from tests.livecodebench.rows import write_hub_dir


@pytest.fixture(scope="session")
def hub_dir(tmp_path_factory) -> Path:
    return write_hub_dir(tmp_path_factory.mktemp("lcb-hub"))


@pytest.fixture(scope="module")
def box():
    with Sandbox(workers=2) as sandbox:
        yield sandbox
