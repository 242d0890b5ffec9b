"""The harness' side of a step program's channel: each assert's values compared with the real target here.

The program sends, per assert, the values that checks.py cut out of it; this compares them with
the step's target (read from test_data.h5 by the harness, never by the program), or with the test
case's own expected values computed here from its code (checks.py), and answers "pass" or "fail".
A step passes only when every assert of every test case was checked here, in order, and passed:
what the program prints, its exit status alone, or messages out of order decide nothing.
"""

from __future__ import annotations

import builtins
import json
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from evals.scicode import h5_runtime
from evals.scicode.checks import HELPERS, HOLE, SplitCase
from evals.scicode.value_encode import _scicode_encode
from evals.scicode.values import decode


def harness_namespace(target: Any, setup: str) -> dict[str, Any]:
    """What a check sees: numpy as np, SciCode's comparison helpers, the target and the names bound from it."""
    namespace: dict[str, Any] = {"__builtins__": builtins, "np": np, "target": target}
    namespace.update({name: getattr(h5_runtime, name) for name in HELPERS})
    if setup:
        exec(compile(setup, "<scicode test case>", "exec"), namespace)  # trusted dataset code
    return namespace


@dataclass
class StepChecks:
    """Answers one step program's check requests; `passed` once every assert was checked and held."""

    step: str
    cases: Sequence[SplitCase]
    targets: Sequence[Any]
    position: int = 0
    failures: list[str] = field(default_factory=list)
    _order: list[tuple[int, int]] = field(default_factory=list)
    _namespaces: dict[int, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._order = [(c, k) for c, case in enumerate(self.cases) for k in range(len(case.checks))]

    @property
    def checked(self) -> int:
        return self.position

    @property
    def passed(self) -> bool:
        return not self.failures and self.position == len(self._order)

    def on_message(self, line: bytes) -> bytes:
        try:
            ok, why = self._check(line)
        except Exception as exc:  # noqa: BLE001 - a malformed message fails the step, whatever it is
            ok, why = False, f"unreadable check message: {type(exc).__name__}: {str(exc)[:200]}"
        if not ok:
            self.failures.append(why)
        return b"pass" if ok else b"fail"

    def _check(self, line: bytes) -> tuple[bool, str]:
        if self.failures:
            return False, "a message after a failed check"
        message = json.loads(line)
        where = (message.get("case"), message.get("assert"))
        if self.position >= len(self._order) or where != self._order[self.position]:
            expected = self._order[self.position] if self.position < len(self._order) else "none"
            return False, f"check {where} out of order (expected {expected})"
        case_index, assert_index = self._order[self.position]
        self.position += 1
        case = self.cases[case_index]
        check = case.checks[assert_index]
        values = message["values"]
        if not isinstance(values, list) or len(values) != check.slots:
            return False, f"test case {case_index + 1}: {len(values)} values for {check.slots} slots"
        if case_index not in self._namespaces:
            self._namespaces[case_index] = harness_namespace(self.targets[case_index], case.setup)
        scope = dict(self._namespaces[case_index])
        if check.prelude:  # the test case's own values, from its own code (trusted dataset code)
            try:
                exec(compile(check.prelude, "<scicode test case>", "exec"), scope)  # noqa: S102
            except Exception as exc:  # noqa: BLE001 - the reference's test case would have raised: a failure
                return False, f"test case {case_index + 1}: its own values raised {type(exc).__name__}: {str(exc)[:200]}"
        witnessed = dict(check.witnesses)
        for slot, encoded in enumerate(values):
            if slot in witnessed:
                if _scicode_encode(scope[witnessed[slot]]) != encoded:
                    return False, (f"test case {case_index + 1}: `{witnessed[slot]}` is not the test case's own value "
                                   f"when `{check.source}` runs (the program changed it)")
            elif slot not in check.probes:
                scope[HOLE.format(slot)] = decode(encoded)
        try:
            holds = bool(eval(check.expression, scope))  # noqa: S307 - the dataset's own comparison
        except Exception as exc:  # noqa: BLE001 - the reference's assert would have raised: a failure
            return False, f"test case {case_index + 1}: `{check.source}` raised {type(exc).__name__}: {str(exc)[:200]}"
        if not holds:
            return False, f"test case {case_index + 1}: `{check.source}` is false"
        return True, ""


def read_targets(path: str, step: str, count: int) -> list[Any]:
    """The step's targets as SciCode's process_hdf5_to_tuple reads them, in the harness process."""
    return h5_runtime.process_hdf5_to_tuple(step, count, h5py_file=path)
