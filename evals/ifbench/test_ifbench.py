"""IFBench (allenai/IFBench at c6767a1, as NeMo-Skills ran it for the model card): 58 verifiable instruction types."""

import pytest

from evals.ifbench.score import score
from evals.ifbench.task import TASK


@pytest.mark.eval_task(TASK)
def test_ifbench(case):
    verdict = score(case.item, case.generation, case.options)
    case.record(verdict)
    assert verdict.correct, verdict.reason
