"""LiveCodeBench (code generation) as NeMo-Skills scores it: every test of the problem must pass."""

import pytest

from evals.livecodebench.score import score
from evals.livecodebench.task import TASK


@pytest.mark.eval_task(TASK)
def test_livecodebench(case, sandbox):
    verdict = score(case.item, case.generation.content, sandbox, case.options)
    case.record(verdict)
    assert verdict.correct, verdict.reason
