"""BFCL v3: single-turn categories scored with the bfcl-eval AST/relevance rules; multi-turn skipped until wired."""

import pytest

from evals.bfcl.task_v3 import TASK, score_case


@pytest.mark.eval_task(TASK)
def test_bfcl_v3(case):
    verdict = score_case(case.item, case.generation, case.options)
    if verdict is None:
        pytest.skip(case.item.reason)
    case.record(verdict)
    assert verdict.correct, verdict.reason
