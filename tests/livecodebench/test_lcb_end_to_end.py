"""`pytest evals -k livecodebench` end to end against the loopback server, with the suite's fixture problems."""

from __future__ import annotations

import pytest

from tests.livecodebench.rows import SOLUTIONS
from tests.support.evalrun import run_evals, write_config
from tests.support.loopback import Reply, completion
from tests.support.viewcheck import assert_blocks


def scripted(body: dict) -> Reply:
    """Repeat 0 answers correctly, repeat 1 wrongly (a wrong answer or, for LeetCode, no code block)."""
    prompt = body["messages"][0]["content"]
    qid = next(q for q, marker in MARKERS.items() if marker in prompt)
    if body.get("seed", 0) == 0:
        return Reply(completion(f"Sure.\n```python\n{SOLUTIONS[qid]}```\n", reasoning="thinking"))
    if qid == "3901":
        return Reply(completion("No code here."))
    return Reply(completion("```python\nprint(-1)\n```"))


MARKERS = {"abc901_a": "Print their sum.", "3901": "return the first pair", "1999_C": "maximum prefix sum"}


def run_lcb(config, tmp_path, hub_dir, *args: str):
    return run_evals(
        ["-k", "livecodebench", "--config", str(config), "--data-dir", str(hub_dir.parent), *args],
        tmp_path / "out",
        env={"XDG_CACHE_HOME": str(tmp_path / "cache")},
    )


def test_end_to_end_two_repeats(loopback, tmp_path, hub_dir):
    loopback.handler = scripted
    config = write_config(
        tmp_path / "c.yaml",
        loopback.url,
        {"livecodebench": {"repeats": 2, "options": {"split": "test_v5_2407_2412", "timeout_s": 2}}},
    )
    run = run_lcb(config, tmp_path, hub_dir)
    assert run.returncode == 0, run.stdout + run.stderr
    results = run.results("livecodebench")
    assert results["cases"]["total"] == 6 and results["cases"]["scored"] == 6 and results["cases"]["correct"] == 3
    assert results["cases"]["errors"] == 0
    assert results["headline"]["metric"] == "pass@1[avg-of-2]"
    assert results["headline"]["value"] == pytest.approx(50.0)
    assert results["metrics"]["accuracy"]["pass@2"] == pytest.approx(100.0)
    extra = results["task_metrics"]
    # "No code here." has no fence, so NeMo-Skills runs the whole text: a compile error
    assert extra["outcomes"] == {"passed": 3, "compile_error": 1, "runtime_error": 0, "wrong_answer": 2, "timeout": 0, "no_code": 0}
    assert set(extra["by_difficulty"]) == {"easy", "medium", "hard"}
    assert extra["sandbox_isolation"] and extra["sandbox_isolation"][0] != "None"
    assert set(results["subsets"]["platform"]) == {"atcoder", "leetcode", "codeforces"}
    assert results["dataset"]["items"] == 3
    assert len(loopback.requests) == 6
    sent = loopback.requests[0]["messages"][0]["content"]
    assert sent.startswith("Here is a problem for which you need to generate an executable code in python programming language.\n\n")
    assert list((tmp_path / "cache" / "nemotron-evals" / "livecodebench").glob("test5.jsonl.*.json"))  # row index
    samples = run.samples("livecodebench")
    assert len(samples) == 6
    statuses = sorted(s["verdict"]["details"]["status"] for s in samples)
    assert statuses == ["compile_error", "passed", "passed", "passed", "wrong_answer", "wrong_answer"]
    assert_blocks(run.output_dir / run.run_id, "livecodebench", "Program", "Tests")  # evals view: the program, each test's outcome


def test_end_to_end_under_xdist_gives_the_same_numbers(loopback, tmp_path, hub_dir):
    loopback.handler = scripted
    config = write_config(
        tmp_path / "c.yaml", loopback.url, {"livecodebench": {"repeats": 2, "options": {"timeout_s": 2}}}
    )
    run = run_lcb(config, tmp_path, hub_dir, "-n", "2")
    assert run.returncode == 0, run.stdout + run.stderr
    results = run.results("livecodebench")
    assert results["cases"]["scored"] == 6 and results["cases"]["correct"] == 3
    assert results["headline"]["value"] == pytest.approx(50.0)
    assert results["task_metrics"]["outcomes"]["passed"] == 3
    assert len(loopback.requests) == 6  # each request once across workers


def test_a_program_that_hits_its_time_limit_is_counted_and_warned_about(loopback, tmp_path, hub_dir):
    def handler(body: dict) -> Reply:
        prompt = body["messages"][0]["content"]
        qid = next(q for q, marker in MARKERS.items() if marker in prompt)
        if qid == "abc901_a":
            return Reply(completion("```python\nwhile True:\n    pass\n```"))
        return Reply(completion(f"```python\n{SOLUTIONS[qid]}```"))

    loopback.handler = handler
    config = write_config(tmp_path / "c.yaml", loopback.url, {"livecodebench": {"options": {"timeout_s": 1}}})
    run = run_lcb(config, tmp_path, hub_dir)
    assert run.returncode == 0, run.stdout + run.stderr
    results = run.results("livecodebench")
    assert results["time_limits"] == {"hits": 1, "cases": 1}
    assert results["cases"]["correct"] == 2
    lines = [line for line in run.stdout.splitlines() if line.startswith("time limits: ")]
    assert len(lines) == 1 and lines[0].startswith("time limits: 1 program(s) or step(s) hit their time limit (livecodebench 1)")
    assert "depend on the speed of the machine" in lines[0]
