"""The LiveCodeBench test runner as it runs INSIDE the sandbox: one program, all its tests, one process.

This file is sent as the sandboxed program's source (standard library only, no suite imports). It
reproduces the semantics of the runner NeMo-Skills calls (the `livecodebench` package of
wasiahmad/livecodebench, branch `livecodebench`, as of 5927b61 (2025-10-14, the branch head when
NeMo-Skills 7205c43 was published; evaluation/testing_util.py is unchanged in meaning up to fddc0ea):

- stdin problems: the last top-level `if __name__ == '__main__':` block is inlined, imports are hoisted
  and everything else is wrapped into `def wrapped_function()`, after the fixed import prelude;
  each test calls it with `sys.stdin` replaced by a StringIO of the input, `open` replaced by a mock
  returning the input, stdout captured, `SystemExit` swallowed; the output is compared line by line
  (strip, split on newlines, strip lines; same line count; exact string equality, else the
  whitespace-separated tokens of both lines as `decimal.Decimal` lists must be equal);
- call-based problems: prelude + code executed as a module, `Solution()` instantiated when the text
  contains "class Solution", each input line `json.loads`-ed into a positional argument, a top-level
  tuple result turned into a list, then `result == json.loads(expected)` (no float tolerance);
- a SIGALRM of `timeout` seconds per test (and for compilation), the first failing test ends the run
  (-2 wrong answer, -3 time limit, -4 runtime error), compilation failures give [-4];
- the reference's `reliability_guard()` (os.kill, os.system, os.remove, ..., subprocess.Popen, quit,
  help set to None; resource/psutil/... unimportable): a program that calls them fails there, so it
  fails here. The guard is not what contains the program: the sandbox is.

Quirks of the reference kept on purpose because they change verdicts:
- `sys.stdin` is a plain StringIO: `sys.stdin.read()` returns what has not been read yet,
  `readlines()` keeps the newlines, and `sys.stdin.buffer` does not exist (AttributeError: a runtime
  error). The reference also stacks patches of `sys.stdin.read/readline/readlines`, but they are
  entered before `sys.stdin` is swapped, so they patch the process's real stdin object. A program
  that bound that object before the swap (`from sys import stdin` is hoisted and runs at compile
  time) therefore reads through the patches: readline() gives the input's lines without their
  newline, read() the whole input every time, readlines() `input.split("\n")`.
- the prelude's `from sys import *` binds `stdout` to the real stdout at compile time: writing to
  it bypasses the capture (a wrong answer).
- `builtins.open` is patched with a mock returning the input, but the prelude's `from builtins import *`
  has already bound the real `open` in the program's namespace: `open(0).read()` reads the process's
  real stdin, which is /dev/null there and here, so that idiom gets empty input (a wrong answer).
- `sys.stdout` is a StringIO whose `close` takes one argument: `sys.stdout.close()` raises
  TypeError; `sys.stdout.buffer` does not exist.
- top-level names of a stdin program become locals of `wrapped_function`: a function that declares
  `global x` for a top-level `x` fails with NameError.
- `exit()`/`sys.exit()` inside a stdin program end that test normally; inside a call-based function
  they end the whole process (no result: every test counts as failed, -1).

Protocol (the verdict is decided by the harness, never by this process, which the program shares):
stdin carries {"code", "fn_name", "timeout"} only; the tests travel on the sandbox's message channel
(fd 3, JSON lines). The harness sends one test's input at a time; this runner answers with what the
program produced: the captured stdout, or the return value in a type-exact form (`encode_value`);
the harness compares it with the expected output, which never enters the sandbox, and decides
whether to send the next test (the first failure ends the run, as in the reference). Nothing is
compared here: numpy values travel as dtype, shape and data and are compared by the harness with
numpy's `==`; a value whose `==` would be the program's own code (its classes, an `__eq__` it
defines) is sent as
"opaque" and fails. Every message this process can send is an output the program could have
produced itself, so a program that writes on fd 3 gains nothing. The program's own stdout
(outside the capture) and stderr go to /dev/null.
"""

import ast
import collections
import faulthandler
import json
import os
import signal
import sys
import time
from decimal import Decimal
from fractions import Fraction
from io import StringIO
from types import ModuleType

# The reference's import prelude, character for character (it is part of every program's text).
PRELUDE = (
    "from string import *\nfrom re import *\nfrom datetime import *\nfrom collections import *\n"
    "from heapq import *\nfrom bisect import *\nfrom copy import *\nfrom math import *\n"
    "from random import *\nfrom statistics import *\nfrom itertools import *\nfrom functools import *\n"
    "from operator import *\nfrom io import *\nfrom sys import *\nfrom json import *\n"
    "from builtins import *\nfrom typing import *\nimport string\nimport re\nimport datetime\n"
    "import collections\nimport heapq\nimport bisect\nimport copy\nimport math\nimport random\n"
    "import statistics\nimport itertools\nimport functools\nimport operator\nimport io\nimport sys\n"
    "import json\nsys.setrecursionlimit(50000)\n"
)

