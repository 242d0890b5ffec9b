"""Faults injected into a real `pytest evals` subprocess: `-p tests.support.faults` with $EVALS_TEST_FAULTS (JSON).

    {"raise_after_record": ["<item id>", ...]}   the test body raises right after case.record()
    {"write_fails": ["<item id>", ...]}          writing the case's sample line fails with ENOSPC
    {"kill_at": {"point": "sample", "n": 7}}     SIGKILL the process after its 7th sample line
    {"kill_at": {"point": "replace", "n": 3}}    SIGKILL the controller before its 3rd atomic rename (the report phase)
    {"kill_at": {"point": "replace", "name": "junit.xml"}}   ... before the rename onto a file of that name
    {"kill_at": {..., "group": true}}            SIGKILL the whole run (an xdist controller and its workers):
                                                 the run must be started in its own process group, and
                                                 $EVALS_TEST_PARENT_PGID names the group that must survive

Used by tests/test_run_integrity.py to reproduce crashes after scoring and kills at chosen points.
"""

from __future__ import annotations

import errno
import json
import os
import signal
from typing import Any

import pytest

from fixtures.cases import CaseRun
from fixtures.runstate import RunState


def _faults() -> dict[str, Any]:
    return json.loads(os.environ.get("EVALS_TEST_FAULTS") or "{}")


def _kill(group: bool) -> None:
    if not group:
        os.kill(os.getpid(), signal.SIGKILL)
    pgid = os.getpgid(0)
    if str(pgid) == os.environ.get("EVALS_TEST_PARENT_PGID", str(pgid)):  # never the test session's own group
        raise RuntimeError("faults: group kill asked, but the run is not in a process group of its own")
    os.killpg(pgid, signal.SIGKILL)


def _kill_after(n: int, group: bool):
    count = 0

    def tick() -> None:
        nonlocal count
        count += 1
        if count == n:
            _kill(group)

    return tick


def pytest_configure(config: pytest.Config) -> None:
    faults = _faults()
    raise_after = set(faults.get("raise_after_record", []))
    write_fails = set(faults.get("write_fails", []))
    kill = faults.get("kill_at") or {}
    group = bool(kill.get("group"))

    if raise_after:
        original_record = CaseRun.record

        def record(self: CaseRun, verdict: Any) -> None:
            original_record(self, verdict)
            if self.spec.item_id in raise_after:
                raise RuntimeError("injected failure after case.record()")

        CaseRun.record = record  # type: ignore[method-assign]

    if write_fails or kill.get("point") == "sample":
        original_write = RunState.write_sample
        tick = _kill_after(int(kill["n"]), group) if kill.get("point") == "sample" else None

        def write_sample(self: RunState, spec: Any, *args: Any, **kwargs: Any) -> None:
            if spec.item_id in write_fails:
                raise OSError(errno.ENOSPC, "No space left on device (injected)")
            original_write(self, spec, *args, **kwargs)
            if tick is not None:
                tick()

        RunState.write_sample = write_sample  # type: ignore[method-assign]

    if kill.get("point") == "replace" and not hasattr(config, "workerinput"):  # the report phase is the controller's
        original_replace = os.replace
        name = kill.get("name")
        tick = _kill_after(int(kill.get("n", 1)), group)

        def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            if name is None or os.path.basename(dst) == name:
                tick()
            original_replace(src, dst, *args, **kwargs)

        os.replace = replace  # type: ignore[assignment]
