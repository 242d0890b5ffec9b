"""Generation loop, step programs and their execution against a targets file built from ground-truth code."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import numpy as np
import pytest

from fixtures.responses import Generation
from fixtures.sandbox import SandboxLimits

from evals.scicode.generate import generate, is_context_window_exceeded
from evals.scicode.options import SciCodeOptions
from evals.scicode.program import legacy_prelude, step_program
from evals.scicode.records import SciCodeGeneration
from evals.scicode.score import as_generation, score

from tests.support.sysdeps import require_full_isolation


class ScriptedModel:
    """Answers the step requests in order with the given texts, recording the prompts."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.prompts: list[str] = []

    async def chat(self, messages, **kwargs):
        self.prompts.append(messages[-1]["content"])
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return Generation(content=answer)


@dataclass
class Ctx:
    model: ScriptedModel
    options: SciCodeOptions
    judge: object = None
    repeat: int = 0


class Recording:
    """The session sandbox, keeping the programs it was given."""

    def __init__(self, box):
        self.box = box
        self.programs: list[str] = []
        self.runs: list = []

    def run_python(self, source, **kwargs):
        self.programs.append(source)
        self.runs.append(self.box.run_python(source, **kwargs))
        return self.runs[-1]


def fenced(code: str) -> str:
    return f"```python\n# Background: as given.\nimport numpy as np\n\n{code}\n```\nThis implements the step."


def run_generate(problem, answers, **options):
    ctx = Ctx(ScriptedModel(answers), SciCodeOptions(**options))
    return asyncio.run(generate(ctx, problem)), ctx.model


def ground_truth_answers(problem):
    return [fenced(problem.steps[i].ground_truth_code) for i in problem.scored_steps]


def step_status(verdict):
    return {s["step_number"]: s["status"] for s in verdict.details["steps"]}


@pytest.mark.parametrize("pid", ["1", "19", "29", "38"])
def test_ground_truth_code_passes_every_step(problems, dev_targets, sandbox, pid):
    problem = problems[pid]
    result, model = run_generate(problem, ground_truth_answers(problem))
    assert len(model.prompts) == len(problem.steps)
    recording = Recording(sandbox)
    verdict = score(problem, result, sandbox=recording, targets_path=dev_targets, limits=SandboxLimits(wall_s=30))
    assert verdict.correct, verdict.reason
    assert verdict.details["subtasks_passed"] == verdict.details["subtasks_total"] == len(problem.steps)
    assert verdict.scores == {"subtask_fraction": 1.0} and verdict.subsets == {"num_steps": str(len(problem.steps))}
    # no program reads the targets (the harness holds them); each sends one check per test case
    for program, step in zip(recording.programs, problem.steps):
        assert str(dev_targets) not in program and "targets = process_hdf5_to_tuple" not in program
        assert program.count("_scicode_check(") == len(step.test_cases) + 1  # + its definition


def test_each_prompt_quotes_the_models_own_earlier_code(problems):
    problem = problems["29"]
    answers = [fenced(f"{problem.steps[0].ground_truth_code}\n# model-mark-1"), fenced("# model-mark-2"),
               fenced("# model-mark-3")]
    result, model = run_generate(problem, answers)
    assert "model-mark-1" not in model.prompts[0]
    assert "model-mark-1" in model.prompts[1] and "model-mark-2" not in model.prompts[1]
    assert "model-mark-1" in model.prompts[2] and "model-mark-2" in model.prompts[2]
    assert "import numpy as np" not in result.steps[2].code  # imports removed from the extracted code
    assert result.steps[2].solution.startswith(problem.required_dependencies + "\n")
    assert "model-mark-1" in result.steps[2].solution and "model-mark-2" in result.steps[2].solution


def test_broken_steps_fail_and_only_they(problems, dev_targets, sandbox):
    problem = problems["38"]  # 38.1 cross, 38.2 reciprocal_3D (uses cross), 38.3 reciprocal
    answers = ground_truth_answers(problem)
    answers[2] = fenced("def reciprocal(*arg):\n    return np.zeros((3, 3))")
    result, _ = run_generate(problem, answers)
    verdict = score(problem, result, sandbox=sandbox, targets_path=dev_targets, limits=SandboxLimits(wall_s=30))
    assert step_status(verdict) == {"38.1": "passed", "38.2": "passed", "38.3": "failed"}
    assert not verdict.correct and verdict.scores["subtask_fraction"] == pytest.approx(2 / 3)
    assert "38.3 (failed)" in verdict.reason


