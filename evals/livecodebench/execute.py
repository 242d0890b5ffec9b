"""Run one extracted program against its tests in the sandbox and classify the outcome."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fixtures.sandbox import Sandbox, SandboxLimits

from evals.livecodebench.data import Tests

CHILD_SOURCE = (Path(__file__).parent / "runner_child.py").read_text(encoding="utf-8")

PASSED, COMPILE_ERROR, RUNTIME_ERROR, WRONG_ANSWER, TIMEOUT, NO_CODE = (
    "passed", "compile_error", "runtime_error", "wrong_answer", "timeout", "no_code",
)
_BY_CODE = {-2: WRONG_ANSWER, -3: TIMEOUT, -4: RUNTIME_ERROR, -1: TIMEOUT, 0: WRONG_ANSWER}


@dataclass
class Execution:
    """The reference's per-test results (1 pass, -1 global timeout, -2 WA, -3 TLE, -4 RE) and a status."""

    passed: bool
    status: str
    results: list[int]
    metadata: dict[str, Any] = field(default_factory=dict)
    wall_s: float = 0.0

    @property
    def tests_run(self) -> int:
        return len(self.results)


def global_timeout(timeout: int, n_tests: int) -> float:
    """The reference's guard around one program: (timeout + 1) * tests + 5 seconds."""
    return (timeout + 1) * n_tests + 5


def run_program(sandbox: Sandbox, code: str, tests: Tests, *, timeout: int = 6, memory_mb: int = 4096) -> Execution:
    """Run `code` against `tests` with the reference runner's semantics (see runner_child.py)."""
    if not code:
        # The reference runs "" and fails it with [-4]; running it would change nothing.
        return Execution(False, NO_CODE, [-4], {"error_message": "no code extracted"})
    n = len(tests)
    payload = json.dumps(
        {"code": code, "inputs": list(tests.inputs), "outputs": list(tests.outputs), "fn_name": tests.fn_name, "timeout": timeout}
    ).encode("utf-8")
    wall = global_timeout(timeout, n)
    limits = SandboxLimits(wall_s=wall, cpu_s=wall, memory_mb=memory_mb, output_bytes=1_000_000)
    run = sandbox.run_python(CHILD_SOURCE, stdin=payload, limits=limits)
    report = _last_json_line(run.stdout)
    if report is None:
        # The checking process ended without a result (global guard, crash, exit() in a call-based
        # function). The reference's check_correctness then fills [-1] * tests but raises IndexError
        # on its empty metadata list, so its caller keeps its initial [-2] (error_code -5,
        # "TestRunnerError"): the recorded results are [-2]. Either way the generation fails.
        reason = "global timeout" if run.timed_out else f"process ended without a result (exit {run.exit_code}, signal {run.signal})"
        return Execution(False, TIMEOUT if run.timed_out else RUNTIME_ERROR, [-2], {"error_code": -5, "error_message": reason}, run.wall_s)
    results = [int(r) for r in report["results"]]
    passed = all(r > 0 for r in results)
    if passed:
        status = PASSED
    elif report.get("stage") == "compile":
        status = COMPILE_ERROR
    else:
        status = _BY_CODE.get(results[-1] if results else -4, RUNTIME_ERROR)
    return Execution(passed, status, results, report.get("metadata") or {}, run.wall_s)


def _last_json_line(stdout: bytes) -> dict[str, Any] | None:
    for line in reversed(stdout.splitlines()):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict) and isinstance(value.get("results"), list):
            return value
    return None
