"""AIME 2025 (30 problems, integer answers) as NeMo-Skills grades it: last \\boxed{}, math_equal."""

import pytest

from evals.aime2025.score import score
from evals.aime2025.task import TASK


@pytest.mark.eval_task(TASK)
def test_aime2025(case):
    verdict = score(case.item, case.generation, case.options)
    case.record(verdict)
    assert verdict.correct, verdict.reason
