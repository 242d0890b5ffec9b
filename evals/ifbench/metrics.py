"""IFBench metrics over repeats, as NeMo-Skills' IFMetrics (7205c43) and IFBench's print_report compute them.

- prompt-level accuracy: prompts whose instructions are all followed / prompts;
- instruction-level accuracy: followed instructions / instructions, counted over all instructions
  of all prompts (not an average of per-prompt fractions: a two-instruction prompt weighs twice);
- both strict and loose, and `average_score`, the mean of the four;
- `pass@1[avg-of-k]`: the mean over repeats; `pass@k`: per prompt the unbiased estimator on the
  prompt verdicts, and for instruction counts NeMo-Skills' rule (the estimator when a prompt's
  per-repeat counts are all 0/1, else the maximum count over the first k repeats);
- per instruction id and per category prefix ("count", "format", ...): followed / occurrences.

The spread is the sample standard deviation (ddof=1) of the per-repeat values of each metric and
its standard error (/sqrt(k)). NeMo-Skills' own `_statistics` blocks for IFBench mix the strict and
loose score lists (both are stored under the same keys), so they are not reproduced.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import numpy as np

from evals.ifbench.evaluation import PromptEvaluation

MODES = ("strict", "loose")


@dataclass(frozen=True)
class CaseResult:
    """The per-instruction verdicts of one prompt at one repeat."""

    item_id: str
    repeat: int
    instruction_ids: tuple[str, ...]
    strict: tuple[bool, ...]
    loose: tuple[bool, ...]

    def __post_init__(self) -> None:
        if not (len(self.instruction_ids) == len(self.strict) == len(self.loose)) or not self.instruction_ids:
            raise ValueError(f"case {self.item_id}/r{self.repeat}: instruction ids and verdicts differ in length")

    @classmethod
    def from_evaluation(cls, item_id: str, repeat: int, evaluation: PromptEvaluation) -> "CaseResult":
        return cls(
            item_id,
            repeat,
            tuple(o.instruction_id for o in evaluation.outcomes),
            tuple(evaluation.strict),
            tuple(evaluation.loose),
        )

    @classmethod
    def from_details(cls, item_id: str, repeat: int, instructions: Sequence[dict[str, Any]]) -> "CaseResult":
        """From the `details["instructions"]` list that score() records."""
        return cls(
            item_id,
            repeat,
            tuple(i["id"] for i in instructions),
            tuple(bool(i["strict"]) for i in instructions),
            tuple(bool(i["loose"]) for i in instructions),
        )

    def flags(self, mode: str) -> tuple[bool, ...]:
        return self.strict if mode == "strict" else self.loose


def pass_at_k(scores: Sequence[float], k: int) -> float:
    """NeMo-Skills' pass@k of one item: unbiased estimator for 0/1 scores, else max of the first k."""
    k = min(k, len(scores))
    if not all(score in (0, 1, True, False) for score in scores):
        return float(max(scores[:k]))
    incorrect = len(scores) - int(sum(scores))
    if incorrect < k:
        return 1.0
    return 1.0 - math.comb(incorrect, k) / math.comb(len(scores), k)


def _by_item(cases: Iterable[CaseResult]) -> dict[str, list[CaseResult]]:
    grouped: dict[str, list[CaseResult]] = defaultdict(list)
    for case in cases:
        grouped[case.item_id].append(case)
    for item_id, group in grouped.items():
        group.sort(key=lambda c: c.repeat)
        repeats = [c.repeat for c in group]
        if len(set(repeats)) != len(repeats):
            raise ValueError(f"item {item_id}: repeat indices {repeats} are not unique")
        if len({c.instruction_ids for c in group}) != 1:
            raise ValueError(f"item {item_id}: repeats disagree on the instruction list")
    return grouped


def _spread(per_run: list[float]) -> dict[str, float]:
    if len(per_run) < 2:
        return {"std_dev_across_runs": 0.0, "std_err_across_runs": 0.0}
    std = float(np.std(per_run, ddof=1))
    return {"std_dev_across_runs": std, "std_err_across_runs": std / math.sqrt(len(per_run))}


