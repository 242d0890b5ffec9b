"""AIME verdict: the last \\boxed{} content, judged by NeMo-Skills' math_equal (symbolic_correct)."""

from __future__ import annotations

from typing import Any

from fixtures.responses import Generation
from fixtures.verdicts import Verdict

from evals.aime2025.data import AimeItem
from evals.common.math_equal import math_equal, search_boxed


def score(item: AimeItem, generation: Generation, options: Any = None) -> Verdict:
    """Extract from the answer text (reasoning removed); no box means no answer and a wrong verdict."""
    legacy = bool(getattr(options, "legacy_int_literals", False))
    answer = search_boxed(generation.content)
    correct = math_equal(item.expected_answer, answer, legacy_int_literals=legacy)
    if answer is None:
        why = "no complete \\boxed{} answer" + (" (reasoning truncated: empty answer)" if generation.truncated else "")
        reason = f"expected {item.expected_answer}, {why}"
    else:
        reason = f"expected {item.expected_answer}, extracted {answer!r}"
    return Verdict(
        correct=correct,
        extracted=answer,
        expected=item.expected_answer,
        reason=reason,
        details={"truncated": generation.truncated, "finish_reason": generation.finish_reason},
    )
