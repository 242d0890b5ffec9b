"""The task registry answers "is this benchmark built?" without importing it."""

import sys

from fixtures.registry import TASK_MODULES, is_built, load_task


def test_every_registered_task_is_built_and_loads():
    for name in TASK_MODULES:
        assert is_built(name), name
    assert load_task("mmlu_pro").name == "mmlu_pro"


def test_unknown_or_missing_tasks_are_not_built(monkeypatch):
    assert not is_built("no_such_task")
    monkeypatch.setitem(TASK_MODULES, "ghost", "evals.ghost.task")
    assert not is_built("ghost") and load_task("ghost") is None


def test_asking_does_not_import_the_benchmark(monkeypatch):
    monkeypatch.delitem(sys.modules, "evals.bfcl.task_v4", raising=False)
    assert is_built("bfcl_v4")
    assert "evals.bfcl.task_v4" not in sys.modules
