"""BFCL v3 as the harness runs it: the 13 single-turn categories through native tool calls (or
prompting), scored with the bfcl-eval AST/relevance rules; the v3 overall in task_metrics.

The 4 multi-turn categories are listed as cases but skipped until evals/bfcl/multi_turn provides
its hooks (`MULTI_TURN_HOOKS` below); overall_multi_turn then counts 0 and the report says so.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evals.bfcl.categories import CATEGORIES, MULTI_TURN, MULTI_TURN_HOOK, category
from evals.bfcl.data import BfclItem, files_checksum, load_category, read_jsonl
from evals.bfcl.options import BfclOptions
from evals.bfcl.overall import bfcl_v3_overall
from evals.bfcl.request import build_messages_and_tools
from evals.bfcl.score import score_single_turn
from evals.bfcl.source import REFERENCE_VERSION, resolve
from fixtures.tasks import Dataset, GenerationContext, Task
from fixtures.verdicts import Verdict

MULTI_TURN_MODULE = "evals.bfcl.multi_turn"
MULTI_TURN_MISSING = (
    "multi-turn not wired: evals/bfcl/multi_turn (simulated APIs, the step loop and the state/response "
    "checker) does not provide load_items/generate/score yet"
)


@dataclass(frozen=True)
class PendingMultiTurnItem:
    """A multi-turn entry listed as a case but not run until the multi-turn module is wired."""

    id: str
    category: str
    reason: str


def multi_turn_hooks() -> Any | None:
    """The multi-turn module when it offers load_items(data_dir, category, file_set), generate(ctx, item)
    and score(item, result) -> Verdict; else None."""
    try:
        module = importlib.import_module(MULTI_TURN_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name and MULTI_TURN_MODULE.startswith(exc.name):
            return None
        raise
    if all(hasattr(module, name) for name in ("load_items", "generate", "score")):
        return module
    return None


def load(data_dir: Path | None, options: BfclOptions | None) -> Dataset:
    options = options or BfclOptions()
    folder, source = resolve(data_dir, options.file_set)
    hooks = multi_turn_hooks()
    items: list[Any] = []
    for name in options.categories:
        cat = category(name)
        if cat.single_turn:
            items.extend(load_category(folder, name, options.file_set))
        elif hooks is not None:
            items.extend(hooks.load_items(folder, name, options.file_set))
        else:
            rows = read_jsonl(folder / cat.file_name(options.file_set))
            items.extend(PendingMultiTurnItem(row["id"], name, MULTI_TURN_MISSING) for row in rows)
    single = [c for c in options.categories if CATEGORIES[c].single_turn]
    notes = {
        "reference": f"bfcl-eval {REFERENCE_VERSION} checker (single-turn), NeMo-Skills 7205c43 request/overall",
        "file_set": options.file_set,
        "mode": options.mode,
        "hint_mode": options.hint_mode,
        "categories": list(options.categories),
    }
    if options.mode == "prompting":
        notes["prompt_version"] = options.prompt_version
    if hooks is None and any(c in MULTI_TURN for c in options.categories):
        notes["multi_turn"] = f"skipped: {MULTI_TURN_MISSING}; overall_multi_turn counts 0"
    return Dataset(items=items, source=source, revision=files_checksum(folder, single, options.file_set), notes=notes)


async def generate(ctx: GenerationContext, item: Any) -> Any:
    """One request for a single-turn item; the multi-turn loop for multi-turn items (when wired)."""
    options = ctx.options or BfclOptions()
    if isinstance(item, PendingMultiTurnItem):
        return {"skipped": item.reason}
    if isinstance(item, BfclItem):
        messages, tools = build_messages_and_tools(item, options)
        return await ctx.model.chat(messages, tools=tools)
    hooks = multi_turn_hooks()
    if hooks is None:
        raise TypeError(f"bfcl_v3: unexpected item type {type(item).__name__}")
    return await hooks.generate(ctx, item)


def score_case(item: Any, generation: Any, options: BfclOptions | None) -> Verdict | None:
    """The case's verdict, or None for a multi-turn item that is not run yet."""
    if isinstance(item, PendingMultiTurnItem):
        return None
    if isinstance(item, BfclItem):
        return score_single_turn(item, generation, options)
    hooks = multi_turn_hooks()
    if hooks is None:
        raise TypeError(f"bfcl_v3: unexpected item type {type(item).__name__}")
    return hooks.score(item, generation)


def category_accuracies(records: list[dict[str, Any]]) -> tuple[dict[str, float], dict[str, int]]:
    """Per-category pass@1 in percent (averaged over repeats per item) and item counts, from case records."""
    per_item: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for r in records:
        verdict = r["verdict"]
        name = verdict.get("subsets", {}).get("category")
        if name is None:
            continue
        per_item[name][r["case"]["item"]].append(1.0 if verdict["correct"] else 0.0)
    accuracies, counts = {}, {}
    for name, items in per_item.items():
        means = [sum(v) / len(v) for v in items.values()]
        accuracies[name] = 100.0 * sum(means) / len(means)
        counts[name] = len(means)
    return accuracies, counts


def aggregate(records: list[dict[str, Any]], repeats: int, options: Any) -> dict[str, Any]:
    """The v3 groups and overall accuracy (percent), with a note on what is not counted."""
    accuracies, counts = category_accuracies(records)
    overall = bfcl_v3_overall(accuracies, counts)
    notes = []
    missing_mt = [c for c in MULTI_TURN if c not in accuracies]
    if missing_mt:
        notes.append(
            f"multi-turn categories not scored ({', '.join(missing_mt)}; {MULTI_TURN_HOOK}): they count as 0 in "
            "overall_multi_turn and overall_accuracy"
        )
    missing_st = [c for c in overall["missing_categories"] if c not in MULTI_TURN]
    if missing_st:
        notes.append(f"single-turn categories not scored ({', '.join(missing_st)}): they count as 0")
    return {
        "headline": {"metric": "overall_accuracy", "score": "overall_accuracy", "value": overall["overall_accuracy"]["accuracy"]},
        "bfcl_v3": overall,
        "category_accuracy": accuracies,
        "category_counts": counts,
        "reference": f"bfcl-eval {REFERENCE_VERSION} (AST and relevance checker); formulas of NeMo-Skills 7205c43 bfcl_v3/bfcl_score.py",
        "notes": notes,
    }


TASK = Task(
    name="bfcl_v3",
    title="BFCL v3 (Berkeley Function Calling Leaderboard)",
    load=load,
    generate=generate,
    options_type=BfclOptions,
    aggregate=aggregate,
)
