"""The run record tells the truth: crashes after scoring, file-descriptor exhaustion, kills at any point and resume."""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
from collections import Counter
from xml.etree import ElementTree

from fixtures.samples import records_from_samples
from tests.support.evalrun import REPO, run_evals, write_config
from tests.test_mmlu_pro import FIXTURE_DATA, answer_book, fixture_items, scripted

COMPARED = ("headline", "cases", "metrics", "subsets", "errors")


def mmlu_args(config) -> list[str]:
    return ["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA)]


def sample_keys(samples) -> Counter:
    return Counter((s["index"], s["repeat"]) for s in samples)


def assert_record_consistent(run, task: str = "mmlu_pro") -> None:
    """results.json says exactly what samples.jsonl says, one line per case."""
    results = run.results(task)
    samples = run.samples(task)
    assert len(samples) == results["cases"]["total"]
    assert max(sample_keys(samples).values()) == 1
    outcomes = Counter(s["outcome"] for s in samples)
    assert results["cases"]["scored"] == outcomes["scored"]
    assert results["cases"]["errors"] == outcomes["error"]
    assert results["cases"]["scoring_failures"] == outcomes["scoring_failure"]


def test_failure_after_record_or_an_unwritable_sample_is_a_scoring_failure(loopback, tmp_path):
    loopback.handler = scripted(answer_book())
    items = [item.id for item in fixture_items()]
    faults = {"raise_after_record": items[:2], "write_fails": items[2:4]}
    config = write_config(tmp_path / "c.yaml", loopback.url)
    run = run_evals([*mmlu_args(config), "-p", "tests.support.faults"], tmp_path / "out",
                    env={"EVALS_TEST_FAULTS": json.dumps(faults)})  # fmt: skip
    assert run.returncode == 6, run.stdout + run.stderr
    results = run.results("mmlu_pro")
    assert results["cases"]["total"] == len(items)
    assert results["cases"]["scoring_failures"] == 4
    assert results["cases"]["scored"] == len(items) - 4
    assert_record_consistent(run)
    by_item = {s["item"]: s for s in run.samples("mmlu_pro")}
    for item in items[:4]:
        assert by_item[item]["outcome"] == "scoring_failure" and by_item[item]["error_kind"] == "scoring"
    assert "injected failure after case.record()" in by_item[items[0]]["error"]
    assert "could not be written" in by_item[items[2]]["error"] and "No space left" in by_item[items[2]]["error"]
    listed = {e["case"] for e in results["errors"]}
    assert {f"{item}-r0" for item in items[:4]} <= listed
    assert "4 case(s) errored" in run.stdout

    gate = tmp_path / "gate.yaml"  # a gate that tolerates errors does not turn a harness failure into a success
    gate.write_text("gates:\n  - {task: mmlu_pro, min: 0, max_error_rate: 1.0}\n")
    gated = run_evals([*mmlu_args(config), "-p", "tests.support.faults", "--gate", str(gate)], tmp_path / "out", "gated",
                      env={"EVALS_TEST_FAULTS": json.dumps(faults)})  # fmt: skip
    assert gated.returncode == 6, gated.stdout[-2000:]
    assert "4 case(s) failed in scoring" in gated.stdout


def _lowered_nofile(soft: int, hard: int | None = None):
    def apply() -> None:
        current_hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard if hard is not None else current_hard))

    return apply


def _run_with_limit(tmp_path, loopback, preexec, run_id: str, repeats: int = 12):
    loopback.handler = scripted(answer_book())
    loopback.latency = 0.3  # every request of the window is in flight at once
    config = write_config(tmp_path / f"{run_id}.yaml", loopback.url, parallelism=512, repeats=repeats)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pytest", "evals", "-p", "no:cacheprovider", "-q", "--tb=line", *mmlu_args(config),
               "--output-dir", str(out), "--run-id", run_id]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=env, timeout=300, preexec_fn=preexec)
    from tests.support.evalrun import EvalRun

    return EvalRun(done.returncode, done.stdout, done.stderr, out, run_id)


def test_a_low_soft_open_files_limit_is_raised_to_the_hard_limit(loopback, tmp_path):
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    assert hard == resource.RLIM_INFINITY or hard >= 1024, "this machine's hard limit is too low for the test"
    run = _run_with_limit(tmp_path, loopback, _lowered_nofile(256), "soft")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    cases = len(fixture_items()) * 12
    results = run.results("mmlu_pro")
    assert results["cases"]["total"] == cases and results["cases"]["errors"] == 0 and results["cases"]["scoring_failures"] == 0
    assert len(run.samples("mmlu_pro")) == cases
    assert "open-files limit" not in run.stderr


