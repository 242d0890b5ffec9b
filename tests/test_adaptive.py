"""The adaptive limit on requests in flight (fixtures/adaptive.py): against a scripted rate limit it
converges near the limit, follows it down and up, never exceeds the configured parallelism; and a
whole run against a loopback server that admits K requests at once completes with no errors."""

from __future__ import annotations

import asyncio
import statistics

import pytest

from fixtures.adaptive import AdaptiveLimiter, combine
from tests.support.evalrun import run_evals, write_config
from tests.test_mmlu_pro import FIXTURE_DATA, answer_book, scripted


class ScriptedLimit:
    """A server that admits at most `limit` requests at once (the rest are overloaded at once)."""

    def __init__(self, limit: int, latency: float = 0.004) -> None:
        self.limit, self.latency = limit, latency
        self.admitted = self.peak_admitted = self.rejected = self.served = 0

    async def request(self, limiter: AdaptiveLimiter, observed: list[int]) -> bool:
        async with limiter.slot() as slot:
            observed.append(limiter.in_flight)
            if self.admitted >= self.limit:
                self.rejected += 1
                limiter.on_overload(slot)
                await asyncio.sleep(0)
                return False
            self.admitted += 1
            self.peak_admitted = max(self.peak_admitted, self.admitted)
            try:
                await asyncio.sleep(self.latency)
            finally:
                self.admitted -= 1
            self.served += 1
            limiter.on_success(slot)
            return True


async def drive(limiter: AdaptiveLimiter, server: ScriptedLimit, requests: int, workers: int, observed: list[int], limits: list[int]) -> None:
    """`workers` callers each retrying their requests until served (as the client's retries do)."""
    queue = list(range(requests))

    async def caller() -> None:
        while queue:
            queue.pop()
            while not await server.request(limiter, observed):
                await asyncio.sleep(0.001)
            limits.append(limiter.current)

    await asyncio.gather(*(caller() for _ in range(workers)))


def run(limiter: AdaptiveLimiter, server: ScriptedLimit, requests: int, workers: int) -> tuple[list[int], list[int]]:
    observed: list[int] = []
    limits: list[int] = []
    asyncio.run(drive(limiter, server, requests, workers, observed, limits))
    return observed, limits


