"""Scoring one case: run each generated step's test program in the sandbox; the harness compares its values with the targets."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Protocol

from fixtures.verdicts import Verdict

from evals.scicode.compare import StepChecks, read_targets
from evals.scicode.program import split_step, step_program
from evals.scicode.records import SciCodeGeneration, SciCodeProblem, StepOutput


class PythonSandbox(Protocol):
    """The part of fixtures.sandbox.Sandbox that SciCode uses."""

    def run_python(self, source: str, *, stdin: bytes = b"", files: dict | None = None,
                   limits: Any = None, read_paths: list[str] | None = None, on_message: Any = None) -> Any: ...


@dataclass
class StepResult:
    step_number: str
    passed: bool
    status: str  # "passed" | "failed" | "timeout" | "out_of_context" | "exited_early"
    exit_code: int | None = None
    stderr_tail: str = ""


def as_generation(result: Any) -> SciCodeGeneration:
    """The generation of a case, whether the harness hands back the dataclass or its JSON form."""
    if isinstance(result, SciCodeGeneration):
        return result
    if isinstance(result, dict) and "steps" in result:
        names = {f.name for f in fields(StepOutput)}
        steps = [s if isinstance(s, StepOutput) else StepOutput(**{k: v for k, v in s.items() if k in names})
                 for s in result["steps"]]
        return SciCodeGeneration(problem_id=str(result.get("problem_id", "")), steps=steps,
                                 generations=list(result.get("generations") or []))
    raise TypeError(f"expected a SciCode generation, got {type(result).__name__}")


def run_step(problem: SciCodeProblem, step: StepOutput, *, sandbox: PythonSandbox, targets_path: Path,
             limits: Any) -> StepResult:
    """Execute one step's test program; it passes when every assert was checked by the harness against
    the target and held, and the program then exited with status 0 within its time limit."""
    if step.status == "out_of_context":
        return StepResult(step.step_number, False, "out_of_context")
    cases = split_step(problem, step.index)
    try:
        targets = read_targets(str(targets_path), step.step_number, len(cases))
    except (KeyError, OSError, ValueError) as exc:  # the reference's program raises here: the step fails
        return StepResult(step.step_number, False, "failed", None, f"targets of step {step.step_number}: {exc}")
    checks = StepChecks(step.step_number, cases, targets)
    program = step_program(problem, step.index, step.solution)
    run = sandbox.run_python(program, limits=limits, on_message=checks.on_message)
    stderr = run.stderr.decode("utf-8", "replace") if isinstance(run.stderr, bytes) else str(run.stderr)
    tail = "\n".join([*checks.failures[:1], stderr[-2000:]]).strip()
    if run.timed_out:
        return StepResult(step.step_number, False, "timeout", run.exit_code, tail)
    if run.exit_code != 0 or checks.failures:
        return StepResult(step.step_number, False, "failed", run.exit_code, tail)
    if not checks.passed:
        why = f"{checks.checked} of the step's asserts were checked, then the program exited"
        return StepResult(step.step_number, False, "exited_early", run.exit_code, f"{why}\n{tail}".strip())
    return StepResult(step.step_number, True, "passed", run.exit_code, "")


def score(problem: SciCodeProblem, generation: Any, *, sandbox: PythonSandbox, targets_path: str | Path,
          limits: Any, parallel_steps: int = 1) -> Verdict:
    """The verdict of one case: correct when every generated step passes (NeMo-Skills' problem_accuracy).

    `scores["subtask_fraction"]` is the case's share of passing steps and `subsets["num_steps"]` its
    number of generated steps: from the two, `aggregate` recovers the counts behind NeMo-Skills'
    subtask_accuracy (a micro average over steps, which a mean of per-case fractions is not).
    """
    result = as_generation(generation)
    by_index = {s.index: s for s in result.steps}
    scored = problem.scored_steps
    missing = [problem.steps[i].step_number for i in scored if i not in by_index]
    if missing:
        raise ValueError(f"problem {problem.id}: the generation has no output for steps {missing}")
    def run(i: int) -> StepResult:
        return run_step(problem, by_index[i], sandbox=sandbox, targets_path=Path(targets_path), limits=limits)

    if parallel_steps > 1 and len(scored) > 1:
        with ThreadPoolExecutor(max_workers=min(parallel_steps, len(scored))) as pool:
            results = list(pool.map(run, scored))
    else:
        results = [run(i) for i in scored]
    passed = sum(r.passed for r in results)
    failing = [f"{r.step_number} ({r.status})" for r in results if not r.passed]
    reason = (f"all {len(results)} steps pass" if not failing
              else f"{passed}/{len(results)} steps pass; failing: {', '.join(failing)}")
    return Verdict(
        correct=passed == len(results),
        extracted=f"{passed}/{len(results)}",
        expected=f"{len(results)}/{len(results)}",
        reason=reason,
        scores={"subtask_fraction": passed / len(results)},
        subsets={"num_steps": str(len(results))},
        details={
            "subtasks_passed": passed,
            "subtasks_total": len(results),
            "time_limit_hits": sum(r.status == "timeout" for r in results),
            "steps": [r.__dict__ for r in results],
        },
    )
