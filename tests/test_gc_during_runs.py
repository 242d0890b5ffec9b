"""The cyclic collector during a run: frozen every thousand tests, off from the run's end to unconfigure
(fixtures/gcpause.py), and switched back on for whatever runs after the session in the same process."""

from __future__ import annotations

import gc
from types import SimpleNamespace

from fixtures.gcpause import FreezeEvery
from tests.support.evalrun import run_evals, write_config
from tests.test_mmlu_pro import FIXTURE_DATA


def test_freeze_every_freezes_after_each_nth_finished_test():
    freezer = FreezeEvery(every=3)
    try:
        gc.unfreeze()
        seen, kept = [], []
        for n in range(7):
            kept.append([[] for _ in range(10)])  # what a finished test leaves alive (its reports, its record)
            for when in ("setup", "call", "teardown"):
                freezer.pytest_runtest_logreport(SimpleNamespace(when=when))
            seen.append(gc.get_freeze_count())
        frozen_at = [n for n in range(1, 7) if seen[n] > seen[n - 1]]
        assert seen[0] == 0 and frozen_at == [2, 5], seen  # the 3rd and the 6th teardown
    finally:
        gc.unfreeze()


def test_the_collector_runs_during_the_tests_and_is_off_from_the_run_end_to_unconfigure(loopback, tmp_path):
    log = tmp_path / "gc.log"
    config = write_config(tmp_path / "c.yaml", loopback.url)
    run = run_evals(["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA), "--limit", "3",
                     "-p", "tests.support.gc_probe"], tmp_path / "out", env={"EVALS_TEST_GC_LOG": str(log)})
    assert run.returncode in (0, 1), run.stdout + run.stderr
    stages = [line.split() for line in log.read_text().splitlines()]
    calls = [s for s in stages if s[0] == "call"]
    assert len(calls) == 3 and all(s[1] == "True" for s in calls), stages
    assert int(calls[0][2]) > 0  # what collection made is frozen before the first test
    assert [["terminal_summary", "False"]] == [s[:2] for s in stages if s[0] == "terminal_summary"], stages
    assert stages[-1][:2] == ["unconfigure", "True"], stages