WRONG_ANSWER, TIME_LIMIT, RUNTIME_ERROR = -2, -3, -4


class TimeoutException(Exception):
    """Raised by the SIGALRM handler; recognised by 'timeoutexception' in its repr, as the reference does."""


def _on_alarm(signum, frame):
    print("timeout occured: alarm went off")
    raise TimeoutException


def shorten(value, length=300):
    """The reference's truncation of values kept in the metadata."""
    text = value if isinstance(value, str) else str(value)
    if len(text) <= length:
        return text
    return text[: length // 2] + "...(truncated) ..." + text[-length // 2 :]


# --------------------------------------------------------------------- code transformation


def inline_main_guard(code):
    """Replace a final top-level `if __name__ == '__main__':` by its body (unparsed, as the reference)."""
    try:
        tree = ast.parse(code)
        last = tree.body[-1]
        if isinstance(last, ast.If) and ast.unparse(last.test).strip() == "__name__ == '__main__'":
            return ast.unparse(tree.body[:-1]) + "\n" + ast.unparse(last.body)
    except Exception:
        pass
    return code


def wrap_in_function(code):
    """Prelude + hoisted top-level imports + `def wrapped_function():` holding every other statement."""
    try:
        tree = ast.parse(code)
        imports = [s for s in tree.body if isinstance(s, (ast.Import, ast.ImportFrom))]
        others = [s for s in tree.body if not isinstance(s, (ast.Import, ast.ImportFrom))]
        func = ast.FunctionDef(
            name="wrapped_function",
            args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]),
            body=others,
            decorator_list=[],
            lineno=-1,
        )
        return PRELUDE + "\n" + ast.unparse(imports) + "\n" + ast.unparse(func)
    except Exception:
        return code


def compile_solution(code, timeout):
    """Execute the program text as module `tmp_sol` under an alarm; a Solution() instance if it has one."""
    signal.alarm(timeout)
    try:
        module = ModuleType("tmp_sol", "")
        exec(code, module.__dict__)
        target = module.Solution() if "class Solution" in code else module
        assert target is not None
    finally:
        signal.alarm(0)
    return target


def lookup(target, name):
    try:
        assert hasattr(target, name)
        return getattr(target, name)
    except Exception:
        return None


# --------------------------------------------------------------------- output comparison


def stripped_lines(text):
    return [line.strip() for line in text.strip().split("\n")]


def as_decimals(line):
    """The whitespace-separated tokens of a line as Decimals, or None when one is not a number."""
    try:
        return [Decimal(token) for token in line.split()]
    except Exception:
        return None


def compare_stdout(prediction, expected):
    """(passed, message) under the reference's rule: same line count; per line exact, else equal Decimals."""
    got, want = stripped_lines(prediction), stripped_lines(expected)
    if len(got) != len(want):
        return False, "Wrong answer: mismatched output length"
    for index, (got_line, want_line) in enumerate(zip(got, want)):
        if got_line == want_line:
            continue
        got_numbers = as_decimals(got_line)
        if got_numbers is None:
            return False, f"Wrong answer at output_line_idx={index}: {shorten(got_line)} != {shorten(want_line)}"
        want_numbers = as_decimals(want_line)
        if want_numbers is None or got_numbers != want_numbers:
            return False, f"Wrong answer at output_line_idx={index}: {shorten(got_line)} != {shorten(want_line)}"
    return True, ""


# --------------------------------------------------------------------- running tests


class CapturedStdout(list):
    """Swap sys.stdout for a StringIO (whose close() takes one argument, as in the reference)."""

    def __enter__(self):
        self._saved = sys.stdout
        sys.stdout = self._buffer = StringIO()
        self._buffer.close = lambda x: 1
        return self

    def __exit__(self, *exc):
        self.append(self._buffer.getvalue())
        del self._buffer
        sys.stdout = self._saved


def call_with_input(method, inputs):
    """Call `method()` with the reference's stdin/open patches in the reference's order (see module doc)."""
    from unittest.mock import mock_open, patch  # ~50 ms to import: only stdin programs need it

    if isinstance(inputs, list):
        inputs = "\n".join(inputs)
    lines = iter(inputs.split("\n"))

    @patch("builtins.open", mock_open(read_data=inputs))
    @patch("sys.stdin", StringIO(inputs))
    @patch("sys.stdin.readline", lambda *args: next(lines))
    @patch("sys.stdin.readlines", lambda *args: inputs.split("\n"))
    @patch("sys.stdin.read", lambda *args: inputs)
    def patched(target):
        try:
            return target()
        except SystemExit:
            pass

    return patched(method)


