"""pytest plugin for the end-to-end test: the `sandbox` fixture, real when fixtures/sandbox.py exists.

Until the shared sandbox (fixtures/sandbox.py, being written on branch lcb) is on this branch, this
plugin registers a stand-in module `fixtures.sandbox` with SandboxLimits and a `sandbox` fixture
that runs programs as plain subprocesses (no isolation: the end-to-end test only runs the dataset's
ground-truth code). Load it with `-p tests.scicode.standin_sandbox`.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from dataclasses import dataclass

import pytest

from tests.scicode.conftest import StandInSandbox

REAL = importlib.util.find_spec("fixtures.sandbox") is not None

if not REAL:
    @dataclass(frozen=True)
    class SandboxLimits:
        wall_s: float = 10.0
        cpu_s: float | None = None
        memory_mb: int = 2048
        file_size_mb: int = 64
        max_processes: int = 64
        output_bytes: int = 4_000_000

    @pytest.fixture(scope="session")
    def sandbox():
        return StandInSandbox()

    module = types.ModuleType("fixtures.sandbox")
    module.SandboxLimits = SandboxLimits
    module.__doc__ = "stand-in (tests/scicode/standin_sandbox.py)"
    sys.modules["fixtures.sandbox"] = module


def pytest_configure(config: pytest.Config) -> None:
    if REAL and not config.pluginmanager.hasplugin("fixtures.sandbox"):
        config.pluginmanager.import_plugin("fixtures.sandbox")
