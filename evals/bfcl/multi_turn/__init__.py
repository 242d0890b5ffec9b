"""BFCL v3 multi-turn categories: simulated APIs, the generation loop and the state/response checker.

The hooks evals/bfcl/task_v3.py looks for:
- `load_items(folder, category, file_set)`: the category's entries (MultiTurnItem) from a folder of
  BFCL_<v>_*.json files (file_set "v4" or "v3");
- `generate(ctx, item)`: the async model interaction of one case (a MultiTurnTranscript);
- `score(item, result)`: its Verdict (subset label "category").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .checker import overall_multi_turn, score_multi_turn
from .data import CATEGORIES, MultiTurnItem, load_category
from .generate import MultiTurnTranscript, run_multi_turn

FILE_SETS = {"v4": "BFCL_v4", "v3": "BFCL_v3"}


def load_items(folder: Path, category: str, file_set: str = "v4") -> list[MultiTurnItem]:
    try:
        version = FILE_SETS[file_set]
    except KeyError:
        raise ValueError(f"unknown BFCL file_set {file_set!r}; expected one of {sorted(FILE_SETS)}") from None
    return load_category(Path(folder), category, version)


async def generate(ctx: Any, item: MultiTurnItem) -> MultiTurnTranscript:
    mode = getattr(ctx.options, "mode", "fc")
    if mode != "fc":
        raise NotImplementedError(
            f"bfcl multi-turn runs in mode 'fc' (native tool calls, the model card's setting), not {mode!r}"
        )
    return await run_multi_turn(ctx, item)


def score(item: MultiTurnItem, result: Any):
    return score_multi_turn(item, result)


__all__ = [
    "CATEGORIES", "MultiTurnItem", "MultiTurnTranscript", "generate", "load_items", "overall_multi_turn",
    "run_multi_turn", "score", "score_multi_turn",
]  # fmt: skip
