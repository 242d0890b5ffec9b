"""MMLU-Pro (TIGER-Lab, 12,032 questions, up to ten options) as NeMo-Skills scores it."""

import pytest

from evals.mmlu_pro.score import score
from evals.mmlu_pro.task import TASK


@pytest.mark.eval_task(TASK)
def test_mmlu_pro(case):
    verdict = score(case.item, case.generation)
    case.record(verdict)
    assert verdict.correct, verdict.reason
