"""SciCode's metrics as NeMo-Skills' SciCodeMetrics computes them (evaluation/metrics/code_metrics.py)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class ProblemRun:
    """One case's outcome: how many of the problem's generated steps passed."""

    problem_id: str
    repeat: int
    passed: int
    total: int


def _pass_at_k(scores: list[float], k: int) -> float:
    # NeMo-Skills' _compute_pass_at_k: the unbiased estimator when every score is 0/1, else max of the first k.
    if all(s in (0, 1) for s in scores):
        wrong = len(scores) - int(sum(scores))
        return 1.0 if wrong < k else 1.0 - math.comb(wrong, k) / math.comb(len(scores), k)
    return float(max(scores[:k]))


def scicode_metrics(runs: Iterable[ProblemRun]) -> dict[str, dict[str, float | int]]:
    """pass@k and pass@1[avg-of-k] of problem_accuracy and subtask_accuracy, in percent, for k = 1..repeats.

    problem_accuracy: a case counts when all its generated steps pass. subtask_accuracy: the number of
    passing steps, summed over problems and divided by num_subtasks (the steps of each problem counted
    once, from its first repeat), i.e. a micro average over the 338 generated steps, not a mean of
    per-problem fractions. The pre-filled steps 13.6, 62.1 and 76.3 are in neither numerator nor
    denominator.
    """
    by_problem: dict[str, list[ProblemRun]] = defaultdict(list)
    for run in runs:
        by_problem[run.problem_id].append(run)
    if not by_problem:
        return {}
    for pid, problem_runs in by_problem.items():
        problem_runs.sort(key=lambda r: r.repeat)
        if len({r.total for r in problem_runs}) != 1:
            raise ValueError(f"problem {pid}: repeats disagree on the number of steps")
    repeats = min(len(v) for v in by_problem.values())
    num_problems = len(by_problem)
    num_subtasks = sum(v[0].total for v in by_problem.values())
    out: dict[str, dict[str, float | int]] = {}
    for k in range(1, repeats + 1):
        sums = {f"pass@{k}": defaultdict(float), f"pass@1[avg-of-{k}]": defaultdict(float)}
        for problem_runs in by_problem.values():
            problem_scores = [float(r.passed == r.total) for r in problem_runs[:repeats]]
            subtask_scores = [float(r.passed) for r in problem_runs[:repeats]]
            for name, scores in (("problem_accuracy", problem_scores), ("subtask_accuracy", subtask_scores)):
                sums[f"pass@{k}"][name] += _pass_at_k(scores, k)
                sums[f"pass@1[avg-of-{k}]"][name] += sum(scores[:k]) / k
        for mode, values in sums.items():
            out[mode] = {
                "problem_accuracy": 100.0 * values["problem_accuracy"] / num_problems,
                "subtask_accuracy": 100.0 * values["subtask_accuracy"] / num_subtasks,
                "num_problems": num_problems,
                "num_subtasks": num_subtasks,
            }
    return out


def runs_from_records(records: Iterable[dict]) -> list[ProblemRun]:
    """ProblemRuns from the harness's scored case records (case: item, repeat; verdict: scores, subsets)."""
    runs = []
    for record in records:
        case, verdict = record["case"], record["verdict"]
        try:
            total = int(verdict["subsets"]["num_steps"])
            fraction = float(verdict["scores"]["subtask_fraction"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"scicode case {case.get('item')}-r{case.get('repeat')}: verdict lacks "
                             f"subsets.num_steps or scores.subtask_fraction") from exc
        runs.append(ProblemRun(str(case["item"]), int(case["repeat"]), round(fraction * total), total))
    return runs


def aggregate(records: list[dict], repeats: int, options: object = None) -> dict:
    """The task's extra metrics for results.json, with subtask_accuracy as the headline (the model card's 33.3).

    Problems with fewer scored repeats than the others (errored cases) are averaged over the repeats
    they have for pass@1[avg-of-k]; NeMo-Skills would refuse to aggregate such a run.
    """
    runs = runs_from_records(records)
    if not runs:
        return {}
    by_mode = scicode_metrics(runs)
    mode = "pass@1" if repeats <= 1 else f"pass@1[avg-of-{repeats}]"
    if mode not in by_mode:  # fewer repeats scored than configured
        mode = max(by_mode, key=lambda m: (m.startswith("pass@1["), len(m)))
    run_values = _per_repeat_subtask_accuracy(runs)
    spread = {}
    if len(run_values) > 1:
        import statistics

        std = statistics.stdev(run_values)
        spread = {"std_dev_across_runs": std, "stderr": std / math.sqrt(len(run_values)), "run_values": run_values}
    return {
        **by_mode,
        "subtask_accuracy_spread": spread,
        "headline": {"metric": mode, "score": "subtask_accuracy", "value": by_mode[mode]["subtask_accuracy"]},
    }


def _per_repeat_subtask_accuracy(runs: list[ProblemRun]) -> list[float]:
    by_repeat: dict[int, list[ProblemRun]] = defaultdict(list)
    for run in runs:
        by_repeat[run.repeat].append(run)
    return [100.0 * sum(r.passed for r in rs) / sum(r.total for r in rs) for _, rs in sorted(by_repeat.items())]
