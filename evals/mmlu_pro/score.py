"""MMLU-Pro verdict: eval_mcq's letter against the answer key, exact match (symbolic_correct)."""

from __future__ import annotations

from fixtures.responses import Generation
from fixtures.verdicts import Verdict

from evals.common.mcq import extract_letter
from evals.mmlu_pro.data import MmluProItem


def score(item: MmluProItem, generation: Generation) -> Verdict:
    predicted = extract_letter(generation.content)
    if predicted is None:
        reason = f"expected {item.answer}, no answer letter could be extracted"
        if generation.truncated:
            reason += " (the response ended inside its reasoning)"
    else:
        reason = f"expected {item.answer}, extracted {predicted}"
    return Verdict(
        correct=predicted == item.answer,
        extracted=predicted,
        expected=item.answer,
        reason=reason,
        subsets={"category": item.category.replace(" ", "_")},
    )