def _failure(code, exc, test_input, expected):
    label = "Time Limit Exceeded" if code == TIME_LIMIT else "Runtime Error"
    return {
        "error": repr(exc),
        "error_code": code,
        "error_message": label,
        "inputs": shorten(test_input),
        "expected": shorten(expected),
    }


def grade_functional(code, fn_name, timeout, progress, channel):
    """Call-based tests: the harness sends each test's arguments; the return value goes back to it."""
    solution = compile_solution(PRELUDE + "\n\n" + code, timeout)
    method = lookup(solution, fn_name)
    if method is None:
        return None
    progress["stage"] = "tests"
    channel.send({"event": "ready"})
    while True:
        order = channel.receive()
        if "test" not in order:
            return True
        index = order["test"]
        args = [json.loads(line) for line in order["input"].split("\n")]
        signal.alarm(timeout)
        faulthandler.enable()
        try:
            started = time.time()
            prediction = method(*args)
            elapsed = time.time() - started
            signal.alarm(0)
            if isinstance(prediction, tuple):
                prediction = list(prediction)
            encoded = encode_value(prediction)
            if encoded is not None:
                channel.send({"event": "result", "test": index, "kind": "value", "value": encoded,
                              "shown": shorten(prediction), "elapsed": elapsed})
            else:
                # `==` of this value would be the program's own code (its classes, a subclass):
                # not compared (see execute._Referee); the expected value never enters the sandbox.
                channel.send({"event": "result", "test": index, "kind": "opaque", "type": _type_name(prediction),
                              "shown": shorten(prediction), "elapsed": elapsed})
        except Exception as exc:
            signal.alarm(0)
            code_ = TIME_LIMIT if "timeoutexception" in repr(exc).lower() else RUNTIME_ERROR
            channel.send({"event": "result", "test": index, "kind": "error", "code": code_, "error": repr(exc)})
        finally:
            signal.alarm(0)
            faulthandler.disable()


def grade_standard_io(code, timeout, progress, channel):
    """stdin tests: the harness sends each input; the captured output goes back to it to be compared."""
    program = wrap_in_function(inline_main_guard(code))
    module = compile_solution(program, timeout)
    method = lookup(module, "wrapped_function")
    if method is None:
        return None
    progress["stage"] = "tests"
    channel.send({"event": "ready"})
    while True:
        order = channel.receive()
        if "test" not in order:
            return True
        index, test_input = order["test"], order["input"]
        signal.alarm(timeout)
        faulthandler.enable()
        signal.alarm(timeout)
        failure = None
        with CapturedStdout() as captured:
            try:
                started = time.time()
                call_with_input(method, test_input)
                elapsed = time.time() - started
                signal.alarm(0)
            except Exception as exc:
                signal.alarm(0)
                code_ = TIME_LIMIT if "timeoutexception" in repr(exc).lower() else RUNTIME_ERROR
                failure = {"event": "result", "test": index, "kind": "error", "code": code_, "error": repr(exc)}
            finally:
                signal.alarm(0)
                faulthandler.disable()
        if failure is not None:
            channel.send(failure)
        else:
            channel.send({"event": "result", "test": index, "kind": "stdout", "output": captured[0], "elapsed": elapsed})


# --------------------------------------------------------------------- plain data across the channel


def encode_value(value, depth=0):
    """A type-exact JSON form of plain data (int, bool, float, str, None, list, tuple, dict, set), of
    numpy arrays and scalars of numeric and bool dtypes and of a few stdlib types (deque, Counter,
    OrderedDict, defaultdict, Decimal, Fraction), or None for anything else. Decoded by the harness
    (evals/livecodebench/values.py), `==` there is the same as `==` here. Subclasses of built-in
    types that keep the built-in `==` travel as the built-in value."""
    kind = type(value)
    if depth > 100:
        return None
    if kind is bool:
        return ["b", value]
    if kind is int:
        return ["i", hex(value)]
    if kind is float:
        return ["f", repr(value)]
    if kind is str:
        return ["s", value]
    if value is None:
        return ["n"]
    if kind in (list, tuple, set, frozenset):
        items = [encode_value(v, depth + 1) for v in value]
        if any(item is None for item in items):
            return None
        return [{list: "l", tuple: "t", set: "S", frozenset: "F"}[kind], items]
    if kind in _DICTS:
        pairs = [[encode_value(k, depth + 1), encode_value(v, depth + 1)] for k, v in value.items()]
        if any(k is None or v is None for k, v in pairs):
            return None
        return [_DICTS[kind], pairs]
    if kind is collections.deque:
        items = [encode_value(v, depth + 1) for v in value]
        return None if any(item is None for item in items) else ["q", items]
    if kind is Decimal:
        return ["D", str(value)]
    if kind is Fraction:
        return ["Q", str(value)]
    encoded = _encode_numpy(value, depth)
    if encoded is None:
        plain = _builtin_copy(value)
        if plain is not None and type(plain) is not kind:
            encoded = encode_value(plain, depth + 1)
    return encoded


