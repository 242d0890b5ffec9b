"""The programs of SciCode: a step's solution code, and the test program that runs it against its targets."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

from evals.scicode.records import SciCodeProblem

_RUNTIME_SOURCE = Path(__file__).with_name("h5_runtime.py").read_text(encoding="utf-8")
_LEGACY_SOURCE = Path(__file__).with_name("legacy.py").read_text(encoding="utf-8")
_H5_LINE = re.compile(r'^H5PY_FILE = "/data/test_data\.h5".*$', flags=re.MULTILINE)
_SCICODE_IMPORT = re.compile(r"^\s*(from\s+scicode\.|import\s+scicode)\b")

if len(_H5_LINE.findall(_RUNTIME_SOURCE)) != 1:  # pragma: no cover - guards an edit of h5_runtime.py
    raise RuntimeError("h5_runtime.py must define H5PY_FILE on exactly one line")


def step_solution(dependencies: str, previous_code: Sequence[str], code: str) -> str:
    """What NeMo-Skills stores as a step's generation: dependencies, earlier steps' code, this step's code."""
    previous = "\n".join(previous_code)
    head = f"{dependencies}\n{previous}\n" if previous else f"{dependencies}\n"
    return f"{head}\n{code}"


def runtime_prelude(targets_path: str | Path) -> str:
    """The target readers and comparison helpers, reading the given test_data.h5."""
    return _H5_LINE.sub(lambda _: f"H5PY_FILE = {str(targets_path)!r}", _RUNTIME_SOURCE)


def legacy_prelude() -> str:
    """Installs SciPy 1.10 / NumPy 1.26 names (see legacy.py) and leaves no name behind."""
    return f"{_LEGACY_SOURCE}\n_scicode_install_legacy_names()\ndel _scicode_install_legacy_names\n"


def strip_scicode_imports(test_case: str) -> str:
    """A test case without its `from scicode...` / `import scicode` lines (the helpers are in the prelude)."""
    return "\n".join(line for line in test_case.split("\n") if not _SCICODE_IMPORT.match(line))


#: The step program's last lines: ask the harness for the end marker on the sandbox's message
#: channel (fd 3) and print it. The marker is not in the program's file: it exists only on the
#: harness' side until the tests have run to this point.
END_REQUEST = (
    "import os as _scicode_os\n"
    "_scicode_os.write(3, b'end\\n')\n"
    "print(_scicode_os.read(3, 256).decode().strip(), flush=True)\n"
)


def step_program(problem: SciCodeProblem, index: int, solution: str, targets_path: str | Path, end_marker: bool = False) -> str:
    """The program that decides step `index`: it passes when it exits with status 0.

    As NeMo-Skills' evaluator builds it: the solution, the target readers, `targets = ...`, then
    per test case `target = targets[i]` and the case's lines. Two additions of this suite (see the
    README): the legacy-name shim in front, and, with `end_marker`, END_REQUEST at the end, so that a
    program that leaves early with status 0 (sys.exit in model code) is not counted a pass.
    """
    step = problem.steps[index]
    tests = [strip_scicode_imports(t) for t in step.test_cases]
    parts = [legacy_prelude(), solution, "\n", runtime_prelude(targets_path)]
    body = f"targets = process_hdf5_to_tuple({step.step_number!r}, {len(tests)})\n"
    for i, test in enumerate(tests):
        body += f"target = targets[{i}]\n\n"
        body += "".join(line + "\n" for line in test.split("\n"))
    parts.append(body)
    if end_marker:
        parts.append(END_REQUEST)
    return "".join(parts)
