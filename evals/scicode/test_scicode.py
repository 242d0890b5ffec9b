"""SciCode (80 problems, 338 generated steps) as NeMo-Skills runs it: one case per problem and repeat."""

import pytest

from fixtures.sandbox import SandboxLimits

from evals.scicode.score import score
from evals.scicode.task import TASK, targets_path


@pytest.mark.eval_task(TASK)
def test_scicode(case, sandbox):
    limits = SandboxLimits(wall_s=case.options.timeout_s, memory_mb=case.options.memory_mb)
    verdict = score(case.item, case.generation, sandbox=sandbox, targets_path=targets_path(case.options),
                    limits=limits, parallel_steps=case.options.parallel_steps)
    case.record(verdict)
    assert verdict.correct, verdict.reason
