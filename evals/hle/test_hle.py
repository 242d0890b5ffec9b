"""Humanity's Last Exam (cais/hle, text-only by default), judged by a second model as NeMo-Skills does."""

import pytest

from evals.hle.score import score
from evals.hle.task import TASK


@pytest.mark.eval_task(TASK)
def test_hle(case):
    verdict = score(case.item, case.generation)
    case.record(verdict)
    assert verdict.correct, verdict.reason
