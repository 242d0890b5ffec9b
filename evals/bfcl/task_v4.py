"""BFCL v4 as the harness runs it: the 17 v3 categories exactly as bfcl_v3 runs them, plus the
agentic categories (web_search_base/no_snippet, memory_kv/vector/rec_sum) and, on request,
format_sensitivity; the v4 overall (0.4 agentic + 0.3 multi-turn + 0.1 live + 0.1 non-live +
0.1 hallucination) in task_metrics. See evals/bfcl/v4/README.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evals.bfcl import task_v3
from evals.bfcl.source import resolve
from evals.bfcl.v4.data import MEMORY_CATEGORIES, WEB_SEARCH_CATEGORIES, AgenticItem, load_agentic
from evals.bfcl.v4.format_sensitivity import load_format_sensitivity, summarize
from evals.bfcl.v4.options import FORMAT_SENSITIVITY, BfclV4Options
from evals.bfcl.v4.overall import ALL_SCORING_CATEGORIES, Acc, v4_overall
from evals.bfcl.v4.run import (
    FormatCase,
    PendingItem,
    agentic_verdict,
    format_case,
    format_verdict,
    generate_format,
    generate_memory,
    generate_web,
    vector_extra_missing,
    web_backend_problem,
)
from fixtures.tasks import Dataset, GenerationContext, Task
from fixtures.verdicts import Verdict


def load(data_dir: Path | None, options: BfclV4Options | None) -> Dataset:
    options = options or BfclV4Options()
    v3_options = options.v3()
    items: list[Any] = []
    notes: dict[str, Any] = {}
    revision = None
    source = ""
    if v3_options.categories:
        v3 = task_v3.load(data_dir, v3_options)
        items.extend(v3.items)
        notes.update(v3.notes)
        revision, source = v3.revision, v3.source
    folder, source_v4 = resolve(data_dir, "v4")
    source = source or source_v4
    reasons = {"memory_vector": vector_extra_missing()}
    if any(c in WEB_SEARCH_CATEGORIES for c in options.categories):
        reasons.update(dict.fromkeys(WEB_SEARCH_CATEGORIES, web_backend_problem(options)))
    for name in options.categories:
        if name in WEB_SEARCH_CATEGORIES or name in MEMORY_CATEGORIES:
            loaded = load_agentic(folder, name)
            reason = reasons.get(name)
            if reason:
                items.extend(PendingItem(i.id, name, reason) for i in loaded)
                notes[name] = f"skipped: {reason}"
            else:
                items.extend(loaded)
        elif name == FORMAT_SENSITIVITY:
            items.extend(format_case(entry) for entry in load_format_sensitivity(folder))
    notes["categories"] = list(options.categories)
    if any(c in WEB_SEARCH_CATEGORIES for c in options.categories):
        notes["web_search_backend"] = options.web_search_backend
        if options.replay_record:
            notes["replay_record"] = options.replay_record
    return Dataset(items=items, source=source, revision=revision, notes=notes)


async def generate(ctx: GenerationContext, item: Any) -> Any:
    options = ctx.options or BfclV4Options()
    if isinstance(item, PendingItem):
        return {"skipped": item.reason}
    if isinstance(item, AgenticItem):
        if item.category in WEB_SEARCH_CATEGORIES:
            return await generate_web(ctx, item, options)
        return await generate_memory(ctx, item)
    if isinstance(item, FormatCase):
        return await generate_format(ctx, item)
    v3_ctx = GenerationContext(model=ctx.model, judge=ctx.judge, repeat=ctx.repeat, options=options.v3())
    return await task_v3.generate(v3_ctx, item)


def score_case(item: Any, generation: Any, options: BfclV4Options | None) -> Verdict | None:
    """The case's verdict, or None for a case that is not run (its reason says why)."""
    options = options or BfclV4Options()
    if isinstance(item, PendingItem):
        return None
    if isinstance(item, AgenticItem):
        return agentic_verdict(item, generation)
    if isinstance(item, FormatCase):
        return format_verdict(item, generation)
    return task_v3.score_case(item, generation, options.v3())


def aggregate(records: list[dict[str, Any]], repeats: int, options: Any) -> dict[str, Any]:
    """The v4 groups and overall accuracy (percent); format sensitivity summary when it ran."""
    accuracies, counts = task_v3.category_accuracies(records)
    missing = [c for c in ALL_SCORING_CATEGORIES if c not in accuracies]
    per_category = {c: Acc(accuracies.get(c, 0.0), counts.get(c, 0)) for c in ALL_SCORING_CATEGORIES}
    groups = v4_overall(per_category)
    out: dict[str, Any] = {
        "headline": {"metric": "overall_accuracy", "score": None, "value": groups["overall"].accuracy},
        "overall_accuracy": groups["overall"].accuracy,
        "bfcl_v4": {name: {"accuracy": acc.accuracy, "num_entries": acc.num_entries} for name, acc in groups.items()},
        "category_accuracy": {c: a for c, a in accuracies.items() if c != FORMAT_SENSITIVITY},
        "category_counts": {c: n for c, n in counts.items() if c != FORMAT_SENSITIVITY},
        "reference": "bfcl-eval 2026.3.23 checkers; NeMo-Skills 7205c43 bfcl_v4/bfcl_score.py overall",
        "notes": [],
    }
    if missing:
        out["notes"].append(f"categories not scored ({', '.join(missing)}): they count as 0 with no entries")
    web = [r["verdict"]["subsets"] for r in records if r["verdict"]["subsets"].get("category") in WEB_SEARCH_CATEGORIES]
    if web:
        sources = [str(s.get("web_source")) for s in web]
        out["web_search"] = {
            "backend": sorted({str(s.get("web_backend")) for s in web}),
            "answers_from_live_web": any("live" in s.split("+") for s in sources),
            "cases_by_source": {s: sources.count(s) for s in sorted(set(sources))},
        }
    fs = [(r["verdict"]["subsets"]["config"], r["verdict"]["correct"]) for r in records
          if r["verdict"]["subsets"].get("category") == FORMAT_SENSITIVITY]  # fmt: skip
    if fs:
        summary = summarize(fs)
        out["format_sensitivity"] = {
            "accuracy": 100.0 * summary.accuracy,
            "accuracy_max_delta": summary.accuracy_max_delta,
            "accuracy_std": summary.accuracy_std,
            "accuracy_variance": summary.accuracy_variance,
            "per_config": summary.per_config,
        }
    return out


TASK = Task(
    name="bfcl_v4",
    title="BFCL v4 (Berkeley Function Calling Leaderboard, agentic)",
    load=load,
    generate=generate,
    options_type=BfclV4Options,
    aggregate=aggregate,
)