def test_a_hard_open_files_limit_too_low_is_named_and_never_looks_like_success(loopback, tmp_path):
    run = _run_with_limit(tmp_path, loopback, _lowered_nofile(160, 160), "hard")
    assert "open-files limit is 160" in run.stderr and "parallelism 512" in run.stderr
    assert run.returncode != 0, run.stdout[-3000:]
    results = run.results("mmlu_pro")
    assert results["cases"]["errors"] + results["cases"]["scoring_failures"] > 0
    assert_record_consistent(run)


# Every file the report phase renames into place, in order; manifest.json last.
REPORT_FILES = ("junit.xml", "samples.jsonl", "results.json", "summary.json", "summary.md", "latest", "pytest-report.json",
                "samples.index.json", "report.html", "manifest.json")


class KilledRuns:
    """The same `pytest evals` command, run again and again with one run id, killed at chosen points."""

    def __init__(self, loopback, tmp_path, processes: int) -> None:
        self.loopback = loopback
        self.out = tmp_path / "out"
        self.run_dir = self.out / "killed"
        self.junit = tmp_path / "junit.xml"
        config = write_config(tmp_path / "c.yaml", loopback.url, parallelism=4, repeats=2)
        self.args = [*mmlu_args(config), f"--junitxml={self.junit}", *(["-n", str(processes)] if processes > 1 else [])]
        self.env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
        self.env["EVALS_TEST_PARENT_PGID"] = str(os.getpgid(0))
        self.command = [sys.executable, "-m", "pytest", "evals", "-p", "no:cacheprovider", "-q", "-p", "tests.support.faults",
                        *self.args, "--output-dir", str(self.out), "--run-id", "killed"]  # fmt: skip

    def kill_when_answered(self, count: int) -> None:
        """SIGKILL the whole run from outside once `count` model requests were answered (generation)."""
        process = subprocess.Popen(self.command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True, env=self.env)  # fmt: skip
        deadline = time.monotonic() + 120
        while self.loopback.count < count and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.01)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        self.check_after_kill("generation")

    def kill_at(self, **point) -> None:
        """SIGKILL the whole run at a point inside it (tests/support/faults.py)."""
        faults = json.dumps({"kill_at": {**point, "group": True}})
        killed = subprocess.run(self.command, cwd=REPO, capture_output=True, text=True, start_new_session=True,
                                env={**self.env, "EVALS_TEST_FAULTS": faults}, timeout=300)  # fmt: skip
        assert killed.returncode == -signal.SIGKILL, (point, killed.stdout[-2000:], killed.stderr[-2000:])
        self.check_after_kill(point)

    def check_after_kill(self, point) -> None:
        """Whatever a kill left is unfinished and whole: no manifest, every report file complete, one line per case."""
        assert not (self.run_dir / "manifest.json").exists(), point
        for path in [*self.run_dir.glob("*.json"), *self.run_dir.glob("*/*.json")]:
            json.loads(path.read_text())
        if self.junit.exists():
            ElementTree.parse(self.junit)
        samples = self.run_dir / "mmlu_pro" / "samples.jsonl"
        if samples.exists():
            keys = Counter((r["case"]["index"], r["case"]["repeat"]) for r in records_from_samples(samples))
            assert max(keys.values()) == 1, point

    def final(self, reference) -> None:
        """The same command run to its end: one line per case, the last session's, and the reference's numbers."""
        final = run_evals(self.args, self.out, "killed")
        assert final.returncode == 0, final.stdout[-3000:] + final.stderr[-3000:]
        samples = final.samples("mmlu_pro")
        cases = reference.results("mmlu_pro")["cases"]["total"]
        assert len(samples) == cases and set(sample_keys(samples).values()) == {1}
        assert [(s["index"], s["repeat"]) for s in samples] == sorted(sample_keys(samples))
        assert all(s["usage"]["cached"] == s["usage"]["requests"] == 1 for s in samples)  # every line is the last session's
        for key in COMPARED:
            assert final.results("mmlu_pro")[key] == reference.results("mmlu_pro")[key], key
        assert json.loads((self.run_dir / "manifest.json").read_text())["complete"] is True
        assert ElementTree.parse(self.junit).getroot().find("testsuite").get("tests") == str(cases)
        leftovers = [p for p in self.out.rglob("*") if p.name.endswith(".tmp") or ".part." in p.name]
        assert leftovers == [] and not list(self.junit.parent.glob("junit.xml.*.tmp"))