def test_a_wrong_earlier_step_breaks_the_steps_that_use_it(problems, dev_targets, sandbox):
    problem = problems["38"]
    answers = ground_truth_answers(problem)
    answers[0] = fenced("def cross(a, b):\n    return np.array(a) * 0")
    result, _ = run_generate(problem, answers)
    verdict = score(problem, result, sandbox=sandbox, targets_path=dev_targets, limits=SandboxLimits(wall_s=30))
    assert step_status(verdict)["38.1"] == "failed" and step_status(verdict)["38.2"] == "failed"


def test_syntax_errors_missing_code_timeouts_and_early_exits_fail(problems, dev_targets, sandbox):
    problem = problems["19"]  # 19.1 tensor, 19.2 n_tangle
    # no code block: the whole text is the code, a syntax error, which also breaks the next step's program
    answers = ["I cannot write this.", fenced(problem.steps[1].ground_truth_code)]
    result, _ = run_generate(problem, answers)
    verdict = score(problem, result, sandbox=sandbox, targets_path=dev_targets, limits=SandboxLimits(wall_s=30))
    assert step_status(verdict) == {"19.1": "failed", "19.2": "failed"}
    # leaving with status 0 before the test cases run is not a pass
    answers = [fenced(problem.steps[0].ground_truth_code), fenced("raise SystemExit(0)")]
    result, _ = run_generate(problem, answers)
    verdict = score(problem, result, sandbox=sandbox, targets_path=dev_targets, limits=SandboxLimits(wall_s=30))
    assert step_status(verdict) == {"19.1": "passed", "19.2": "exited_early"}
    answers = [fenced(problem.steps[0].ground_truth_code), fenced("def n_tangle(psi):\n    while True:\n        pass")]
    result, _ = run_generate(problem, answers)
    verdict = score(problem, result, sandbox=sandbox, targets_path=dev_targets, limits=SandboxLimits(wall_s=8))
    assert step_status(verdict) == {"19.1": "passed", "19.2": "timeout"}


FORGERS = {
    # what the real end of a step program prints, as far as the program can find or guess it
    # (model code's import lines are dropped, as in NeMo-Skills: hence __import__)
    "reads_its_file": "print(*__import__('re').findall(r'scicode-step-done-\\w+', open(__file__).read()))\nraise SystemExit(0)",
    "guesses_a_marker": "print('scicode-step-done-' + '0' * 32, flush=True)\n__import__('os')._exit(0)",
    "prints_stdout_tail": "print(open(__file__).read().splitlines()[-1])\nraise SystemExit(0)",
    "exits_in_a_function": "def n_tangle(psi):\n    __import__('os')._exit(0)",
}


@pytest.mark.parametrize("name", sorted(FORGERS))
def test_a_step_program_that_forges_its_end_fails(problems, dev_targets, sandbox, name):
    problem = problems["19"]
    answers = [fenced(problem.steps[0].ground_truth_code), fenced(FORGERS[name])]
    result, _ = run_generate(problem, answers)
    verdict = score(problem, result, sandbox=sandbox, targets_path=dev_targets, limits=SandboxLimits(wall_s=30))
    assert step_status(verdict) == {"19.1": "passed", "19.2": "exited_early"}
    assert verdict.details["time_limit_hits"] == 0 and not verdict.correct


def test_time_limit_hits_count_the_steps_that_timed_out(problems, dev_targets, sandbox):
    problem = problems["19"]
    answers = [fenced("__import__('time').sleep(60)"), fenced("def n_tangle(psi):\n    while True:\n        pass")]
    result, _ = run_generate(problem, answers)
    verdict = score(problem, result, sandbox=sandbox, targets_path=dev_targets, limits=SandboxLimits(wall_s=3))
    assert step_status(verdict) == {"19.1": "timeout", "19.2": "timeout"}
    assert verdict.details["time_limit_hits"] == 2


def test_prefilled_steps_are_not_requested_and_are_quoted(problems):
    problem = problems["62"]
    answers = [fenced(f"def step_{i}():\n    return {i}") for i in problem.scored_steps]
    result, model = run_generate(problem, answers)
    assert len(model.prompts) == len(problem.steps) - 1
    assert [s.status for s in result.steps][:2] == ["prefilled", "generated"]
    assert problem.prefilled[0] in model.prompts[0]
    assert problem.prefilled[0] in result.steps[1].solution


