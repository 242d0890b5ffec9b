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
  entered before `sys.stdin` is swapped, so they patch the process's real (unused) stdin.
- `builtins.open` is patched with a mock returning the input, but the prelude's `from builtins import *`
  has already bound the real `open` in the program's namespace: `open(0).read()` reads the process's
  real stdin, which is /dev/null there and here, so that idiom gets empty input (a wrong answer).
- `sys.stdout` is a StringIO whose `close` takes one argument: `sys.stdout.close()` raises
  TypeError; `sys.stdout.buffer` does not exist.
- top-level names of a stdin program become locals of `wrapped_function`: a function that declares
  `global x` for a top-level `x` fails with NameError.
- `exit()`/`sys.exit()` inside a stdin program end that test normally; inside a call-based function
  they end the whole process (no result: every test counts as failed, -1).

Protocol: one JSON object on stdin {"code", "inputs", "outputs", "fn_name", "timeout"}; one JSON line
on the original stdout {"results": [...], "metadata": {...}, "stage": "compile"|"tests"}. The
program's own stdout (outside the capture) and stderr go to /dev/null, as they are never graded.
"""

import ast
import faulthandler
import json
import os
import signal
import sys
import time
from decimal import Decimal
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


def grade_functional(code, inputs, outputs, fn_name, timeout, progress):
    solution = compile_solution(PRELUDE + "\n\n" + code, timeout)
    method = lookup(solution, fn_name)
    if method is None:
        return None
    args_per_test = [[json.loads(line) for line in text.split("\n")] for text in inputs]
    expected_per_test = [json.loads(text) for text in outputs]
    progress["stage"] = "tests"
    results, spent = [], 0.0
    for args, expected in zip(args_per_test, expected_per_test):
        signal.alarm(timeout)
        faulthandler.enable()
        try:
            started = time.time()
            prediction = method(*args)
            spent += time.time() - started
            signal.alarm(0)
            if isinstance(prediction, tuple):
                prediction = list(prediction)
            same = prediction == expected
            results.append(same)
            if not same:
                return results, {
                    "output": shorten(prediction),
                    "inputs": shorten(args),
                    "expected": shorten(expected),
                    "error_code": WRONG_ANSWER,
                    "error_message": "Wrong Answer",
                }
        except Exception as exc:
            signal.alarm(0)
            code_ = TIME_LIMIT if "timeoutexception" in repr(exc).lower() else RUNTIME_ERROR
            results.append(code_)
            return results, _failure(code_, exc, args, expected)
        finally:
            signal.alarm(0)
            faulthandler.disable()
    return results, {"execution time": spent}


def grade_standard_io(code, inputs, outputs, timeout, progress):
    program = wrap_in_function(inline_main_guard(code))
    module = compile_solution(program, timeout)
    method = lookup(module, "wrapped_function")
    if method is None:
        return None
    progress["stage"] = "tests"
    results, spent = [], 0.0
    for test_input, expected in zip(inputs, outputs):
        signal.alarm(timeout)
        faulthandler.enable()
        signal.alarm(timeout)
        with CapturedStdout() as captured:
            try:
                started = time.time()
                call_with_input(method, test_input)
                spent += time.time() - started
                signal.alarm(0)
            except Exception as exc:
                signal.alarm(0)
                code_ = TIME_LIMIT if "timeoutexception" in repr(exc).lower() else RUNTIME_ERROR
                results.append(code_)
                return results, _failure(code_, exc, test_input, expected)
            finally:
                signal.alarm(0)
                faulthandler.disable()
        passed, message = compare_stdout(captured[0], expected)
        if not passed:
            results.append(WRONG_ANSWER)
            return results, {
                "output": shorten(captured[0]),
                "inputs": shorten(test_input),
                "expected": shorten(expected),
                "error_code": WRONG_ANSWER,
                "error_message": message,
            }
        results.append(True)
    return results, {"execution time": spent}


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


def run_tests(payload):
    """The reference's run_test for one program: (results, metadata, stage)."""
    if payload.get("fn_name") is None:
        import unittest.mock  # noqa: F401  (loaded before the guard and outside any test's alarm)
    signal.signal(signal.SIGALRM, _on_alarm)
    apply_reliability_guard()
    timeout = payload["timeout"]
    progress = {"stage": "compile"}
    signal.alarm(timeout)
    try:
        if payload.get("fn_name") is None:
            graded = grade_standard_io(payload["code"], payload["inputs"], payload["outputs"], timeout, progress)
        else:
            graded = grade_functional(
                payload["code"], payload["inputs"], payload["outputs"], payload["fn_name"], timeout, progress
            )
        results, metadata = graded  # None (no function found) fails here, as in the reference
        return results, metadata, progress["stage"]
    except Exception as exc:
        return [RUNTIME_ERROR], {"error_code": RUNTIME_ERROR, "error_message": f"Error during testing: {exc}"}, progress["stage"]
    finally:
        signal.alarm(0)


def _code(entry):
    """A result entry as the reference's `entry > 0` sees it: 1 pass, the negative code, or 0."""
    if entry is True:
        return 1
    if type(entry) is int:
        return entry
    try:
        return 1 if entry > 0 else 0
    except Exception:
        return 0


def main():
    sys.set_int_max_str_digits(50000)
    payload = json.loads(sys.stdin.buffer.read())
    result_fd = os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    results, metadata, stage = run_tests(payload)
    line = json.dumps({"results": [_code(r) for r in results], "metadata": metadata, "stage": stage}, default=str)
    data = memoryview(line.encode("utf-8") + b"\n")
    while data:
        data = data[os.write(result_fd, data) :]


if __name__ == "__main__":
    main()