@pytest.mark.parametrize("k", [8, 24])
def test_converges_near_the_scripted_limit_and_never_exceeds_the_parallelism(k):
    limiter = AdaptiveLimiter(64)
    server = ScriptedLimit(k)
    observed, limits = run(limiter, server, requests=60 * k, workers=200)
    assert server.served == 60 * k
    assert max(observed) <= 64 and limiter.peak_in_flight <= 64
    assert limiter.cuts >= 1 and server.rejected > 0
    settled = limits[len(limits) // 2 :]  # the second half of the run
    assert 0.75 * k <= statistics.mean(settled) <= 1.25 * k + 1, (k, statistics.mean(settled))
    assert max(settled) <= 1.5 * k + 2
    # the rejections are a small part of the traffic once it settled (the first burst aside)
    assert server.rejected < 0.5 * server.served


def test_follows_a_limit_that_drops_and_comes_back():
    async def scenario() -> tuple[float, float, float]:
        limiter = AdaptiveLimiter(40)
        server = ScriptedLimit(32)
        observed: list[int] = []
        phases = []
        for limit, requests in ((32, 600), (6, 300), (32, 1500)):
            server.limit = limit
            limits: list[int] = []
            await drive(limiter, server, requests, 100, observed, limits)
            phases.append(statistics.mean(limits[len(limits) // 2 :]))
        assert max(observed) <= 40
        return tuple(phases)

    high, low, again = asyncio.run(scenario())
    assert 24 <= high <= 40
    assert low <= 9
    assert again > 3 * low  # additive increase brought it back up


def test_without_overload_it_stays_at_the_configured_parallelism():
    limiter = AdaptiveLimiter(16)
    server = ScriptedLimit(1000)
    observed, limits = run(limiter, server, requests=400, workers=50)
    assert max(observed) == 16 and set(limits) == {16} and limiter.cuts == 0
    assert limiter.summary()["peak_in_flight"] == 16


def test_a_burst_of_overload_answers_cuts_once():
    async def scenario() -> AdaptiveLimiter:
        limiter = AdaptiveLimiter(100)
        slots = []
        for _ in range(100):
            cm = limiter.slot()
            slots.append((cm, await cm.__aenter__()))
        for cm, slot in slots:  # all 100 answered 429, all admitted before any cut
            limiter.on_overload(slot)
            await cm.__aexit__(None, None, None)
        return limiter

    limiter = asyncio.run(scenario())
    # one cut; as deep as allowed (half), since none of them was being served when the first refusal came
    assert limiter.cuts == 1 and limiter.current == 50 and limiter.overloads == 100


def cut_after(limit: int, served: int, fresh: int) -> int:
    """`served` requests sent at t=0 and still in flight, `fresh` sent at t=1; one fresh one refused at t=1.01."""
    now = [0.0]

    async def scenario() -> int:
        limiter = AdaptiveLimiter(limit, clock=lambda: now[0])
        [await limiter.slot().__aenter__() for _ in range(served)]
        now[0] = 1.0
        sent = [await limiter.slot().__aenter__() for _ in range(fresh)]
        now[0] = 1.01
        limiter.on_overload(sent[0])
        return limiter.current

    return asyncio.run(scenario())


def test_a_cut_halves_while_far_above_what_is_served_else_takes_a_tenth():
    assert cut_after(64, 10, 10) == 32  # 10 of the 20 in flight are being served: halve
    assert cut_after(64, 40, 10) == 57  # 40 of 50 being served: a tenth
    assert cut_after(41, 40, 1) == 36


def test_a_wave_sent_together_at_the_limit_is_not_taken_for_an_unserved_one():
    """Against a steady latency the requests go in waves: all in flight were sent with the refused one,
    yet the endpoint serves a whole wave (its answers say so), so the cut takes a tenth, not half."""
    now = [0.0]

    async def scenario() -> int:
        limiter = AdaptiveLimiter(40, clock=lambda: now[0])
        wave = [limiter.slot() for _ in range(32)]
        slots = [await cm.__aenter__() for cm in wave]
        now[0] = 1.0
        for cm, slot in zip(wave, slots):  # the first wave answered after 1 s
            limiter.on_success(slot)
            await cm.__aexit__(None, None, None)
        wave = [limiter.slot() for _ in range(33)]
        slots = [await cm.__aenter__() for cm in wave]  # the next wave, one too many
        now[0] = 1.005
        limiter.on_overload(slots[-1])
        return limiter.current

    assert asyncio.run(scenario()) == 36


def test_fixed_limit_when_not_adaptive():
    limiter = AdaptiveLimiter(8, adaptive=False)
    server = ScriptedLimit(3)
    observed, limits = run(limiter, server, requests=100, workers=20)
    assert limiter.cuts == 0 and set(limits) == {8} and limiter.overloads == server.rejected > 0


def test_cancelled_waiters_give_their_room_back():
    async def scenario() -> int:
        limiter = AdaptiveLimiter(1)
        async with limiter.slot():
            waiter = asyncio.ensure_future(limiter.slot().__aenter__())
            await asyncio.sleep(0)
            waiter.cancel()
        async with limiter.slot():  # would hang if the cancelled waiter had kept the slot
            return limiter.in_flight

    assert asyncio.run(asyncio.wait_for(scenario(), 5)) == 1


def test_summaries_of_several_processes_add_up():
    a = {"adaptive": True, "configured": 8, "limit_now": 3, "lowest_limit": 2, "peak_in_flight": 8, "mean_in_flight": 3.0,
         "overload_answers": 5, "cuts": 2, "timeline": [[0.0, 8, 0], [1.0, 3, 3]]}
    b = {**a, "timeline": [[0.5, 8, 4]]}
    total = combine({"gw0": a, "gw1": b})
    assert total["configured"] == 16 and total["cuts"] == 4 and total["mean_in_flight"] == 6.0
    assert total["timeline"] == [[0.0, 16, 0], [0.5, 16, 4], [1.0, 11, 7]]
    assert set(total["by_process"]) == {"gw0", "gw1"}


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["1-process", "xdist"])
@pytest.mark.parametrize("retry_after", [None, 0.05])
def test_run_against_a_rate_limited_server_completes(loopback, tmp_path, retry_after, workers):
    book = answer_book()
    loopback.handler = scripted(book)
    loopback.latency = 0.05
    loopback.max_concurrent, loopback.retry_after = 3, retry_after
    config = write_config(tmp_path / "c.yaml", loopback.url, parallelism=16, max_retries=10)
    run = run_evals(["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA), *workers], tmp_path / "out")
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    results = run.results("mmlu_pro")
    assert results["cases"]["errors"] == 0 and results["cases"]["scored"] == len(book)
    assert loopback.rejected > 0 and loopback.peak_admitted <= 3
    (url, concurrency), = results["concurrency"].items()
    assert url == loopback.url + "/chat/completions"
    assert concurrency["configured"] == 16 and concurrency["cuts"] >= 1 and concurrency["lowest_limit"] < 16
    assert concurrency["overload_answers"] == loopback.rejected
    assert all(0 < limit <= 16 and 0 <= flight <= 16 for _, limit, flight in concurrency["timeline"])
    assert concurrency["peak_in_flight"] <= 16
    assert f"evals: {url} answered {loopback.rejected} request(s) with 429/503" in run.stdout
    if workers:  # the workers shared one limit (fixtures/shared_limit.py): one ceiling of 16, not 8 + 8
        assert concurrency["shared"] and set(concurrency["by_process"]) == {"gw0", "gw1"}
        assert not (tmp_path / "out" / run.run_id / ".limits").exists()  # the controller removed the shared files


def test_run_without_rate_limit_says_nothing(loopback, tmp_path):
    loopback.handler = scripted(answer_book())
    config = write_config(tmp_path / "c.yaml", loopback.url, parallelism=4)
    run = run_evals(["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA)], tmp_path / "out")
    assert run.returncode == 0, run.stdout + run.stderr
    (concurrency,) = run.results("mmlu_pro")["concurrency"].values()
    assert concurrency["cuts"] == 0 and concurrency["peak_in_flight"] <= 4
    assert "429/503" not in run.stdout


async def admission_order(limiter) -> list[str]:
    """Who gets the one slot first, once it is freed: first attempts a, b queued before retries r1, r2."""
    order: list[str] = []

    async def request(name: str, retry: bool) -> None:
        async with limiter.slot(retry):
            order.append(name)
            await asyncio.sleep(0.001)

    async with limiter.slot():
        tasks = []
        for name, retry in (("a", False), ("b", False), ("r1", True), ("r2", True)):
            tasks.append(asyncio.ensure_future(request(name, retry)))
            await asyncio.sleep(0)  # queued in this order
    await asyncio.gather(*tasks)
    return order


def test_a_retry_waits_ahead_of_first_attempts():
    assert asyncio.run(asyncio.wait_for(admission_order(AdaptiveLimiter(1)), 5)) == ["r1", "r2", "a", "b"]
