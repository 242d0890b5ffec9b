"""Run one extracted program against its tests in the sandbox and classify the outcome."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fixtures.sandbox import Sandbox, SandboxLimits

from evals.livecodebench.data import Tests
from evals.livecodebench.runner_child import compare_stdout, shorten
from evals.livecodebench.values import compare, decode_value

CHILD_SOURCE = (Path(__file__).parent / "runner_child.py").read_text(encoding="utf-8")

PASSED, COMPILE_ERROR, RUNTIME_ERROR, WRONG_ANSWER, TIMEOUT, NO_CODE = (
    "passed", "compile_error", "runtime_error", "wrong_answer", "timeout", "no_code",
)
RUNTIME_ERROR_CODE = -4
_BY_CODE = {-2: WRONG_ANSWER, -3: TIMEOUT, -4: RUNTIME_ERROR, -1: TIMEOUT, 0: WRONG_ANSWER}


@dataclass
class Execution:
    """The reference's per-test results (1 pass, -1 global timeout, -2 WA, -3 TLE, -4 RE) and a status."""

    passed: bool
    status: str
    results: list[int]
    metadata: dict[str, Any] = field(default_factory=dict)
    wall_s: float = 0.0
    time_limit_hit: bool = False  # a test's time limit or the global guard fired

    @property
    def tests_run(self) -> int:
        return len(self.results)


def global_timeout(timeout: int, n_tests: int) -> float:
    """The reference's guard around one program: (timeout + 1) * tests + 5 seconds."""
    return (timeout + 1) * n_tests + 5


class _Referee:
    """The harness side of one program's tests (see runner_child's protocol): hands out one input at
    a time, compares what comes back with the expected output, and keeps the reference's result list.
    Anything out of protocol ends the run without a result (a failure)."""

    def __init__(self, tests: Tests) -> None:
        self.tests = tests
        self.results: list[int] = []
        self.metadata: dict[str, Any] = {}
        self.stage = "compile"
        self.done = False
        self.violation: str | None = None
        self.spent = 0.0
        self._awaiting: str | None = None  # None (before "ready") | "result"

    def _next(self) -> bytes:
        index = len(self.results)
        if index >= len(self.tests):
            return self._finish({"execution time": self.spent})
        self._awaiting = "result"
        return json.dumps({"test": index, "input": self.tests.inputs[index]}).encode()

    def _finish(self, metadata: dict[str, Any]) -> bytes:
        self.metadata, self.done, self._awaiting = metadata, True, None
        return b'{"stop": true}'

    def _fail(self, code: int, metadata: dict[str, Any]) -> bytes:
        self.results.append(code)
        return self._finish(metadata)

    def on_message(self, line: bytes) -> bytes | None:
        if self.done or self.violation:
            return None
        try:
            message = json.loads(line)
            return self._handle(message)
        except Exception as exc:  # noqa: BLE001 - whatever the sandbox sent that does not decode
            self.violation = f"out of protocol: {exc!r}"
            return b'{"stop": true}'

    def _handle(self, m: dict[str, Any]) -> bytes | None:
        index = len(self.results)
        event = m["event"]
        if self._awaiting is None and event == "ready":
            self.stage = "tests"
            return self._next()
        if self._awaiting is None and event == "failed":
            self.stage = m["stage"] if m["stage"] in ("compile", "tests") else "compile"
            return self._fail(RUNTIME_ERROR_CODE, dict(m["metadata"]))
        if event != "result" or m["test"] != index or self._awaiting != "result":
            raise ValueError(f"unexpected message {str(m)[:200]}")
        kind = m["kind"]
        test_input, expected = self.tests.inputs[index], self.tests.outputs[index]
        self.spent += float(m.get("elapsed") or 0.0)
        if kind == "error" and self._awaiting == "result":
            code = int(m["code"])
            if code not in (-3, -4):
                raise ValueError(f"error code {code}")
            label = "Time Limit Exceeded" if code == -3 else "Runtime Error"
            return self._fail(code, {"error": str(m["error"]), "error_code": code, "error_message": label,
                                     "inputs": shorten(test_input), "expected": shorten(expected)})
        if kind == "stdout" and self.tests.fn_name is None and self._awaiting == "result":
            output = str(m["output"])
            passed, message = compare_stdout(output, expected)
            if passed:
                self.results.append(1)
                return self._next()
            return self._fail(-2, {"output": shorten(output), "inputs": shorten(test_input), "expected": shorten(expected),
                                   "error_code": -2, "error_message": message})
        if self.tests.fn_name is None or self._awaiting != "result":
            raise ValueError(f"{kind!r} result out of place")
        args = [json.loads(line) for line in test_input.split("\n")]
        expected_value = json.loads(expected)
        wrong = {"output": str(m.get("shown", ""))[:1000], "inputs": shorten(args), "expected": shorten(expected_value),
                 "error_code": -2, "error_message": "Wrong Answer"}
        if kind == "opaque":
            # `==` would be the program's own code: the reference lets it decide (an object whose
            # __eq__ says yes passes there); here it is a wrong answer (README: deliberate difference)
            return self._fail(0, {**wrong, "error_message": f"Wrong Answer: a {str(m['type'])[:200]} is not compared"})
        if kind == "value":
            outcome = compare(decode_value(m["value"]), expected_value)
            if not outcome.wrong:
                self.results.append(outcome.codes[0])
                return self._next()
            self.results.extend(outcome.codes[:-1])
            if outcome.error:
                return self._fail(outcome.codes[-1], {"error": outcome.error, "error_code": -4, "error_message": "Runtime Error",
                                                      "inputs": shorten(args), "expected": shorten(expected_value)})
            return self._fail(outcome.codes[-1], wrong)
        raise ValueError(f"unexpected result kind {kind!r}")


