"""The BFCL v4 overall score (NeMo-Skills `dataset/bfcl_v4/bfcl_score.py` = bfcl-eval 2026.3.23).

    overall = 0.4 agentic + 0.3 multi_turn + 0.1 live + 0.1 non_live + 0.1 hallucination

    non_live      = mean( mean(simple_python, simple_java, simple_javascript), parallel, multiple, parallel_multiple )
    live          = count-weighted mean(live_simple, live_multiple, live_parallel, live_parallel_multiple)
    hallucination = mean(irrelevance, live_irrelevance)
    multi_turn    = mean(multi_turn_base, multi_turn_miss_func, multi_turn_miss_param, multi_turn_long_context)
    agentic       = mean( memory = mean(memory_kv, memory_vector, memory_rec_sum),
                          web_search = mean(web_search_base, web_search_no_snippet) )
    relevance     = live_relevance (reported, not counted); format_sensitivity is not counted either.

Means are unweighted unless stated. A group whose categories have no entries at all is
{accuracy 0, num_entries 0}, as NeMo-Skills' `calculate_combined_accuracy` returns; a category
missing from the input is an error (NeMo-Skills raises too), so a partial run cannot pass for a full one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

SIMPLE_AST = ("simple_python", "simple_java", "simple_javascript")
OTHER_SINGLE_TURN_AST = ("parallel", "multiple", "parallel_multiple")
LIVE_SINGLE_TURN_AST = ("live_simple", "live_multiple", "live_parallel", "live_parallel_multiple")
LIVE_RELEVANCE = "live_relevance"
HALLUCINATION = ("irrelevance", "live_irrelevance")
MULTI_TURN = ("multi_turn_base", "multi_turn_miss_func", "multi_turn_miss_param", "multi_turn_long_context")
MEMORY = ("memory_kv", "memory_vector", "memory_rec_sum")
WEB_SEARCH = ("web_search_base", "web_search_no_snippet")

AGENTIC_CATEGORIES = WEB_SEARCH + MEMORY
ALL_SCORING_CATEGORIES = (
    SIMPLE_AST + OTHER_SINGLE_TURN_AST + ("irrelevance",) + LIVE_SINGLE_TURN_AST
    + ("live_irrelevance", LIVE_RELEVANCE) + MULTI_TURN + AGENTIC_CATEGORIES
)  # fmt: skip

WEIGHTS = {"agentic": 0.4, "multi_turn": 0.3, "live": 0.1, "non_live": 0.1, "hallucination": 0.1}


@dataclass(frozen=True)
class Acc:
    """An accuracy in [0, 1] (or percent, consistently) and the number of entries behind it."""

    accuracy: float
    num_entries: int


def combine(parts: list[Acc], weighted: bool) -> Acc:
    """NeMo-Skills `calculate_combined_accuracy`: plain or count-weighted mean; 0 when nothing was run."""
    total = sum(p.num_entries for p in parts)
    if total == 0:
        return Acc(0, 0)
    if weighted:
        return Acc(sum(p.accuracy * p.num_entries for p in parts) / total, total)
    return Acc(sum(p.accuracy for p in parts) / len(parts), total)


def _get(per_category: Mapping[str, Acc], name: str) -> Acc:
    try:
        return per_category[name]
    except KeyError:
        raise KeyError(f"BFCL v4 overall: category {name!r} missing from the per-category accuracies") from None


def v4_overall(per_category: Mapping[str, Acc]) -> dict[str, Acc]:
    """Every v4 summary figure from per-category accuracies (all 22 scoring categories needed)."""
    get = lambda name: _get(per_category, name)  # noqa: E731
    simple = combine([get(c) for c in SIMPLE_AST], weighted=False)
    non_live = combine([simple] + [get(c) for c in OTHER_SINGLE_TURN_AST], weighted=False)
    live = combine([get(c) for c in LIVE_SINGLE_TURN_AST], weighted=True)
    hallucination = combine([get(c) for c in HALLUCINATION], weighted=False)
    multi_turn = combine([get(c) for c in MULTI_TURN], weighted=False)
    memory = combine([get(c) for c in MEMORY], weighted=False)
    web_search = combine([get(c) for c in WEB_SEARCH], weighted=False)
    agentic = combine([memory, web_search], weighted=False)
    groups = {
        "agentic": agentic,
        "multi_turn": multi_turn,
        "live": live,
        "non_live": non_live,
        "hallucination": hallucination,
    }
    overall = Acc(
        sum(WEIGHTS[name] * acc.accuracy for name, acc in groups.items()),
        sum(acc.num_entries for acc in groups.values()),
    )
    return {
        "overall": overall,
        "non_live": non_live,
        "simple_ast": simple,
        "live": live,
        "relevance": get(LIVE_RELEVANCE),
        "hallucination": hallucination,
        "multi_turn": multi_turn,
        "agentic": agentic,
        "memory": memory,
        "web_search": web_search,
    }