def test_running_out_of_context_fails_the_remaining_steps(problems, dev_targets, sandbox):
    problem = problems["29"]
    overflow = RuntimeError("This model's maximum context length is 8192 tokens. Please reduce the length of "
                            "the input messages.")
    result, model = run_generate(problem, [fenced(problem.steps[0].ground_truth_code), overflow])
    assert [s.status for s in result.steps] == ["generated", "out_of_context", "out_of_context"]
    assert len(model.prompts) == 2
    verdict = score(problem, result, sandbox=sandbox, targets_path=dev_targets, limits=SandboxLimits(wall_s=30))
    assert step_status(verdict) == {"29.1": "passed", "29.2": "out_of_context", "29.3": "out_of_context"}


def test_other_endpoint_errors_propagate(problems):
    problem = problems["29"]
    with pytest.raises(ConnectionError):
        run_generate(problem, [ConnectionError("reset by peer")])
    assert not is_context_window_exceeded(ConnectionError("reset by peer"))


def test_generation_survives_a_json_round_trip(problems):
    import dataclasses
    import json

    problem = problems["19"]
    result, _ = run_generate(problem, ground_truth_answers(problem))
    as_json = json.loads(json.dumps(dataclasses.asdict(result), default=str))
    again = as_generation(as_json)
    assert isinstance(again, SciCodeGeneration)
    assert [s.solution for s in again.steps] == [s.solution for s in result.steps]


def test_scicode_imports_are_removed_from_test_cases(problems, tmp_path):
    problem = problems["10"]  # 10.7 imports cmp_tuple_or_list from scicode.compare.cmp
    index = next(i for i, s in enumerate(problem.steps) if any("from scicode" in t for t in s.test_cases))
    program = step_program(problem, index, "pass")
    assert "from scicode" not in program and "import scicode" not in program
    compile(program, "<program>", "exec")


# ---- the SciPy 1.10 / NumPy 1.26 names (legacy.py) ----

def _run_legacy(code: str, sandbox) -> str:
    run = sandbox.run_python(legacy_prelude() + code, limits=SandboxLimits(wall_s=30))
    assert run.exit_code == 0, run.stderr.decode(errors="replace")
    return run.stdout.decode()


def test_simps_is_scipy_1_10_simpson(sandbox):
    # Values returned by SciPy 1.10.1's simpson/simps (even='avg'), the version NeMo-Skills pins.
    out = _run_legacy(
        "from scipy.integrate import simps, simpson\nimport numpy as np\n"
        "x = np.linspace(0, 1, 10)\n"
        "print(repr(float(simps(np.exp(x), x))), repr(float(simpson(np.exp(x), x=x))))\n"
        "print(repr(float(simps(np.arange(7.0) ** 3))), repr(float(simps(np.arange(6.0) ** 3, dx=0.5, even='first'))))\n"
        "print('_scicode_install_legacy_names' in globals())\n",
        sandbox,
    )
    lines = out.split("\n")
    assert lines[0] == "1.7184905657301883 1.7184905657301883"  # current SciPy's simpson gives 1.718298728797899
    assert lines[1] == "324.0 79.25"
    assert lines[2] == "False"


def test_removed_names_are_back(sandbox):
    out = _run_legacy(
        "import numpy as np\nfrom scipy.integrate import trapz, cumtrapz\n"
        "print(np.Inf, np.NaN, np.trapz([1, 2, 3]), np.product([2, 3]), trapz([1, 2, 3]), cumtrapz([1, 2, 3]).tolist())\n",
        sandbox,
    )
    assert out.strip() == "inf nan 4.0 6 4.0 [1.5, 4.0]"