def reference_run(loopback, tmp_path):
    loopback.handler = scripted(answer_book())
    loopback.latency = 0.05
    config = write_config(tmp_path / "reference.yaml", loopback.url, parallelism=4, repeats=2)
    reference = run_evals(mmlu_args(config), tmp_path / "reference", "reference")
    assert reference.returncode == 0, reference.stdout
    return reference


def test_kills_at_every_point_then_resume_leave_exactly_one_line_per_case(loopback, tmp_path):
    reference = reference_run(loopback, tmp_path)
    cases = reference.results("mmlu_pro")["cases"]["total"]
    runs = KilledRuns(loopback, tmp_path, processes=1)
    rng = random.Random(20)
    runs.kill_when_answered(loopback.count + rng.randint(10, cases // 2))  # generating
    runs.kill_at(point="sample", n=rng.randint(1, cases))  # scoring
    for n in range(1, len(REPORT_FILES) + 1):  # before each rename of the report phase
        runs.kill_at(point="replace", n=n)
    previous = runs.junit.read_bytes()  # the killed sessions since the first rename published theirs
    runs.kill_at(point="replace", name="junit.xml")  # --junitxml too goes through a temporary file and a rename
    assert runs.junit.read_bytes() == previous and list(runs.junit.parent.glob("junit.xml.*.tmp"))
    runs.final(reference)


def test_kills_under_xdist_then_resume_leave_exactly_one_line_per_case(loopback, tmp_path):
    reference = reference_run(loopback, tmp_path)
    cases = reference.results("mmlu_pro")["cases"]["total"]
    runs = KilledRuns(loopback, tmp_path, processes=2)
    runs.kill_when_answered(loopback.count + cases // 3)  # generating in both workers
    runs.kill_at(point="sample", n=cases // 4)  # a worker scoring: the whole run dies
    for name in ("samples.jsonl", "manifest.json"):  # the controller writing reports (every point: the test above)
        runs.kill_at(point="replace", name=name)
    runs.final(reference)


def test_results_json_is_rebuilt_from_the_samples_alone(loopback, tmp_path):
    from fixtures.config import load_config, resolve_task
    from fixtures.results import aggregate_task

    loopback.handler = scripted(answer_book())
    config = write_config(tmp_path / "c.yaml", loopback.url, repeats=2)
    run = run_evals(mmlu_args(config), tmp_path / "out")
    assert run.returncode == 0, run.stdout
    written = run.results("mmlu_pro")
    settings = resolve_task(load_config(config, {}, []), "mmlu_pro")
    samples_path = tmp_path / "out" / "test-run" / "mmlu_pro" / "samples.jsonl"
    rebuilt = aggregate_task("mmlu_pro", settings, records_from_samples(samples_path), dataset=written["dataset"])
    for key in (*COMPARED, "usage", "finish_reasons", "dataset"):
        assert rebuilt[key] == written[key], key
    line = run.samples("mmlu_pro")[0]
    assert line["outcome"] == "scored" and line["usage"]["requests"] == 1 and "error_kind" not in line
    manifest = json.loads((tmp_path / "out" / "test-run" / "manifest.json").read_text())
    assert manifest["complete"] is True and manifest["exit_status"] == 0 and manifest["shard"] is None
    assert manifest["tasks"]["mmlu_pro"]["items"] == [item.id for item in fixture_items()]
    assert manifest["tasks"]["mmlu_pro"]["cases"] == written["cases"]["total"] and manifest["config_hash"]


def test_a_latest_link_a_killed_run_left_half_made_is_removed(tmp_path):
    """A kill between making `.latest.<pid>` and renaming it over `latest` leaves the hidden link; the next run removes it."""
    from fixtures.plugin import _point_latest

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    stale = tmp_path / f".latest.{int(gone.stdout)}"
    stale.symlink_to("old-run")
    alive = tmp_path / f".latest.{os.getppid()}"  # another live session's, in the middle of its own rename
    alive.symlink_to("other-run")
    (tmp_path / "new-run").mkdir()
    _point_latest(tmp_path / "new-run")
    assert os.readlink(tmp_path / "latest") == "new-run"
    assert not stale.is_symlink() and alive.is_symlink()
