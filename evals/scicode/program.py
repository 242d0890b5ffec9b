"""The programs of SciCode: a step's solution code, and the test program that runs it against its targets."""

from __future__ import annotations

import re
from pathlib import Path
from functools import lru_cache
from typing import Sequence

from evals.scicode.checks import SplitCase, split_case
from evals.scicode.records import SciCodeProblem

_RUNTIME_SOURCE = Path(__file__).with_name("h5_runtime.py").read_text(encoding="utf-8")
_LEGACY_SOURCE = Path(__file__).with_name("legacy.py").read_text(encoding="utf-8")
_ENCODE_SOURCE = Path(__file__).with_name("value_encode.py").read_text(encoding="utf-8")
_SCICODE_IMPORT = re.compile(r"^\s*(from\s+scicode\.|import\s+scicode)\b")


def step_solution(dependencies: str, previous_code: Sequence[str], code: str) -> str:
    """What NeMo-Skills stores as a step's generation: dependencies, earlier steps' code, this step's code."""
    previous = "\n".join(previous_code)
    head = f"{dependencies}\n{previous}\n" if previous else f"{dependencies}\n"
    return f"{head}\n{code}"


def runtime_prelude() -> str:
    """The target readers and comparison helpers, as the reference defines them in the program's
    namespace (the targets file itself is not in the sandbox: the harness reads it, see compare.py)."""
    return _RUNTIME_SOURCE


def legacy_prelude() -> str:
    """Installs SciPy 1.10 / NumPy 1.26 names (see legacy.py) and leaves no name behind."""
    return f"{_LEGACY_SOURCE}\n_scicode_install_legacy_names()\ndel _scicode_install_legacy_names\n"


def strip_scicode_imports(test_case: str) -> str:
    """A test case without its `from scicode...` / `import scicode` lines (the helpers are in the prelude)."""
    return "\n".join(line for line in test_case.split("\n") if not _SCICODE_IMPORT.match(line))


@lru_cache(maxsize=1024)
def _split(step_number: str, test_cases: tuple[str, ...]) -> tuple[SplitCase, ...]:
    return tuple(split_case(strip_scicode_imports(t), i, f"step {step_number}, test case {i + 1}")
                 for i, t in enumerate(test_cases))


def split_step(problem: SciCodeProblem, index: int) -> tuple[SplitCase, ...]:
    """The step's test cases, each cut into the program's part and the harness' checks (checks.py)."""
    step = problem.steps[index]
    return _split(step.step_number, tuple(step.test_cases))


def step_program(problem: SciCodeProblem, index: int, solution: str) -> str:
    """The program that runs step `index`'s test cases on the model's code.

    As NeMo-Skills' evaluator builds it: the solution, the target readers and helpers, then each test
    case's lines; but where the reference has `targets = process_hdf5_to_tuple(...)`, `target =
    targets[i]` and an `assert` comparing with the target, this program sends the compared values to
    the harness (`_scicode_check`, value_encode.py), which holds the targets and decides (compare.py).
    One more addition of this suite (see the README): the legacy-name shim in front.
    """
    parts = [legacy_prelude(), solution, "\n", runtime_prelude(), "\n", _ENCODE_SOURCE, "\n"]
    for case in split_step(problem, index):
        parts.append(case.program + "\n")
    return "".join(parts)