def run_program(sandbox: Sandbox, code: str, tests: Tests, *, timeout: int = 6, memory_mb: int = 4096) -> Execution:
    """Run `code` against `tests` with the reference runner's semantics (see runner_child.py)."""
    if not code:
        # The reference runs "" and fails it with [-4]; running it would change nothing.
        return Execution(False, NO_CODE, [-4], {"error_message": "no code extracted"})
    n = len(tests)
    payload = json.dumps({"code": code, "fn_name": tests.fn_name, "timeout": timeout}).encode("utf-8")
    wall = global_timeout(timeout, n)
    limits = SandboxLimits(wall_s=wall, cpu_s=wall, memory_mb=memory_mb, output_bytes=100_000)
    referee = _Referee(tests)
    run = sandbox.run_python(CHILD_SOURCE, stdin=payload, limits=limits, warm=True, on_message=referee.on_message)
    if not referee.done:
        # The checking process ended without a result (global guard, crash, exit() in a call-based
        # function, a program that left early or spoke out of protocol). The reference's
        # check_correctness then fills [-1] * tests but raises IndexError on its empty metadata
        # list, so its caller keeps its initial [-2] (error_code -5, "TestRunnerError"): the
        # recorded results are [-2]. Either way the generation fails.
        if referee.violation:
            reason = referee.violation
        elif run.timed_out:
            reason = "global timeout"
        else:
            reason = f"process ended before its tests were done (exit {run.exit_code}, signal {run.signal})"
        status = TIMEOUT if run.timed_out and not referee.violation else RUNTIME_ERROR
        return Execution(False, status, [-2], {"error_code": -5, "error_message": reason}, run.wall_s, run.timed_out)
    results = referee.results
    passed = len(results) == n and all(r > 0 for r in results)
    if passed:
        status = PASSED
    elif referee.stage == "compile":
        status = COMPILE_ERROR
    else:
        status = _BY_CODE.get(results[-1] if results else -4, RUNTIME_ERROR)
    hit = run.timed_out or (results and results[-1] == -3)
    return Execution(passed, status, results, referee.metadata, run.wall_s, bool(hit))
