"""A call-based program's return value, rebuilt and compared in the harness (never in the sandbox).

The runner inside the sandbox sends the value in the type-exact form of `runner_child.encode_value`
(plain data, numpy arrays and scalars of numeric, bool and unicode dtypes, a few stdlib types); the expected
output never enters the sandbox. The harness rebuilds the value here and applies the reference's
rule: `prediction == json.loads(expected)`, a result entry that is a numpy array counts by its first
element and a numpy bool as a bool (its evaluate_generations_by_problem), and `if not same` may
raise (an array of several elements): then the entry is followed by -4.
"""

from __future__ import annotations

import collections
import decimal
import fractions
import sys
from dataclasses import dataclass
from typing import Any

_SCALAR_KINDS = "biuf"
_CONTAINERS = {"l": list, "t": tuple, "S": set, "F": frozenset, "q": collections.deque}


def decode_value(encoded: Any) -> Any:
    """The inverse of runner_child.encode_value. Raises ValueError (or KeyError, TypeError) on
    anything that is not of its form: the sandbox side is untrusted."""
    tag = encoded[0]
    if tag == "b":
        return _typed(encoded[1], bool)
    if tag == "s":
        return _typed(encoded[1], str)
    if tag == "i":
        return int(_typed(encoded[1], str), 16)
    if tag == "f":
        return float(_typed(encoded[1], str))
    if tag == "n":
        return None
    if tag in ("d", "Cd", "Co", "Cc"):
        pairs = [(decode_value(k), decode_value(v)) for k, v in encoded[1]]
        if tag == "Co":
            return collections.OrderedDict(pairs)
        if tag == "Cd":
            return collections.defaultdict(None, pairs)
        return collections.Counter(dict(pairs)) if tag == "Cc" else dict(pairs)
    if tag in _CONTAINERS:
        return _CONTAINERS[tag](decode_value(v) for v in encoded[1])
    if tag == "D":
        return decimal.Decimal(_typed(encoded[1], str))
    if tag == "Q":
        return fractions.Fraction(_typed(encoded[1], str))
    if tag in ("A", "N"):
        import numpy as np  # only a value that is an array needs it: a run that scores no code does not load it

        dtype = np.dtype(_typed(encoded[1], str))
        if dtype.fields or not (dtype.kind == "U" or (dtype.kind in _SCALAR_KINDS and dtype.itemsize <= 8)):
            raise ValueError(f"dtype {dtype}")
        leaf = (str,) if dtype.kind == "U" else (bool, int, float)
        if tag == "N":
            return dtype.type(_leaves(decode_value(encoded[2]), leaf))
        shape = tuple(_typed(n, int) for n in encoded[2])
        return np.array(_leaves(decode_value(encoded[3]), leaf), dtype=dtype).reshape(shape)
    raise ValueError(f"tag {tag!r}")


def _leaves(data: Any, kinds: tuple[type, ...]) -> Any:
    """`data` if it is one of `kinds` or nested lists of them (what tolist() gives), else TypeError
    (numpy would parse strings into numbers)."""
    if type(data) in kinds:
        return data
    if type(data) is list:
        for item in data:
            _leaves(item, kinds)
        return data
    raise TypeError(f"not {kinds} data: {type(data).__name__}")


def _typed(value: Any, kind: type) -> Any:
    if type(value) is not kind:
        raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
    return value


def entry_code(entry: Any) -> int:
    """A result entry as the reference's `entry > 0` sees it: 1 pass, the negative code, or 0."""
    np = sys.modules.get("numpy")  # an entry can be a numpy value only once numpy is loaded
    try:
        if np is not None and isinstance(entry, np.ndarray):
            entry = entry.item(0)
        if np is not None and isinstance(entry, np.bool_):
            entry = bool(entry)
    except Exception:  # noqa: BLE001 - an empty array: the reference fails it
        return 0
    if entry is True:
        return 1
    if type(entry) is int:
        return entry
    try:
        return 1 if entry > 0 else 0
    except Exception:  # noqa: BLE001
        return 0


@dataclass
class Comparison:
    """codes: the entries the test adds to the result list; error: why `==` or its truth value raised."""

    codes: list[int]
    wrong: bool
    error: str | None = None


def compare(prediction: Any, expected: Any) -> Comparison:
    """The reference's comparison of one call-based result with its expected (JSON-decoded) value."""
    try:
        same = prediction == expected
    except Exception as exc:  # noqa: BLE001 - raised inside the reference's try: a runtime error
        return Comparison([-4], True, repr(exc))
    codes = [entry_code(same)]
    try:
        wrong = not same
    except Exception as exc:  # noqa: BLE001 - the truth value of an array of several elements
        return Comparison(codes + [-4], True, repr(exc))
    return Comparison(codes, wrong)
