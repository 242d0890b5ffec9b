"""BFCL v3: all 17 categories; single-turn by the bfcl-eval AST/relevance rules, multi-turn by its state and response checkers."""

import pytest

from evals.bfcl.task_v3 import TASK, score_case


@pytest.mark.eval_task(TASK)
def test_bfcl_v3(case):
    verdict = score_case(case.item, case.generation, case.options)
    case.record(verdict)
    assert verdict.correct, verdict.reason
