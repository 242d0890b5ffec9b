"""A wrong answer's report is cheap: built without formatting the test's arguments (no repr of the run
state, which holds every loaded dataset), under every --tb style; a crashing scorer keeps its traceback.

The tests run a small pytest session in a subprocess with the suite's plugin loaded, whose `case`
is a real CaseRun over stand-ins that count every repr made of them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.evalrun import REPO

CONFTEST = '''
import os
import pytest
from fixtures.cases import CaseRun, CaseSpec
from fixtures.plugin import _remember_wrong_answer
from fixtures.tasks import Dataset, Task

pytest_plugins = ["fixtures.plugin"]


class Counted:
    """Counts the reprs made of it (in the file $REPR_LOG), as the run state and dataset would be formatted."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        with open(os.environ["REPR_LOG"], "a") as log:
            log.write(os.environ.get("PYTEST_CURRENT_TEST", "?").split(" ")[0] + " " + self.name + "\\n")
        return f"<{self.name}>"

    def record_verdict(self, run, verdict):
        pass


class Item:
    id = "q1"


@pytest.fixture
def case(request):
    task = Task(name="demo", title="demo", load=lambda d, o: None, request=lambda i, o: None)
    spec = CaseSpec(task=task, settings=Counted("settings"), options=Counted("options"), item=Item(), repeat=0, index=0,
                    dataset=Dataset(items=[Counted("dataset item")], source="demo"))
    return CaseRun(spec=spec, generation=Counted("generation"), node=request.node, state=Counted("state"),
                   on_wrong=_remember_wrong_answer)


@pytest.fixture
def probe():
    return Counted("probe")
'''

TESTS = '''
from fixtures.verdicts import Verdict


def test_wrong(case, probe):
    verdict = Verdict(correct=False, extracted="B", expected="C", reason="expected C, extracted B")
    case.record(verdict)
    assert verdict.correct, verdict.reason


def score(generation):
    raise ValueError("the scorer broke on this response")


def test_scorer_crash(case, probe):
    case.record(score(case.generation))
'''


def run_session(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], list[str], dict]:
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "test_demo.py").write_text(TESTS)
    log = tmp_path / "reprs.log"
    log.unlink(missing_ok=True)
    report = tmp_path / "report.json"
    env = {**os.environ, "REPR_LOG": str(log), "PYTHONPATH": str(REPO)}
    env.pop("PYTEST_ADDOPTS", None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly", "--json-report",
         f"--json-report-file={report}", *args],
        cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120,
    )
    reprs = log.read_text().splitlines() if log.exists() else []
    tests = {t["nodeid"].split("::")[-1]: t for t in json.loads(report.read_text())["tests"]}
    return done, reprs, tests


@pytest.mark.parametrize("tb", [None, "auto", "long", "short", "line", "native", "no"])
def test_wrong_answer_report_formats_nothing_of_the_case(tmp_path, tb):
    done, reprs, tests = run_session(tmp_path, *([f"--tb={tb}"] if tb else []), "-l" if tb == "long" else "-q")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert tests["test_wrong"]["outcome"] == "failed" and tests["test_scorer_crash"]["outcome"] == "failed"
    assert [r for r in reprs if "test_wrong" in r] == [], output  # not the state, dataset, generation, nor any argument
    wrong = tests["test_wrong"]["call"]
    assert wrong["crash"]["message"] == "wrong answer: expected C, extracted B"
    assert wrong.get("longrepr", "").strip() in ("wrong answer: expected C, extracted B", "")
    assert len(wrong.get("longrepr", "")) < 200
    if tb != "no":
        assert "wrong answer: expected C, extracted B" in output
        assert "FAILED test_demo.py::test_wrong - wrong answer: expected C, extracted B" in output
    # the scorer crash keeps pytest's own report: its exception, and the frames for styles that show them
    crash = tests["test_scorer_crash"]["call"]
    assert "ValueError: the scorer broke on this response" in crash["longrepr"]
    if tb in (None, "auto", "long", "short", "native"):
        assert 'raise ValueError("the scorer broke on this response")' in crash["longrepr"]
    if tb in (None, "auto", "long"):
        # the arguments of the crashing frames are formatted as pytest does, so the counting works
        assert any("test_scorer_crash probe" in r for r in reprs), reprs
        assert "case = CaseRun(demo q1-r0)" in crash["longrepr"]  # the short repr, never the state
    assert not any(r.endswith((" state", " dataset item")) for r in reprs), reprs


def test_wrong_answer_report_under_xdist(tmp_path):
    done, reprs, tests = run_session(tmp_path, "-n", "2", "-q")
    output = done.stdout + done.stderr
    assert tests["test_wrong"]["call"]["crash"]["message"] == "wrong answer: expected C, extracted B", output
    assert "ValueError: the scorer broke on this response" in tests["test_scorer_crash"]["call"]["longrepr"]
    assert [r for r in reprs if "test_wrong" in r] == [], output


def test_xdist_workers_render_no_summary_that_nobody_sees(loopback, tmp_path):
    """The controller prints the FAILURES section and short summary; a worker's own were quadratic and hidden."""
    from tests.support.evalrun import run_evals, write_config
    from tests.test_mmlu_pro import FIXTURE_DATA, answer_book, scripted

    loopback.handler = scripted(answer_book())
    config = write_config(tmp_path / "c.yaml", loopback.url)
    log = tmp_path / "lookups.log"
    run = run_evals(["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA), "-n", "2",
                     "-p", "tests.support.summary_probe", "--tb=auto"], tmp_path / "out", env={"EVALS_TEST_SUMMARY_LOG": str(log)})
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]  # wrong answers are not a failed run
    assert "FAILED evals/mmlu_pro/test_mmlu_pro.py::" in run.stdout  # the controller's summary is whole
    assert not log.exists() or log.read_text() == ""
