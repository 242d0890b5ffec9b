"""LiveCodeBench-specific aggregation: counts of each failure kind, overall and by difficulty and platform."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Mapping, Sequence

from evals.livecodebench.score import FAILURE_KINDS


def failure_counts(records: Sequence[Mapping[str, Any]], repeats: int = 1, options: Any = None) -> dict[str, Any]:
    """From the harness' scored records (r["verdict"] with "correct", "scores", "subsets"):

    {"outcomes": {"passed": n, "compile_error": n, ...}, "by_difficulty": {...}, "by_platform": {...}}
    """
    def tally(rows: Sequence[Mapping[str, Any]]) -> dict[str, int]:
        counts = Counter({"passed": 0, **{kind: 0 for kind in FAILURE_KINDS}})
        for r in rows:
            verdict = r["verdict"]
            if verdict["correct"]:
                counts["passed"] += 1
                continue
            kinds = [k for k in FAILURE_KINDS if verdict.get("scores", {}).get(k)]
            counts[kinds[0] if kinds else "runtime_error"] += 1
        return dict(counts)

    out: dict[str, Any] = {"outcomes": tally(records)}
    for kind in ("difficulty", "platform"):
        groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        for r in records:
            groups[str(r["verdict"].get("subsets", {}).get(kind))].append(r)
        out[f"by_{kind}"] = {label: tally(rows) for label, rows in sorted(groups.items())}
    out["sandbox_isolation"] = sorted({str(r["verdict"].get("subsets", {}).get("sandbox")) for r in records})
    return out
