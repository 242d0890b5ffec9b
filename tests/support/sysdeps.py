"""Tests that need a system dependency (a Debian package, root, a kernel feature) skip without it.

CI sets EVALS_REQUIRE_SYSTEM_DEPS=1 (.ci/run): there such a skip is a failure, so nothing that can
run on CI is skipped silently.
"""

from __future__ import annotations

import os

import pytest


def strict() -> bool:
    return os.environ.get("EVALS_REQUIRE_SYSTEM_DEPS") == "1"


def require(available: bool, reason: str) -> None:
    """Skip (or, under CI, fail) the calling test with `reason` when `available` is false."""
    if available:
        return
    if strict():
        pytest.fail(f"system dependency missing under EVALS_REQUIRE_SYSTEM_DEPS=1: {reason}", pytrace=False)
    pytest.skip(reason)


def require_full_isolation(box) -> None:
    """Before a test runs a hostile program (fork bomb, writes to the checkout, ...) through `box`:
    without every protection of the sandbox (bubblewrap) that program would run against the
    user's own machine, files and processes, so the test skips (under CI: fails) instead."""
    missing = box.missing()
    require(not missing, f"hostile programs run only under full isolation; missing here: {missing} "
            "(apt-get install bubblewrap; unprivileged user namespaces)")