def _level_metrics(grouped: dict[str, list[CaseResult]], repeats: int) -> dict[str, Any]:
    """The four accuracies (percent), their average, per-repeat values and spread, pass@k."""
    n_prompts = len(grouped)
    n_instructions = sum(len(group[0].instruction_ids) for group in grouped.values())
    out: dict[str, Any] = {"num_prompts": n_prompts, "num_instructions": n_instructions}
    avg: dict[str, float] = {}
    best: dict[str, float] = {}
    runs: dict[str, list[float]] = {}
    for mode in MODES:
        prompt_scores = [[float(all(c.flags(mode))) for c in group] for group in grouped.values()]
        counts = [[sum(c.flags(mode)) for c in group] for group in grouped.values()]
        avg[f"prompt_{mode}_accuracy"] = 100.0 * sum(np.mean(s) for s in prompt_scores) / n_prompts
        avg[f"instruction_{mode}_accuracy"] = 100.0 * sum(np.mean(s) for s in counts) / n_instructions
        best[f"prompt_{mode}_accuracy"] = 100.0 * sum(pass_at_k(s, repeats) for s in prompt_scores) / n_prompts
        best[f"instruction_{mode}_accuracy"] = 100.0 * sum(pass_at_k(s, repeats) for s in counts) / n_instructions
        # Per repeat index: that run's accuracies over the prompts it has.
        prompt_runs, instruction_runs = [], []
        for r in sorted({c.repeat for group in grouped.values() for c in group}):
            present = [c for group in grouped.values() for c in group if c.repeat == r]
            prompt_runs.append(100.0 * sum(all(c.flags(mode)) for c in present) / len(present))
            instruction_runs.append(
                100.0 * sum(sum(c.flags(mode)) for c in present) / sum(len(c.instruction_ids) for c in present)
            )
        runs[f"prompt_{mode}_accuracy"] = prompt_runs
        runs[f"instruction_{mode}_accuracy"] = instruction_runs
    for table in (avg, best):
        table["average_score"] = (
            table["prompt_strict_accuracy"]
            + table["instruction_strict_accuracy"]
            + table["prompt_loose_accuracy"]
            + table["instruction_loose_accuracy"]
        ) / 4
    head = "pass@1" if repeats <= 1 else f"pass@1[avg-of-{repeats}]"
    out[head] = avg
    if repeats > 1:
        out[f"pass@{repeats}"] = best
    out["per_repeat"] = runs
    out["spread"] = {name: _spread(values) for name, values in runs.items()}
    return out


def _breakdown(grouped: dict[str, list[CaseResult]], label) -> dict[str, dict[str, Any]]:
    """Per label (instruction id or category): occurrences, mean-over-repeats accuracy and any-repeat accuracy."""
    table: dict[str, dict[str, Any]] = {}
    for group in grouped.values():
        for position, instruction_id in enumerate(group[0].instruction_ids):
            entry = table.setdefault(label(instruction_id), {"count": 0, "strict": [0.0, 0.0], "loose": [0.0, 0.0]})
            entry["count"] += 1
            for mode in MODES:
                followed = [c.flags(mode)[position] for c in group]
                entry[mode][0] += float(np.mean(followed))
                entry[mode][1] += float(any(followed))
    out = {}
    for name in sorted(table):
        entry = table[name]
        out[name] = {"count": entry["count"]}
        for mode in MODES:
            out[name][f"{mode}_accuracy"] = 100.0 * entry[mode][0] / entry["count"]
            out[name][f"{mode}_any_repeat"] = 100.0 * entry[mode][1] / entry["count"]
    return out


def aggregate_cases(cases: Iterable[CaseResult], repeats: int) -> dict[str, Any]:
    """All IFBench metrics from per-case results (one per prompt and repeat)."""
    grouped = _by_item(cases)
    if not grouped:
        return {"num_prompts": 0}
    out = _level_metrics(grouped, repeats)
    out["per_instruction"] = _breakdown(grouped, lambda instruction_id: instruction_id)
    out["per_category"] = _breakdown(grouped, lambda instruction_id: instruction_id.split(":")[0])
    return out
