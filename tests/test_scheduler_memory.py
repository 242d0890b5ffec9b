"""Finished generations are held only until their tests take them, and at most `ready_limit` of the
prefetched cases are started and not yet taken (a fast endpoint cannot fill the memory)."""

from __future__ import annotations

import threading
import time

from fixtures.scheduler import GenerationScheduler


def test_prefetch_waits_for_the_tests_beyond_the_ready_limit():
    started: list[int] = []
    lock = threading.Lock()

    def job(n: int):
        async def run():
            with lock:
                started.append(n)
            return "x" * 1000 + str(n)

        return run

    scheduler = GenerationScheduler(window=2, ready_limit=5)
    try:
        scheduler.prefetch((n, job(n)) for n in range(40))
        time.sleep(0.3)
        assert len(started) == 5  # finished at once, but nobody took them yet
        assert [scheduler.result(n, job(n))[-1] for n in range(3)] == ["0", "1", "2"]
        time.sleep(0.3)
        assert len(started) == 8
        assert scheduler.result(30, job(30)).endswith("30")  # asked for early: runs at once, counts against nothing
        assert [scheduler.result(n, job(n)).endswith(str(n)) for n in range(3, 40) if n != 30] == [True] * 36
        assert sorted(started) == list(range(40)) and len(started) == 40  # each once
    finally:
        scheduler.close()


def test_without_a_ready_limit_everything_is_started():
    started: list[int] = []

    def job(n: int):
        async def run():
            started.append(n)
            return n

        return run

    scheduler = GenerationScheduler(window=2)
    try:
        scheduler.prefetch((n, job(n)) for n in range(20))
        time.sleep(0.3)
        assert len(started) == 20
    finally:
        scheduler.close()
