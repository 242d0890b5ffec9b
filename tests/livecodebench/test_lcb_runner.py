"""Our runner against the reference runner's recorded verdicts, hostile programs, scoring and metrics."""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from evals.livecodebench.data import Tests, load_problems, parse_split
from evals.livecodebench.execute import run_program
from evals.livecodebench.metrics import failure_counts
from evals.livecodebench.runner_child import compare_stdout, inline_main_guard
from evals.livecodebench.score import score
from tests.livecodebench.fidelity_cases import CASES, DELIBERATE, TIMEOUT_S
from tests.livecodebench.rows import SOLUTIONS
from tests.support.sysdeps import require_full_isolation

REFERENCE = json.loads((Path(__file__).parent / "reference_verdicts.json").read_text())


def as_tests(spec: dict) -> Tests:
    return Tests(tuple(spec["inputs"]), tuple(spec["outputs"]), spec["fn_name"])


def test_every_case_has_a_recorded_reference_verdict():
    assert REFERENCE["timeout_s"] == TIMEOUT_S
    assert sorted(REFERENCE["verdicts"]) == sorted(name for name, _, _ in CASES)
    passed = [name for name, v in REFERENCE["verdicts"].items() if v["passed"]]
    assert 10 < len(passed) < len(CASES) - 10  # the table exercises both sides


@pytest.fixture(scope="module")
def table_runs(box):
    """All programs of the table, run through the sandbox pool at once (as a scoring run would)."""
    with ThreadPoolExecutor(max_workers=2 * box.workers) as pool:
        runs = pool.map(lambda case: run_program(box, case[2], as_tests(case[1]), timeout=TIMEOUT_S), CASES)
        return {name: run for (name, _, _), run in zip(CASES, runs)}


@pytest.mark.parametrize("name", [c[0] for c in CASES])
def test_same_verdict_as_the_reference_runner(table_runs, name):
    expected = DELIBERATE.get(name, REFERENCE["verdicts"][name])
    if name in DELIBERATE:
        assert expected != {k: REFERENCE["verdicts"][name][k] for k in expected}  # still a difference
    execution = table_runs[name]
    assert execution.passed == expected["passed"], execution.metadata
    assert execution.results == expected["results"], execution.metadata


def test_comparison_rule_in_isolation():
    assert compare_stdout("1.0\n", "1")[0] and compare_stdout("2.00 3", "2 3.0")[0]
    assert not compare_stdout("0.30000000000000004", "0.3")[0]
    assert compare_stdout("  a b  \n\n", "a b")[0]
    assert not compare_stdout("a  b", "a b")[0]  # not numbers, not equal strings
    assert not compare_stdout("1\n2", "1")[0]
    assert not compare_stdout("YES", "Yes")[0]
    assert inline_main_guard("x = 1\nif __name__ == \"__main__\":\n    print(x)\n") == "x = 1\nprint(x)"


HOSTILE = {
    "reads_api_key": "import os\nprint(os.environ.get('NGC_API_KEY', 'none'))\n",
    "fork_bomb": "import posix\nwhile True:\n    try:\n        posix.fork()\n    except OSError:\n        pass\n",
    "memory_bomb": "x = [bytearray(2**30) for _ in range(64)]\nprint(6)\n",
    "kills_parent": "import posix, signal\nposix.kill(posix.getppid(), signal.SIGKILL)\nprint(7)\n",
    "opens_socket": "import socket\nsocket.create_connection(('127.0.0.1', 9), timeout=1)\nprint(6)\n",
    "prints_gigabytes": "import sys\nwhile True:\n    print('6' * 100000)\n",
    "writes_outside": "import io\nio.open('/etc/evals-pwned', 'w').write('x')\nprint(6)\n",
}


ONE_TEST = Tests(("1\n",), ("6\n",), None)


@pytest.fixture(scope="module")
def hostile_runs(box):
    """The hostile programs, all at once, with NGC_API_KEY="6" in the environment: a program that
    echoes the key would pass if it leaked. Under full isolation only (else they would run against
    this machine: fork bomb, writes to /etc as root)."""
    require_full_isolation(box)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NGC_API_KEY", "6")
        with ThreadPoolExecutor(max_workers=len(HOSTILE)) as pool:
            runs = pool.map(lambda code: run_program(box, code, ONE_TEST, timeout=1, memory_mb=1024), HOSTILE.values())
            return dict(zip(HOSTILE, runs))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_programs_fail_and_the_run_goes_on(box, hostile_runs, name):
    execution = hostile_runs[name]
    assert not execution.passed, (name, execution)
    assert not os.path.exists("/etc/evals-pwned")
    assert run_program(box, "input()\nprint(6)\n", ONE_TEST, timeout=1).passed


def test_score_fixture_problems_and_count_failures(box, hub_dir):
    problems = load_problems(hub_dir, parse_split("test_v5_2407_2412"))
    records = []
    for problem in problems:
        good = score(problem, f"Here:\n```python\n{SOLUTIONS[problem.question_id]}```\n", box)
        assert good.correct, good.reason
        assert good.subsets["difficulty"] == problem.difficulty and good.subsets["platform"] == problem.platform
        assert good.details["tests"] == len(problem.public_tests) + (3 if problem.question_id != "1999_C" else 1)
        bad = score(problem, "```python\nprint(\n```", box)
        assert not bad.correct and bad.details["status"] == "compile_error" and bad.scores["compile_error"] == 1.0
        none = score(problem, "I cannot solve this.", box)
        assert not none.correct
        for verdict in (good, bad, none):
            records.append({"verdict": {"correct": verdict.correct, "scores": verdict.scores, "subsets": verdict.subsets}})
    wrong = score(problems[0], "```python\nprint(5)\n```", box)
    assert wrong.details["status"] == "wrong_answer" and "expected '6\\n'" in wrong.reason
    counts = failure_counts(records)
    assert counts["outcomes"]["passed"] == 3 and counts["outcomes"]["compile_error"] == 6
    assert counts["by_difficulty"]["hard"] == {"passed": 1, "compile_error": 2, "runtime_error": 0, "wrong_answer": 0, "timeout": 0, "no_code": 0}
    assert set(counts["by_platform"]) == {"atcoder", "leetcode", "codeforces"}
    assert counts["sandbox_isolation"] == [box.isolation["summary"]]
