"""Score one LiveCodeBench case: extract the code, run it against all tests in the sandbox."""

from __future__ import annotations

from dataclasses import dataclass

from fixtures.sandbox import Sandbox
from fixtures.verdicts import Verdict

from evals.livecodebench.data import LcbProblem, Tests, load_tests
from evals.livecodebench.execute import (
    COMPILE_ERROR, NO_CODE, RUNTIME_ERROR, TIMEOUT, WRONG_ANSWER, Execution, run_program,
)
from evals.livecodebench.extract import extract_code

#: Failure kinds, each a per-case 0/1 score so that the harness reports its rate and aggregate() its count.
FAILURE_KINDS = (COMPILE_ERROR, RUNTIME_ERROR, WRONG_ANSWER, TIMEOUT, NO_CODE)


@dataclass(frozen=True)
class LcbOptions:
    """Task options (YAML `options:`). The split and dates select problems; the rest is the runner's."""

    split: str = "test_v5_2407_2412"
    release_version: str | None = None  # default: the split's (release_v5 for test_v5_...)
    start_date: str | None = None  # YYYY-MM-DD, inclusive; overrides the split's first day
    end_date: str | None = None  # YYYY-MM-DD, inclusive; overrides the split's last day
    timeout_s: int = 6  # per test, as NeMo-Skills' LiveCodeBenchEvaluatorConfig
    memory_mb: int = 4096  # address-space limit per program (the reference sets none)
    hub_revision: str = "main"  # when no --data-dir is given, files are fetched from the hub at this revision


def verdict_from_execution(
    problem: LcbProblem, code: str, execution: Execution, n_tests: int, isolation: str | None = None
) -> Verdict:
    """The case's verdict; `isolation` (the sandbox's summary) becomes a subset label, so results.json
    states which isolation the programs ran under."""
    meta = execution.metadata
    if execution.passed:
        reason = f"passed all {n_tests} tests"
    elif execution.status == NO_CODE:
        reason = "no code could be extracted from the response"
    else:
        where = f"test {execution.tests_run} of {n_tests}" if "expected" in meta or "error" in meta else "before any test result"
        reason = f"{execution.status} at {where}: {meta.get('error_message', '')}"
        if "expected" in meta:
            reason += f"; expected {meta['expected']!r}, got {meta.get('output', meta.get('error', ''))!r}"
    return Verdict(
        correct=execution.passed,
        extracted=None,  # code has no majority vote; NeMo-Skills reports none for LiveCodeBench
        expected=None,
        reason=reason,
        scores={kind: float(execution.status == kind) for kind in FAILURE_KINDS},
        subsets={"difficulty": problem.difficulty, "platform": problem.platform, **({"sandbox": isolation} if isolation else {})},
        details={
            "status": execution.status,
            "unextracted": execution.status == NO_CODE,
            "results": execution.results,
            "tests": n_tests,
            "metadata": meta,
            "code": code,
            "exec_wall_s": round(execution.wall_s, 3),
            "time_limit_hits": int(execution.time_limit_hit),
        },
    )


def score(problem: LcbProblem, content: str, sandbox: Sandbox, options: LcbOptions = LcbOptions(), tests: Tests | None = None) -> Verdict:
    code = extract_code(content)
    tests = tests if tests is not None else load_tests(problem)
    execution = run_program(sandbox, code, tests, timeout=options.timeout_s, memory_mb=options.memory_mb)
    return verdict_from_execution(problem, code, execution, len(tests), sandbox.isolation.get("summary"))