def _builtin_copy(value):
    """A subclass of a built-in type that keeps its `==` (a `class L(list)` without __eq__): a
    copy of the built-in value that `==` compares (read by the built-in's own methods), else None."""
    kind = type(value)
    for base, copy in _BUILTIN_COPIES:
        if isinstance(value, base) and kind.__eq__ is base.__eq__ and kind.__ne__ is base.__ne__:
            return copy(value)
    return None


def _encode_numpy(value, depth):
    """numpy arrays and scalars of bool, integer and float dtypes (at most 8 bytes) and of unicode
    strings, else None."""
    np = sys.modules.get("numpy")
    if np is None:
        return None
    kind = type(value)
    if kind is np.ndarray and _plain_dtype(value.dtype):
        items = encode_value(value.tolist(), depth + 1)
        return None if items is None else ["A", value.dtype.str, list(value.shape), items]
    if isinstance(value, np.generic) and kind is value.dtype.type and _plain_dtype(value.dtype):
        item = encode_value(value.item(), depth + 1)
        return None if item is None else ["N", value.dtype.str, item]
    return None


def _plain_dtype(dtype):
    return not dtype.fields and (dtype.kind == "U" or (dtype.kind in "biuf" and dtype.itemsize <= 8))


def _type_name(value):
    kind = type(value)
    return f"{getattr(kind, '__module__', '?')}.{getattr(kind, '__qualname__', '?')}"[:200]


_DICTS = {dict: "d", collections.OrderedDict: "Co", collections.defaultdict: "Cd", collections.Counter: "Cc"}


_BUILTIN_COPIES = (
    (int, int.__int__), (float, float.__float__), (str, str.__str__), (list, list.copy),
    (tuple, lambda v: tuple.__getitem__(v, slice(None))), (set, set.copy), (frozenset, frozenset.copy),
    (dict, dict.copy),
)


class Channel:
    """JSON lines to and from the harness on the sandbox's message channel (fd 3)."""

    def __init__(self, fd):
        self.fd = fd
        self.buffer = b""

    def send(self, message):
        data = memoryview(json.dumps(message, default=str).encode("utf-8") + b"\n")
        while data:
            data = data[os.write(self.fd, data) :]

    def receive(self):
        while b"\n" not in self.buffer:
            chunk = os.read(self.fd, 1 << 20)
            if not chunk:
                raise SystemExit(0)  # the harness has what it needs (or gave up)
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return json.loads(line)


def apply_reliability_guard():
    """Disable what the reference's reliability_guard() disables (same list), so verdicts match."""
    import builtins
    import shutil
    import subprocess

    faulthandler.disable()
    builtins.quit = None
    os.environ["OMP_NUM_THREADS"] = "1"
    for name in (
        "kill", "system", "putenv", "remove", "removedirs", "rmdir", "fchdir", "setuid", "fork",
        "forkpty", "killpg", "rename", "renames", "truncate", "replace", "unlink", "fchmod", "fchown",
        "chmod", "chown", "chroot", "lchflags", "lchmod", "lchown", "getcwd", "chdir",
    ):
        setattr(os, name, None)
    shutil.rmtree = None
    shutil.move = None
    shutil.chown = None
    subprocess.Popen = None
    builtins.help = None
    for name in ("ipdb", "joblib", "resource", "psutil", "tkinter"):
        sys.modules[name] = None


def run_tests(payload, channel):
    """The reference's run_test for one program; per-test results travel on `channel` as they come."""
    import numpy  # noqa: F401  (imported before the guard, as in the reference's process)

    if payload.get("fn_name") is None:
        import unittest.mock  # noqa: F401  (loaded before the guard and outside any test's alarm)
    signal.signal(signal.SIGALRM, _on_alarm)
    apply_reliability_guard()
    timeout = payload["timeout"]
    progress = {"stage": "compile"}
    signal.alarm(timeout)
    try:
        if payload.get("fn_name") is None:
            graded = grade_standard_io(payload["code"], timeout, progress, channel)
        else:
            graded = grade_functional(payload["code"], payload["fn_name"], timeout, progress, channel)
        if graded is None:  # no function found: fails here, as in the reference
            raise TypeError("cannot unpack non-iterable NoneType object")
    except Exception as exc:
        channel.send({"event": "failed", "stage": progress["stage"],
                      "metadata": {"error_code": RUNTIME_ERROR, "error_message": f"Error during testing: {exc}"}})
    finally:
        signal.alarm(0)


def main():
    sys.set_int_max_str_digits(50000)
    payload = json.loads(sys.stdin.buffer.read())
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    run_tests(payload, Channel(3))


if __name__ == "__main__":
    main()
