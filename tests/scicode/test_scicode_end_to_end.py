"""evals/scicode/test_scicode.py run as a user runs it, against the loopback server and a built targets file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from evals.scicode.data import function_name
from tests.scicode.conftest import BUILT_PROBLEMS, REPO_ROOT
from tests.support.loopback import LoopbackServer, Reply, completion
from tests.support.viewcheck import assert_blocks

NEXT_STEP = "NEXT STEP - PROBLEM DESCRIPTION AND FUNCTION HEADER:"
#: A step answer that tries to forge a pass: whatever looks like the end marker in its own file,
#: then status 0 before any test case ran.
FORGER = (
    "print(*__import__('re').findall(r'scicode-step-done-\\w+', open(__file__).read()), 'scicode-step-done-' + '0' * 32)\n"
    "raise SystemExit(0)\n"
)


#: A step answer that makes every comparison in its own process true (the reference's asserts would pass it).
PATCHER = "__import__('numpy').allclose = lambda *a, **k: True\ndef {name}(*args, **kwargs):\n    return None\n"


def test_scicode_module_end_to_end(problems, scicode_dir, dev_targets, tmp_path):
    chosen = [problems[pid] for pid in BUILT_PROBLEMS]
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    rows = {json.loads(line)["problem_id"]: line
            for line in (scicode_dir / "problems_dev.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()}
    (data_dir / "problems_dev.jsonl").write_text("".join(rows[p.id] + "\n" for p in chosen), encoding="utf-8")

    by_header = {step.function_header: step for p in chosen for step in p.steps}
    last_of_29 = problems["29"].steps[-1]

    def answer(body):
        prompt = body["messages"][-1]["content"]
        next_step = prompt.split(NEXT_STEP, 1)[1]
        step = next(s for header, s in by_header.items() if header in next_step)
        code = step.ground_truth_code
        if step.step_number == "38.3" and body.get("seed") == 1:
            code = "def reciprocal(*arg):\n    return 0.0"  # wrong in the second repeat only
        if step.step_number == "19.2" and body.get("seed") == 1:
            code = FORGER  # prints what it can find of an end marker and leaves before the tests
        if step is last_of_29 and body.get("seed") == 1:
            code = PATCHER.format(name=function_name(step.function_header))
        return Reply(completion(f"```python\n# Background: ...\n{code}\n```", reasoning="thinking"))

    with LoopbackServer(answer) as server:
        command = [
            sys.executable, "-m", "pytest", "evals/scicode/test_scicode.py", "-q", "-p", "no:cacheprovider",
            "--base-url", server.url, "--model", "loopback", "--api-key-env", "none",
            "--data-dir", str(data_dir), "--repeats", "2", "--output-dir", str(tmp_path / "out"), "--run-id", "e2e",
            "--set", "tasks.scicode.options.split=dev",
            "--set", f"tasks.scicode.options.targets_path={dev_targets}",
        ]
        done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
        requests = list(server.requests)

    output = done.stdout + done.stderr
    assert "3 failed, 5 passed" in output, output[-3000:]
    assert "test_scicode[29-r1]" in output and f"{last_of_29.step_number} (failed)" in output
    assert "test_scicode[38-r1]" in output and "38.3 (failed)" in output
    assert "test_scicode[19-r1]" in output and "19.2 (exited_early)" in output
    assert len(requests) == 2 * sum(len(p.steps) for p in chosen)
    assert {r.get("seed") for r in requests} == {0, 1}

    results = json.loads((tmp_path / "out" / "e2e" / "scicode" / "results.json").read_text(encoding="utf-8"))
    assert results["cases"]["total"] == 8 and results["cases"]["correct"] == 5 and results["cases"]["errors"] == 0
    metrics = results["task_metrics"]
    # 9 steps; repeat 0 passes all 9, repeat 1 passes 6: (9 + 6) / 2 / 9
    assert metrics["pass@1[avg-of-2]"]["subtask_accuracy"] == pytest.approx(100 * 15 / 18)
    assert metrics["pass@1[avg-of-2]"]["problem_accuracy"] == pytest.approx(100 * 5 / 8)
    assert metrics["pass@1[avg-of-2]"]["num_subtasks"] == 9
    assert results["headline"]["score"] == "subtask_accuracy"
    assert results["headline"]["value"] == pytest.approx(100 * 15 / 18)
    assert results["dataset"]["revision"].startswith("sha256:")
    samples = [json.loads(line) for line in (tmp_path / "out" / "e2e" / "scicode" / "samples.jsonl").read_text().splitlines()]
    assert [s["verdict"]["details"]["time_limit_hits"] for s in samples] == [0] * 8
    assert_blocks(tmp_path / "out" / "e2e", "scicode", "Steps", "Step ")  # evals view: each step's outcome and program


def test_a_step_that_hits_its_time_limit_is_counted_and_warned_about(problems, scicode_dir, dev_targets, tmp_path):
    """Problem 1 (one step) answers with a loop that never ends: its step hits a 3 s limit."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    rows = [line for line in (scicode_dir / "problems_dev.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip() and json.loads(line)["problem_id"] == "1"]  # fmt: skip
    (data_dir / "problems_dev.jsonl").write_text(rows[0] + "\n", encoding="utf-8")
    header = problems["1"].steps[0].function_header
    loop = header.rstrip() + "\n    while True:\n        pass\n"

    with LoopbackServer(lambda body: Reply(completion(f"```python\n{loop}```"))) as server:
        command = [
            sys.executable, "-m", "pytest", "evals/scicode/test_scicode.py", "-q", "-p", "no:cacheprovider",
            "--base-url", server.url, "--model", "loopback", "--api-key-env", "none", "--data-dir", str(data_dir),
            "--repeats", "1", "--output-dir", str(tmp_path / "out"), "--run-id", "slow",
            "--set", "tasks.scicode.options.split=dev", "--set", "tasks.scicode.options.timeout_s=3",
            "--set", f"tasks.scicode.options.targets_path={dev_targets}",
        ]  # fmt: skip
        done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)

    folder = tmp_path / "out" / "slow" / "scicode"
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    [sample] = [json.loads(line) for line in (folder / "samples.jsonl").read_text().splitlines()]
    assert sample["verdict"]["details"]["steps"][0]["status"] == "timeout", done.stdout[-3000:]
    assert results["time_limits"] == {"hits": 1, "cases": 1}
    lines = [line for line in done.stdout.splitlines() if line.startswith("time limits: ")]
    assert len(lines) == 1 and lines[0].startswith("time limits: 1 program(s) or step(s) hit their time limit (scicode 1)")
    assert "SciCode's 3 s step limit is tight" in lines[0] and "model card" not in lines[0]
