"""BFCL v3 as the harness runs it: the 13 single-turn categories through native tool calls (or
prompting), scored with the bfcl-eval AST/relevance rules, and the 4 multi-turn categories through
evals/bfcl/multi_turn (simulated APIs, the step loop, the state/response checker); the v3 overall
in task_metrics.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from evals.bfcl import multi_turn
from evals.bfcl.categories import category
from evals.bfcl.data import BfclItem, files_checksum, load_category
from evals.bfcl.options import BfclOptions
from evals.bfcl.overall import bfcl_v3_overall
from evals.bfcl.request import build_messages_and_tools
from evals.bfcl.score import score_single_turn
from evals.bfcl.source import REFERENCE_VERSION, resolve
from fixtures.tasks import Dataset, GenerationContext, Task
from fixtures.verdicts import Verdict


def load(data_dir: Path | None, options: BfclOptions | None) -> Dataset:
    options = options or BfclOptions()
    folder, source = resolve(data_dir, options.file_set)
    items: list[Any] = []
    for name in options.categories:
        if category(name).single_turn:
            items.extend(load_category(folder, name, options.file_set))
        else:
            items.extend(multi_turn.load_items(folder, name, options.file_set))
    notes = {
        "reference": f"bfcl-eval {REFERENCE_VERSION} checkers, NeMo-Skills 7205c43 requests, multi-turn loop and overall",
        "file_set": options.file_set,
        "mode": options.mode,
        "hint_mode": options.hint_mode,
        "categories": list(options.categories),
    }
    if options.mode == "prompting":
        notes["prompt_version"] = options.prompt_version
    return Dataset(items=items, source=source, revision=files_checksum(folder, list(options.categories), options.file_set), notes=notes)


async def generate(ctx: GenerationContext, item: Any) -> Any:
    """One request for a single-turn item; the multi-turn loop for a multi-turn item."""
    if isinstance(item, BfclItem):
        messages, tools = build_messages_and_tools(item, ctx.options or BfclOptions())
        return await ctx.model.chat(messages, tools=tools)
    return await multi_turn.generate(ctx, item)


def score_case(item: Any, generation: Any, options: BfclOptions | None) -> Verdict:
    if isinstance(item, BfclItem):
        return score_single_turn(item, generation, options)
    return multi_turn.score(item, generation)


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
    missing = list(overall["missing_categories"])
    if missing:
        notes.append(f"categories not scored in this run ({', '.join(missing)}): they count as 0 in the overall")
    return {
        "headline": {"metric": "overall_accuracy", "score": "overall_accuracy", "value": overall["overall_accuracy"]["accuracy"]},
        "bfcl_v3": overall,
        "category_accuracy": accuracies,
        "category_counts": counts,
        "reference": f"bfcl-eval {REFERENCE_VERSION} (AST, relevance, state and response checkers); formulas of NeMo-Skills 7205c43 bfcl_v3/bfcl_score.py",
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
