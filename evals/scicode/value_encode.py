"""The step program's side of the comparison: a value computed by the test cases, as plain JSON data.

This file's source is pasted into every step program (after the model's code), so its names carry
the `_scicode_` prefix and it imports nothing at module level; it is also importable, so the suite's
tests use it directly. The harness rebuilds the value with evals/scicode/values.py and compares it
with the step's target there: the target never enters the sandbox. The form is exact for what the
test cases compare (numbers, strings, containers, numpy arrays and scalars, SciPy sparse matrices,
SymPy symbols); anything else becomes an opaque marker that no comparison accepts.
"""


def _scicode_encode(value, _depth=0):
    import base64
    import sys

    if _depth > 200:
        raise ValueError("value nested too deeply to compare")
    deeper = _depth + 1
    if value is None:
        return ["n"]
    # numpy first: numpy.float64 and complex128 are also float and complex, and must stay numpy's
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        if isinstance(value, numpy.ndarray):
            array = numpy.asarray(value)
            if array.dtype.kind in "biufcUS" and array.dtype.fields is None:
                data = numpy.ascontiguousarray(array).tobytes()
                return ["A", array.dtype.str, list(array.shape), base64.b64encode(data).decode("ascii")]
            return ["O", list(array.shape), [_scicode_encode(v, deeper) for v in array.reshape(-1).tolist()]]
        if isinstance(value, numpy.generic) and value.dtype.kind in "biufcUS":
            return ["N", value.dtype.str, base64.b64encode(value.tobytes()).decode("ascii")]
    if isinstance(value, bool):
        return ["b", bool(value)]
    if isinstance(value, int):
        return ["i", format(int(value), "x")]
    if isinstance(value, float):
        return ["f", repr(float(value))]
    if isinstance(value, complex):
        return ["c", repr(value.real), repr(value.imag)]
    if isinstance(value, str):
        return ["s", str(value)]
    if isinstance(value, (bytes, bytearray)):
        return ["y", base64.b64encode(bytes(value)).decode("ascii")]
    sparse = sys.modules.get("scipy.sparse")
    if sparse is not None and sparse.issparse(value):
        coo = value.tocoo()
        kind = "array" if isinstance(value, getattr(sparse, "sparray", ())) else "matrix"
        return ["P", value.format, kind, list(value.shape),
                _scicode_encode(numpy.asarray(coo.row), deeper), _scicode_encode(numpy.asarray(coo.col), deeper),
                _scicode_encode(numpy.asarray(coo.data), deeper)]
    sympy = sys.modules.get("sympy")
    if sympy is not None and isinstance(value, sympy.Symbol):
        return ["Y", str(value.name)]
    if isinstance(value, tuple):
        return ["t", [_scicode_encode(v, deeper) for v in value]]
    if isinstance(value, list):
        return ["l", [_scicode_encode(v, deeper) for v in value]]
    if isinstance(value, (set, frozenset)):
        return ["S" if isinstance(value, set) else "F", [_scicode_encode(v, deeper) for v in value]]
    if isinstance(value, dict):
        return ["d", [[_scicode_encode(k, deeper), _scicode_encode(v, deeper)] for k, v in value.items()]]
    return ["X", type(value).__name__]


def _scicode_probe(value):
    # A name the comparison uses (np.allclose, ...), looked up where the reference looks it up.
    return ["n"]


def _scicode_check(case, index, values):
    # Send one assert's values to the harness on the channel (fd 3); it compares them with the
    # target and answers "pass" or "fail". A failing comparison ends the program as the assert would.
    import json
    import os

    data = (json.dumps({"case": case, "assert": index, "values": values}) + "\n").encode()
    while data:
        data = data[os.write(3, data):]
    reply = b""
    while not reply.endswith(b"\n"):
        chunk = os.read(3, 256)
        if not chunk:
            break
        reply += chunk
    if reply.strip() != b"pass":
        raise AssertionError(f"test case {case + 1}: the harness' comparison with the target failed")
