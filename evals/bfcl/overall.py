"""BFCL v3 group scores and overall accuracy (nemo_skills/dataset/bfcl_v3/bfcl_score.py at 7205c43,
the same formulas as bfcl-eval <= 2025.8.6.2 generate_leaderboard_csv).

    non_live_ast     = mean(mean(simple_python, simple_java, simple_javascript), parallel, multiple, parallel_multiple)
    overall_non_live = mean of those four entries and irrelevance (unweighted, 5 entries)
    live_ast         = count-weighted mean(live_simple, live_multiple, live_parallel, live_parallel_multiple)
    overall_live     = count-weighted mean of the four and live_irrelevance, live_relevance
    overall_multi_turn = mean of the 4 multi-turn categories
    overall_accuracy = mean(overall_non_live, overall_live, overall_multi_turn)

A group whose entries total 0 counts as accuracy 0 (NeMo-Skills calculate_combined_accuracy), so
missing multi-turn categories (count 0) pull overall_accuracy down by a third of their weight.
"""

from __future__ import annotations

from typing import Any

SIMPLE_AST = ("simple_python", "simple_java", "simple_javascript")
OTHER_NON_LIVE_AST = ("parallel", "multiple", "parallel_multiple")
LIVE_AST = ("live_simple", "live_multiple", "live_parallel", "live_parallel_multiple")
MULTI_TURN = ("multi_turn_base", "multi_turn_miss_func", "multi_turn_miss_param", "multi_turn_long_context")


def combine(entries: list[dict[str, float]], weighted: bool = False) -> dict[str, float]:
    """{'accuracy', 'num_entries'} of several; unweighted = plain mean over entries (each counts 1)."""
    total = sum(e["num_entries"] for e in entries)
    if total == 0:
        return {"accuracy": 0, "num_entries": 0}
    if weighted:
        return {"accuracy": sum(e["accuracy"] * e["num_entries"] for e in entries) / total, "num_entries": total}
    return {"accuracy": sum(e["accuracy"] for e in entries) / len(entries), "num_entries": total}


def bfcl_v3_overall(category_accuracies: dict[str, float], counts: dict[str, int]) -> dict[str, Any]:
    """The bfcl_v3 score dict from per-category accuracies (any unit: fraction or percent) and item counts.

    A category absent from `category_accuracies` counts as accuracy 0 with 0 entries and is listed in
    `missing_categories`.
    """
    missing: list[str] = []

    def entry(name: str) -> dict[str, float]:
        if name not in category_accuracies:
            missing.append(name)
            return {"accuracy": 0, "num_entries": 0}
        return {"accuracy": category_accuracies[name], "num_entries": int(counts.get(name, 0))}

    simple = combine([entry(c) for c in SIMPLE_AST])
    non_live_list = [simple] + [entry(c) for c in OTHER_NON_LIVE_AST]
    non_live_ast = combine(non_live_list)
    irrelevance = entry("irrelevance")
    overall_non_live = combine(non_live_list + [irrelevance])

    live_list = [entry(c) for c in LIVE_AST]
    live_ast = combine(live_list, weighted=True)
    live_irrelevance = entry("live_irrelevance")
    live_relevance = entry("live_relevance")
    overall_live = combine(live_list + [live_irrelevance, live_relevance], weighted=True)

    overall_multi_turn = combine([entry(c) for c in MULTI_TURN])
    overall = combine([overall_non_live, overall_live, overall_multi_turn])
    return {
        "overall_accuracy": overall,
        "overall_non_live": overall_non_live,
        "non_live_ast": non_live_ast,
        "non_live_irrelevance": irrelevance,
        "overall_live": overall_live,
        "live_ast": live_ast,
        "live_irrelevance": live_irrelevance,
        "live_relevance": live_relevance,
        "overall_multi_turn": overall_multi_turn,
        "total_irrelevance": combine([irrelevance, live_irrelevance]),
        "missing_categories": missing,
    }
