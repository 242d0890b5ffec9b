"""BFCL v4: the v3 categories as bfcl_v3 scores them, agentic answers as bfcl-eval's agentic checker does."""

import pytest

from evals.bfcl.task_v4 import TASK, score_case


@pytest.mark.eval_task(TASK)
def test_bfcl_v4(case):
    verdict = score_case(case.item, case.generation, case.options)
    if verdict is None:
        pytest.skip(case.item.reason)
    case.record(verdict)
    assert verdict.correct, verdict.reason
