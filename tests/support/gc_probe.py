"""A pytest plugin for tests/test_gc_during_runs.py: writes whether the cyclic collector is on at each stage.

The file named by $EVALS_TEST_GC_LOG gets one line per stage: `stage enabled freeze_count`.
"""

from __future__ import annotations

import gc
import os

import pytest


def _log(stage: str) -> None:
    with open(os.environ["EVALS_TEST_GC_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{stage} {gc.isenabled()} {gc.get_freeze_count()}\n")


def pytest_runtest_call() -> None:
    _log("call")


def pytest_terminal_summary() -> None:
    _log("terminal_summary")


@pytest.hookimpl(trylast=True)
def pytest_unconfigure() -> None:
    _log("unconfigure")
