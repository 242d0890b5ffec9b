"""GPQA Diamond (198 questions, options shuffled with seed 42) as NeMo-Skills scores it."""

import pytest

from evals.gpqa.score import score
from evals.gpqa.task import TASK


@pytest.mark.eval_task(TASK)
def test_gpqa(case):
    verdict = score(case.item, case.generation)
    case.record(verdict)
    assert verdict.correct, verdict.reason
