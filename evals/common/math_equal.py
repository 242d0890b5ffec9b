"""Math answer extraction and equivalence as NeMo-Skills grades math benchmarks.

Reference: NeMo-Skills `nemo_skills/evaluation/math_grader.py` at commit 7205c43 (2025-12-18):
`search_boxed` (the answer is the content of the last `\\boxed{...}`) and `math_equal` (light
normalisation, latex2sympy2_extended's `normalize_latex`, then a symbolic check with the
`math-verify` library). The library is used as is; only the reference's steps around it are
re-written here.

Commit 5cc1dcc (2025-12-04), included in 7205c43, changed how two numeric literals that differ as
strings are judged: before it, `"070"` vs `"70"` was wrong (a literal string compare); since it,
such pairs go to math-verify, which judges them equal. The default follows 7205c43;
`legacy_int_literals=True` gives the pre-5cc1dcc behaviour.

math-verify bounds its own work with SIGALRM, which only works in the main thread of the main
interpreter. `math_equal` therefore runs the steps in place when called from the main thread, and
otherwise hands the same steps to a helper process (whose main thread can use the alarm), so the
verdict is the same wherever the harness calls the scorer from (xdist workers, threads, an event
loop in a thread).
"""

from __future__ import annotations

import atexit
import json
import logging
import queue
import re
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from evals.common.boxed import last_boxed

LOG = logging.getLogger(__name__)

# The reference's keyword defaults (MathEvaluatorConfig: numeric_precision=15, timeout=10; math-verify's
# parse() default parsing_timeout=5 and verify() default timeout_seconds=5 where the reference passes none).
NUMERIC_PRECISION = 15
VERIFY_TIMEOUT_S = 10
PARSE_TIMEOUT_S = 5
MCQ_VERIFY_TIMEOUT_S = 5

# Wall-clock bound on one comparison handed to the worker process: above the sum of the signal
# timeouts the worker applies itself, so it only fires if the worker is stuck outside math-verify.
WORKER_WALL_TIMEOUT_S = 120.0

_MCQ_OPTIONS = "ABCDEFGHIJ"
_PERCENT = re.compile(r"^(\d+\.?\d*)(?:\\%|%)$")
_TEXT_LITERAL = re.compile(r"[a-zA-Z ,]+")
_INT_OR_TEXT_LITERAL = re.compile(r"[a-zA-Z ,]+|[0-9 ]+")
_LATEX_ENV = re.compile(r"\$.*\$|\\\(.*\\\)|\\\[.*\\\]|\\boxed\{", re.DOTALL)


def search_boxed(text: str) -> str | None:
    """Content of the last `\\boxed{...}`, brace-matched, or None: the reference's `search_boxed`.

    One implementation for the suite (evals/common/boxed.py). Its quirks, pinned by the AIME tests:
    only the LAST `\\boxed` counts (if it is unclosed the answer is None even when an earlier box
    is complete); braces are counted from the keyword and a `}` before any `{` drives the count
    negative; the text must start `\\boxed{` (`\\boxed 5`, `\\boxed {5}` give None); `\\fbox` alone
    gives None; `\\boxed{}` gives the empty string (an answer, not None).
    """
    return last_boxed(text)


def _strip_percent_and_period(expr: str) -> str:
    """The reference's `_additional_normalization`: `10%`/`10\\%` -> `10`, then trailing `.` and `\\` go."""
    match = _PERCENT.fullmatch(expr)
    if match:
        expr = match.group(1)
    return expr.rstrip(".\\")


def _in_latex_env(expr: str) -> str:
    """math-verify's LaTeX extraction needs a math environment: wrap in `$...$` unless one is there."""
    return expr if _LATEX_ENV.search(expr) else f"${expr}$"


@dataclass(frozen=True)
class _Limits:
    """Timeouts handed to math-verify; None disables its signal-based timeout."""

    parse_s: int | None
    verify_s: int | None
    mcq_verify_s: int | None


def _math_equal_steps(
    gt_answer: str,
    predicted_answer: str,
    take_modulo: int | None,
    numeric_precision: int,
    limits: _Limits,
    legacy_int_literals: bool,
) -> bool:
    """The reference's comparison steps, in its order. Must run where `limits` are usable."""
    from latex2sympy2_extended import NormalizationConfig, normalize_latex
    from math_verify import LatexExtractionConfig, StringExtractionConfig, parse, verify

    if take_modulo is not None:
        gold = int(gt_answer) % take_modulo
        try:
            pred: int | None = int(predicted_answer) % take_modulo
        except (TypeError, ValueError):
            pred = None
        return pred == gold

    # A single letter A-J as gold: compare as a multiple-choice option first.
    is_mcq = re.fullmatch("|".join(_MCQ_OPTIONS), gt_answer.strip())
    letters = [StringExtractionConfig(strings=tuple(_MCQ_OPTIONS))]
    parsed_gt = parse(gt_answer, letters, parsing_timeout=limits.parse_s)
    parsed_pred = parse(predicted_answer, letters, parsing_timeout=limits.parse_s)
    if is_mcq and verify(parsed_gt, parsed_pred, timeout_seconds=limits.mcq_verify_s):
        return True

    gt_answer = _strip_percent_and_period(gt_answer)
    predicted_answer = _strip_percent_and_period(predicted_answer)

    # The reference passes the NormalizationConfig class itself (not an instance): its defaults apply.
    normalized_gt = normalize_latex(gt_answer, NormalizationConfig)
    normalized_pred = normalize_latex(predicted_answer, NormalizationConfig)
    if normalized_gt.replace(" ", "") == normalized_pred.replace(" ", ""):
        return True

    literal = _INT_OR_TEXT_LITERAL if legacy_int_literals else _TEXT_LITERAL
    if literal.fullmatch(normalized_gt) and literal.fullmatch(normalized_pred):
        return False

    parsed_gt = parse(_in_latex_env(gt_answer), [LatexExtractionConfig()], parsing_timeout=limits.parse_s)
    parsed_pred = parse(_in_latex_env(predicted_answer), [LatexExtractionConfig()], parsing_timeout=limits.parse_s)
    return bool(
        verify(parsed_gt, parsed_pred, numeric_precision=numeric_precision, timeout_seconds=limits.verify_s)
    )


