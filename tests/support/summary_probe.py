"""A pytest plugin for tests/test_failure_reports.py: logs each FAILURES-section lookup an xdist worker makes.

pytest's terminal summary looks up every failure's teardown reports; the file named by
$EVALS_TEST_SUMMARY_LOG gets one line per lookup made in a worker, where nothing of it is shown.
"""

from __future__ import annotations

import os
from typing import Any

import pytest


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    workerinput = getattr(config, "workerinput", None)
    reporter = config.pluginmanager.getplugin("terminalreporter")
    if workerinput is None or reporter is None:
        return
    lookup = reporter._get_teardown_reports

    def logged(nodeid: str) -> Any:
        with open(os.environ["EVALS_TEST_SUMMARY_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{workerinput['workerid']} {nodeid}\n")
        return lookup(nodeid)

    reporter._get_teardown_reports = logged