def test_legacy_simpson_matches_reference_on_arrays():
    """The shim on uneven grids and 2-D input, against values from SciPy 1.10.1 (whose code was run for them)."""
    import scipy.integrate

    from evals.scicode import legacy

    saved = {n: getattr(scipy.integrate, n, None) for n in ("simpson", "simps", "trapz", "cumtrapz")}
    try:
        legacy._scicode_install_legacy_names()
        x = np.array([0.0, 0.3, 0.5, 1.0, 1.2])
        y = np.vstack([x ** 2, np.sin(x)])
        got = scipy.integrate.simpson(y, x=x, axis=-1)
        # odd N: the same composite rule as current SciPy
        assert np.allclose(got, saved["simpson"](y, x=x, axis=-1), rtol=0, atol=1e-15)
        # even N on an uneven grid: the values SciPy 1.10.1's simpson returns for these inputs
        x6 = np.array([0.0, 0.3, 0.5, 1.0, 1.2, 1.7])
        got6 = scipy.integrate.simps(np.vstack([x6 ** 2, np.sin(x6)]), x=x6)
        assert got6.tolist() == [1.6503333333333332, 1.1233770624569637]
        xs = np.linspace(0, 2, 6)
        assert float(scipy.integrate.simps(xs ** 2, x=xs)) == 2.6773333333333333
    finally:
        for name, value in saved.items():
            if value is None:
                if hasattr(scipy.integrate, name):
                    delattr(scipy.integrate, name)
            else:
                setattr(scipy.integrate, name, value)


def test_every_problems_dependencies_import_in_the_sandbox_interpreter(problems, sandbox):
    """numpy, scipy (with simps), sympy, h5py, matplotlib's mplot3d...: each problem's required_dependencies run."""
    import json as _json

    deps = {pid: p.required_dependencies for pid, p in problems.items()}
    code = (
        "import json\n"
        f"deps = json.loads({_json.dumps(_json.dumps(deps))})\n"
        "failed = {}\n"
        "for pid, text in deps.items():\n"
        "    try:\n"
        "        exec(text, {})\n"
        "    except Exception as exc:\n"
        "        failed[pid] = repr(exc)\n"
        "print(json.dumps(failed))\n"
    )
    out = _run_legacy(code, sandbox)
    assert _json.loads(out.strip().splitlines()[-1]) == {}
    assert any("simps" in d for d in deps.values())


#: Model code that tries to decide its own verdict, each with the step's function returning garbage.
VERDICT_FORGERS = {
    # speaks the channel as the old end-marker protocol did, then leaves before the test cases
    "speaks_the_channel": "_os = __import__('os')\n_os.write(3, b'end\\n')\nprint(_os.read(3, 256).decode().strip(), flush=True)\n_os._exit(0)",
    # makes every comparison in its own process true (it passed in the reference's scheme)
    "patches_allclose": "__import__('numpy').allclose = lambda *a, **k: True\n__import__('numpy').isclose = lambda *a, **k: True",
    # sends a check for every test case itself, with made-up values, and leaves
    "sends_its_own_checks": ("_os = __import__('os')\nfor _c in range(3):\n"
                             "    _os.write(3, ('{\"case\": %d, \"assert\": 0, \"values\": [[\"n\"], [\"f\", \"0.0\"]]}\\n' % _c).encode())\n"
                             "    _os.read(3, 256)\n_os._exit(0)"),
    # catches the failure the harness reports and exits 0
    "swallows_the_failure": "import sys as _s\n_s.excepthook = lambda *a: _s.exit(0)",
    # looks for the targets file to read the answers from it
    "reads_the_targets": "import glob as _g\nprint(_g.glob('/**/*.h5', recursive=True))",
}


@pytest.mark.parametrize("name", sorted(VERDICT_FORGERS))
def test_model_code_cannot_decide_its_verdict(problems, dev_targets, sandbox, name):
    problem = problems["19"]
    forger = f"def n_tangle(psi):\n    return 0.0\n{VERDICT_FORGERS[name]}"
    answers = [fenced(problem.steps[0].ground_truth_code), fenced(forger)]
    result, _ = run_generate(problem, answers)
    verdict = score(problem, result, sandbox=sandbox, targets_path=dev_targets, limits=SandboxLimits(wall_s=30))
    assert step_status(verdict)["19.1"] == "passed"
    assert step_status(verdict)["19.2"] in ("failed", "exited_early") and not verdict.correct


def test_the_targets_file_is_not_in_the_sandbox(problems, dev_targets, sandbox):
    require_full_isolation(sandbox)  # without bubblewrap's filesystem view every file is visible
    problem = problems["19"]
    probe = (f"def n_tangle(psi):\n    return 0.0\n"
             f"print('visible' if __import__('os').path.exists({str(dev_targets)!r}) else 'absent')")
    recording = Recording(sandbox)
    result, _ = run_generate(problem, [fenced(problem.steps[0].ground_truth_code), fenced(probe)])
    score(problem, result, sandbox=recording, targets_path=dev_targets, limits=SandboxLimits(wall_s=30))
    assert b"absent" in recording.runs[1].stdout and b"visible" not in recording.runs[1].stdout
