"""Values sent by a step program, rebuilt in the harness (the inverse of value_encode._scicode_encode).

What arrives was written by a process that runs model code, so it is read as untrusted data: only
the forms the encoder writes are accepted (a wrong form raises ValueError), arrays are rebuilt from
their bytes with a numeric, bool or string dtype, and nothing is ever imported, called or
unpickled on its behalf. An opaque marker (a value of a type the encoder does not know) becomes an
`Opaque`, which equals nothing and which numpy refuses to compare, as a foreign object would fail.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import numpy as np

_ARRAY_KINDS = "biufcUS"
_SPARSE_FORMATS = ("csr", "csc", "coo", "bsr", "lil", "dok", "dia")


@dataclass(frozen=True, eq=False)
class Opaque:
    """A value of a type the program could not send (its class name is kept for the failure message)."""

    type_name: str

    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = object.__hash__


def decode(encoded: Any) -> Any:
    """The value of one encoded form; ValueError (or TypeError) for anything the encoder never writes."""
    if not isinstance(encoded, list) or not encoded or not isinstance(encoded[0], str):
        raise ValueError(f"not an encoded value: {str(encoded)[:80]}")
    tag, rest = encoded[0], encoded[1:]
    if tag == "n":
        return None
    if tag == "b":
        return _typed(rest[0], bool)
    if tag == "i":
        return int(_typed(rest[0], str), 16)
    if tag == "f":
        return float(_typed(rest[0], str))
    if tag == "c":
        return complex(float(_typed(rest[0], str)), float(_typed(rest[1], str)))
    if tag == "s":
        return _typed(rest[0], str)
    if tag == "y":
        return base64.b64decode(_typed(rest[0], str), validate=True)
    if tag in ("l", "t", "S", "F"):
        items = [decode(v) for v in _typed(rest[0], list)]
        return {"l": list, "t": tuple, "S": set, "F": frozenset}[tag](items)
    if tag == "d":
        return {decode(_pair(p)[0]): decode(_pair(p)[1]) for p in _typed(rest[0], list)}
    if tag == "A":
        dtype = _dtype(rest[0])
        shape = tuple(_size(n) for n in _typed(rest[1], list))
        data = base64.b64decode(_typed(rest[2], str), validate=True)
        return np.frombuffer(data, dtype=dtype).reshape(shape).copy()
    if tag == "N":
        dtype = _dtype(rest[0])
        data = base64.b64decode(_typed(rest[1], str), validate=True)
        if len(data) != dtype.itemsize:
            raise ValueError(f"a {dtype} scalar of {len(data)} bytes")
        return np.frombuffer(data, dtype=dtype)[0]
    if tag == "O":
        shape = tuple(_size(n) for n in _typed(rest[0], list))
        items = [decode(v) for v in _typed(rest[1], list)]
        array = np.empty(len(items), dtype=object)
        for index, item in enumerate(items):  # element by element: numpy must not unpack sequences
            array[index] = item
        return array.reshape(shape)
    if tag == "P":
        return _sparse(rest)
    if tag == "Y":
        import sympy

        return sympy.Symbol(_typed(rest[0], str))
    if tag == "X":
        return Opaque(_typed(rest[0], str))
    raise ValueError(f"unknown value tag {tag!r}")


def _sparse(rest: list) -> Any:
    import scipy.sparse

    fmt, kind, shape = _typed(rest[0], str), _typed(rest[1], str), tuple(_size(n) for n in _typed(rest[2], list))
    if fmt not in _SPARSE_FORMATS or kind not in ("matrix", "array") or len(shape) != 2:
        raise ValueError(f"sparse {kind} of format {fmt!r} and shape {shape}")
    row, col, data = (decode(part) for part in rest[3:6])
    if not all(isinstance(a, np.ndarray) and a.ndim == 1 for a in (row, col, data)):
        raise ValueError("sparse parts must be 1-d arrays")
    build = scipy.sparse.coo_array if kind == "array" else scipy.sparse.coo_matrix
    return build((data, (row, col)), shape=shape).asformat(fmt)


def _dtype(name: Any) -> np.dtype:
    dtype = np.dtype(_typed(name, str))
    if dtype.kind not in _ARRAY_KINDS or dtype.fields is not None or dtype.subdtype is not None:
        raise ValueError(f"dtype {dtype} is not sent by the encoder")
    return dtype


def _size(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise ValueError(f"bad array dimension {value!r}")
    return value


def _pair(value: Any) -> list:
    if not isinstance(value, list) or len(value) != 2:
        raise ValueError("a dict entry must be a [key, value] pair")
    return value


def _typed(value: Any, kind: type) -> Any:
    if type(value) is not kind:
        raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
    return value
