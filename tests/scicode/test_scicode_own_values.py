"""Steps 78.1 and 78.2, whose test cases compute their own expected values: run in the sandbox, the
harness computes those values, so model code that reads or patches them does not pass."""

from __future__ import annotations

import h5py
import pytest

from fixtures.sandbox import SandboxLimits

from evals.scicode.score import run_step

from tests.scicode.h5_layout import write_target
from tests.scicode.test_scicode_execution import fenced, ground_truth_answers, run_generate


@pytest.fixture(scope="module")
def placeholder_targets(tmp_path_factory):
    """Steps 78.1 and 78.2 read no target, but the reference's program loads theirs: any value does."""
    path = tmp_path_factory.mktemp("scicode_78") / "test_data.h5"
    with h5py.File(path, "w") as h5:
        for step in ("78.1", "78.2"):
            for test in (1, 2, 3):
                write_target(h5, step, test, 0.0)
    return path


def run_78(problems, sandbox, targets, answers: dict[int, str]):
    """Statuses of steps 78.1 and 78.2, with the ground truth's code where `answers` gives none."""
    problem = problems["78"]
    texts = [fenced(answers[i]) if i in answers else text for i, text in enumerate(ground_truth_answers(problem))]
    result, _ = run_generate(problem, texts)
    runs = [run_step(problem, result.steps[i], sandbox=sandbox, targets_path=targets, limits=SandboxLimits(wall_s=30))
            for i in (0, 1)]
    return [(r.status, r.stderr_tail) for r in runs]


def test_the_ground_truth_passes_both_steps(problems, sandbox, placeholder_targets):
    assert [status for status, _ in run_78(problems, sandbox, placeholder_targets, {})] == ["passed", "passed"]


#: 78.1's model code that makes the test case's own expected value agree with a wrong answer.
OWN_VALUE_FORGERS = {
    # returns the expected value it finds in the test case's frame (the reference computes it first)
    "reads_the_callers_locals": ("def pendulum_derivs(state, t, g, L, beta, A, alpha):\n"
                                 "    return __import__('sys')._getframe(1).f_locals['expected_output']"),
    # drops gravity from its answer and makes np.sin return 0, so the expected value drops it too
    "patches_numpy": ("def pendulum_derivs(state, t, g, L, beta, A, alpha):\n"
                      "    return np.array([state[1], -beta * state[1] + A * np.cos(alpha * t)])\n"
                      "np.sin = lambda x: 0.0"),
}


@pytest.mark.parametrize("name", sorted(OWN_VALUE_FORGERS))
def test_model_code_cannot_make_an_own_expected_value_agree(problems, sandbox, placeholder_targets, name):
    (status, _), _ = run_78(problems, sandbox, placeholder_targets, {0: OWN_VALUE_FORGERS[name]})
    assert status == "failed"


def test_an_input_changed_in_place_fails_where_the_test_case_reads_it_again(problems, sandbox, placeholder_targets):
    """78.2's second test case compares with `state[0]` after the model's code ran on `state`."""
    changes_state = ("def runge_kutta_4th_order(f, state, t0, dt, n, g, L, beta, A, alpha):\n"
                     "    trajectory = np.zeros((n + 1, 2))\n"
                     "    state[0] = 1e9\n"
                     "    return trajectory")
    _, (status, tail) = run_78(problems, sandbox, placeholder_targets, {1: changes_state})
    assert status == "failed" and "is not the test case's own value" in tail
