"""Return values cross from the sandbox as data (runner_child.encode_value) and are compared in the harness (values.py)."""

from __future__ import annotations

import collections
import decimal
import fractions

import numpy as np
import pytest

from evals.livecodebench.runner_child import encode_value
from evals.livecodebench.values import compare, decode_value


class Own:
    def __eq__(self, other):
        return True


@pytest.mark.parametrize("value", [
    [1, (2, 3.5), {"a": None}, {4}, frozenset({5}), True, "x", 10**40],
    np.array([[1, 2], [3, 4]], dtype=np.int64), np.array([], dtype=np.float32), np.array([True, False]),
    np.int64(7), np.float32(0.1), np.bool_(True), np.uint8(255), [np.int64(1), np.array([2.5])],
    np.str_("abc"), np.array(["ab", "c"]),
    collections.Counter("abca"), collections.OrderedDict(b=1, a=2), collections.defaultdict(int, x=1),
    collections.deque([1, 2]), decimal.Decimal("1.10"), fractions.Fraction(1, 3),
])
def test_values_come_back_with_their_exact_type(value):
    back = decode_value(encode_value(value))
    assert type(back) is type(value)
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and back.shape == value.shape and (back == value).all()
    elif isinstance(value, collections.defaultdict):
        assert back == value  # its factory stays behind: `==` does not use it
    else:
        assert repr(back) == repr(value)


class Plain(list):
    """A subclass that keeps list's `==`: it travels as a list."""


class OwnInt(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


def test_subclasses_that_keep_the_builtin_equality_travel_as_the_builtin():
    assert decode_value(encode_value(Plain([1, 2]))) == [1, 2] and type(decode_value(encode_value(Plain([1])))) is list
    assert decode_value(encode_value({"a": Plain([3])})) == {"a": [3]}
    assert encode_value(OwnInt(3)) is None and encode_value([OwnInt(3)]) is None


@pytest.mark.parametrize("value", [Own(), [Own()], np.array([b"a"]), np.array([1 + 2j]), np.array([1], dtype=object)])
def test_a_value_whose_equality_is_not_plain_is_not_encoded(value):
    assert encode_value(value) is None  # sent as "opaque": a wrong answer, never compared inside the sandbox


@pytest.mark.parametrize("encoded", [["A", "|O", [1], ["l", [["i", "0x1"]]]], ["A", "<c16", [1], ["l", []]],
                                     ["N", "<i8", ["s", "1"]], ["A", "<i8", [1], ["l", [["s", "1"]]]], ["A", "<U1", [1], ["l", [["i", "0x1"]]]], ["i", 5], ["x"], ["A", "<i8", ["2"], ["l", []]]])
def test_hostile_encodings_are_refused(encoded):
    with pytest.raises(Exception):
        decode_value(encoded)


def test_the_reference_comparison_rules():
    assert compare([1, 2], [1, 2]).codes == [1] and not compare([1, 2], [1, 2]).wrong
    assert compare(True, 1).codes == [1]  # True == 1, as in the reference
    first_matches = compare(np.array([1, 5]), [1, 2])  # `if not array` raises: [first element, -4]
    assert first_matches.codes == [1, -4] and first_matches.wrong and "ValueError" in first_matches.error
    assert compare(np.int64(6), 6).codes == [1] and compare(np.float64(0.5), 0.5).codes == [1]
    assert compare(np.str_("ab"), "ab").codes == [1]
    assert compare(np.array([1, 2]), [1, 2, 3]).codes[-1] == -4  # shapes that do not broadcast
