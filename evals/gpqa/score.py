"""GPQA verdict: NeMo-Skills' eval_mcq letter (relaxed mode) compared exactly with the expected letter."""

from __future__ import annotations

from fixtures.responses import Generation
from fixtures.verdicts import Verdict

# The one import of the shared MCQ extraction (evals/common/mcq.py, the lead's module).
from evals.common.mcq import extract_letter
from evals.gpqa.data import GpqaItem


def score(item: GpqaItem, generation: Generation) -> Verdict:
    """symbolic_correct = (predicted letter == expected letter); the answer text is the content, reasoning removed."""
    letter = extract_letter(generation.content)
    correct = letter == item.answer
    if letter is None:
        why = "no answer letter found" + (" (reasoning truncated: empty answer)" if generation.truncated else "")
        reason = f"expected {item.answer}, {why}"
    else:
        reason = f"expected {item.answer}, extracted {letter}"
    return Verdict(
        correct=correct,
        extracted=letter,
        expected=item.answer,
        reason=reason,
        subsets={"domain": item.domain, "subdomain": item.subdomain},
        details={"truncated": generation.truncated, "finish_reason": generation.finish_reason},
    )
