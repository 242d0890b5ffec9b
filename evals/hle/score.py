"""Turning an HLE case's result into a Verdict: the judge's verdict is the score (judge_correct)."""

from __future__ import annotations

from typing import Any

from evals.hle.data import HleItem
from evals.hle.generate import HleResult
from fixtures.verdicts import Verdict

CONFIDENCE_SCORE = "confidence"  # stated confidence / 100, carried to the aggregation


def score(item: HleItem, result: HleResult) -> Verdict:
    """judge_correct as NeMo-Skills counts it. `extracted` is the whole response, as NeMo-Skills'
    hle metrics use answer_key="generation" (None when the response is empty)."""
    correct = bool(result.judge_correct)
    judged = not result.judge_unparseable
    if correct:
        reason = f"judge: correct (expected {item.answer!r})"
    elif judged:
        reason = f"judge: incorrect; expected {item.answer!r}, judge extracted {result.judge_extracted_answer!r}"
    else:
        reason = f"judge gave no verdict (scored wrong, as NeMo-Skills does); expected {item.answer!r}"
    scores = {CONFIDENCE_SCORE: result.confidence / 100} if judged else {}
    details: dict[str, Any] = {
        "judge_style": result.judge_style,
        "judge_extracted_answer": result.judge_extracted_answer,
        "judge_reasoning": result.judge_reasoning,
        "judge_replies": [attempt.reply for attempt in result.judge_attempts],
        "judge_attempts": len(result.judge_attempts),
        "judge_unparseable": result.judge_unparseable,
        "confidence": result.confidence,
        "confidence_source": result.confidence_source,
        "answer_type": item.answer_type,
        "image_sent": result.image_sent,
    }
    return Verdict(
        correct=correct,
        extracted=result.response if result.response.strip() else None,
        expected=item.answer,
        reason=reason,
        scores=scores,
        subsets={"category": item.category},
        details=details,
    )