def _signal_limits(timeout_seconds: int | None) -> _Limits:
    return _Limits(parse_s=PARSE_TIMEOUT_S, verify_s=timeout_seconds, mcq_verify_s=MCQ_VERIFY_TIMEOUT_S)


class _Worker:
    """One lazily started helper interpreter per process, shared by the non-main threads.

    It runs `_serve` in its main thread (so math-verify's alarms work) and answers one JSON line
    per request. A plain subprocess rather than multiprocessing: the spawn start method would
    re-run an unguarded `__main__` script in the child.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None
        self._replies: queue.Queue[str | None] = queue.Queue()

    def _start(self) -> subprocess.Popen[str]:
        root = str(Path(__file__).resolve().parents[2])
        code = f"import sys; sys.path.insert(0, {root!r}); from evals.common.math_equal import _serve; _serve()"
        process = subprocess.Popen(
            [sys.executable, "-c", code],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self._replies = queue.Queue()
        replies = self._replies
        stdout = process.stdout
        assert stdout is not None

        def pump() -> None:
            for line in stdout:
                replies.put(line)
            replies.put(None)  # the worker exited

        threading.Thread(target=pump, name="math-equal-worker-reader", daemon=True).start()
        return process

    def compare(self, request: dict, wall_timeout_s: float) -> bool:
        with self._lock:
            if self._process is None or self._process.poll() is not None:
                self._process = self._start()
            process = self._process
            assert process.stdin is not None
            try:
                process.stdin.write(json.dumps(request) + "\n")
                process.stdin.flush()
                line = self._replies.get(timeout=wall_timeout_s)
            except queue.Empty:
                # Like a math-verify timeout: judged not equal. The stuck worker is replaced.
                LOG.warning("math_equal: worker gave no verdict within %.0f s; judged not equal", wall_timeout_s)
                self._stop()
                return False
            except OSError as exc:
                self._stop()
                raise RuntimeError(f"math_equal worker process failed: {exc}") from exc
            if line is None:
                self._stop()
                raise RuntimeError("math_equal worker process exited unexpectedly")
            reply = json.loads(line)
            if "error" in reply:
                raise RuntimeError(f"math_equal worker: {reply['error']}")
            return bool(reply["equal"])

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()

    def shutdown(self) -> None:
        with self._lock:
            process, self._process = self._process, None
        if process is not None and process.poll() is None:
            assert process.stdin is not None
            process.stdin.close()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _serve() -> None:
    """The worker's loop: one JSON request per stdin line, one JSON reply per stdout line."""
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing but replies may reach the pipe
    for line in sys.stdin:
        try:
            request = json.loads(line)
            equal = _math_equal_steps(
                request["gt"],
                request["pred"],
                request["take_modulo"],
                request["numeric_precision"],
                _signal_limits(request["timeout_seconds"]),
                request["legacy"],
            )
            reply: dict = {"equal": bool(equal)}
        except Exception as exc:  # reported to the caller, which raises it
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        out.write(json.dumps(reply) + "\n")
        out.flush()


_WORKER = _Worker()
atexit.register(_WORKER.shutdown)


def math_equal(
    gt_answer: object,
    predicted_answer: object,
    *,
    take_modulo: int | None = None,
    numeric_precision: int = NUMERIC_PRECISION,
    timeout_seconds: int | None = VERIFY_TIMEOUT_S,
    legacy_int_literals: bool = False,
    wall_timeout_s: float = WORKER_WALL_TIMEOUT_S,
) -> bool:
    """Whether `predicted_answer` is equivalent to `gt_answer` as NeMo-Skills' math_equal judges it.

    None as the prediction is never correct; other values are compared as strings (the reference
    calls `str()` on both). Safe to call from any thread: off the main thread the comparison runs
    in a worker process so math-verify's signal timeouts keep working.
    """
    if predicted_answer is None:
        return False
    gt, pred = str(gt_answer), str(predicted_answer)
    if threading.current_thread() is threading.main_thread():
        return _math_equal_steps(
            gt, pred, take_modulo, numeric_precision, _signal_limits(timeout_seconds), legacy_int_literals
        )
    request = {
        "gt": gt,
        "pred": pred,
        "take_modulo": take_modulo,
        "numeric_precision": numeric_precision,
        "timeout_seconds": timeout_seconds,
        "legacy": legacy_int_literals,
    }
    return _WORKER.compare(request, wall_timeout_s)
