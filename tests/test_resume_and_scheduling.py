"""Interrupted runs resume without re-sending completed requests; generation runs ahead of tests."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

from fixtures.cache import request_key
from fixtures.scheduler import GenerationScheduler
from tests.support.evalrun import REPO, run_evals, write_config
from tests.test_mmlu_pro import FIXTURE_DATA, answer_book, scripted


def cached_keys(output_dir) -> set[str]:
    path = output_dir / "cache" / "responses.sqlite"
    if not path.exists():
        return set()
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("SELECT key FROM responses")}


def test_killed_run_resumes_without_resending(loopback, tmp_path):
    book = answer_book()
    loopback.handler = scripted(book)
    loopback.latency = 0.1
    config = write_config(tmp_path / "c.yaml", loopback.url, parallelism=2)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pytest", "evals", "-p", "no:cacheprovider", "-q", "-k", "mmlu_pro", "--config", str(config),
               "--data-dir", str(FIXTURE_DATA), "--output-dir", str(out), "--run-id", "first"]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while len(loopback.requests) < 12 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    done_before = cached_keys(out)
    assert 0 < len(done_before) < len(book)
    sent_before = len(loopback.requests)

    resumed = run_evals(["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA)], out, "second")
    assert resumed.returncode == 0, resumed.stdout
    resent = [r for r in loopback.requests[sent_before:] if request_key(loopback.url + "/chat/completions", r) in done_before]
    assert resent == []
    assert len(loopback.requests) - sent_before == len(book) - len(done_before)

    fresh = run_evals(["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA)], tmp_path / "fresh", "uninterrupted")
    for key in ("headline", "cases", "metrics", "subsets"):
        assert resumed.results("mmlu_pro")[key] == fresh.results("mmlu_pro")[key]
    rescored = run_evals(["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA)], out, "third")
    assert rescored.results("mmlu_pro")["usage"]["cached"] == len(book)  # re-scoring sends nothing


def test_scheduler_runs_ahead_in_order_bounded_and_once():
    scheduler = GenerationScheduler(window=4)
    running = 0
    peak = 0
    started: list[int] = []
    calls: dict[int, int] = {}
    lock = threading.Lock()

    def job(n: int):
        async def run():
            nonlocal running, peak
            with lock:
                running += 1
                peak = max(peak, running)
                started.append(n)
                calls[n] = calls.get(n, 0) + 1
            await asyncio.sleep(0.05)
            with lock:
                running -= 1
            return n * n

        return run

    try:
        scheduler.prefetch((n, job(n)) for n in range(20))
        time.sleep(0.02)
        assert scheduler.result(19, job(19)) == 361  # asked for early: jumps the queue
        assert [scheduler.result(n, job(n)) for n in range(19)] == [n * n for n in range(19)]
        assert started[:4] == [0, 1, 2, 3]
        assert peak <= 5  # the window, plus the case that jumped the queue
        assert all(count == 1 for count in calls.values()) and len(calls) == 20
        assert scheduler.result("late", job(7)) == 49  # never queued: run on demand
    finally:
        scheduler.close()


def test_scheduler_passes_errors_to_the_waiting_test():
    scheduler = GenerationScheduler(window=2)

    async def boom():
        raise RuntimeError("endpoint said no")

    try:
        scheduler.prefetch([("x", boom)])
        try:
            scheduler.result("x", boom)
        except RuntimeError as exc:
            assert "endpoint said no" in str(exc)
        else:
            raise AssertionError("the error was swallowed")
    finally:
        scheduler.close()


def test_stall_warning_when_nothing_answers_and_silence_while_responses_flow():
    stalls: list[float] = []
    responses = 0

    async def hung():
        await asyncio.sleep(0.75)
        return "late"

    async def chatty():  # one long multi-step case: no job finishes, but responses keep coming
        nonlocal responses
        for _ in range(15):
            await asyncio.sleep(0.05)
            responses += 1
        return "done"

    scheduler = GenerationScheduler(window=2, stall_warning=0.2, on_stall=stalls.append, progress=lambda: responses)
    try:
        assert scheduler.result("hung", hung) == "late"
        assert 1 <= len(stalls) <= 3 and all(idle >= 0.2 for idle in stalls)
        stalls.clear()
        assert scheduler.result("chatty", chatty) == "done"
        assert stalls == []
    finally:
        scheduler.close()
