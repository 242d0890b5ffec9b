"""The replica router: fewest in flight, each replica's share, failing replicas set aside for a while."""

from __future__ import annotations

import asyncio

from fixtures.replicas import Replica, ReplicaRouter, split


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def router(capacities, clock=None, **kwargs):
    replicas = [Replica(f"http://r{i}", asyncio.Semaphore(c), c) for i, c in enumerate(capacities)]
    return ReplicaRouter(replicas, clock=clock or Clock(), **kwargs)


def test_fewest_in_flight_and_each_replicas_share():
    assert split(10, 3) == [4, 3, 3] and split(2, 3) == [1, 1, 1]

    async def main():
        r = router([2, 2, 1])
        taken = [await r.acquire() for _ in range(5)]
        counts = {rep.url: rep.in_flight for rep in r.replicas}
        assert counts == {"http://r0": 2, "http://r1": 2, "http://r2": 1}  # spread first, then up to each share
        # the first three went to three different replicas (fewest in flight)
        assert len({t.url for t in taken[:3]}) == 3
        assert r.choose() is None  # all full: the next request waits for a release
        waiter = asyncio.ensure_future(r.acquire())
        await asyncio.sleep(0)
        assert not waiter.done()
        r.release(taken[4])
        got = await asyncio.wait_for(waiter, 1)
        assert got is taken[4]

    asyncio.run(main())


def test_a_failing_replica_is_set_aside_then_tried_again():
    async def main():
        clock = Clock()
        r = router([4, 4, 4], clock=clock, failures_to_set_aside=2, set_aside_s=30)
        bad = r.replicas[1]
        r.failed(bad)
        assert bad.set_aside_until == 0  # one failure is not enough
        r.failed(bad)
        assert bad.set_aside_until == 130.0 and bad.times_set_aside == 1
        chosen = set()
        for _ in range(8):
            rep = await r.acquire()
            chosen.add(rep.url)
        assert bad.url not in chosen and bad.in_flight == 0
        clock.now = 131.0
        for rep in list(r.replicas):
            while rep.in_flight:
                r.release(rep)
        assert (await r.acquire()).url in {x.url for x in r.replicas}
        picks = {(await r.acquire()).url for _ in range(3)}
        assert bad.url in picks  # back after its time
        r.failed(bad)  # one more failure after coming back sets it aside again
        assert bad.set_aside_until == 161.0 and bad.times_set_aside == 2
        r.answered(r.replicas[0])
        assert r.summary()["http://r1"] == {"answered": 0, "failed": 3, "set_aside": 2}

    asyncio.run(main())


def test_a_retry_avoids_the_replica_that_just_failed_and_all_set_aside_still_tries():
    async def main():
        clock = Clock()
        r = router([4, 4], clock=clock, failures_to_set_aside=1, set_aside_s=10)
        first = await r.acquire()
        r.release(first)
        r.failed(first)
        other = await r.acquire(avoid=first)
        assert other is not first
        r.release(other)
        r.failed(other)
        clock.now += 1
        # both set aside: the one whose time ends first is still tried rather than stalling
        again = await asyncio.wait_for(r.acquire(), 1)
        assert again is first

    asyncio.run(main())


# --- whole runs against three loopback servers ------------------------------------------------------

import json
import threading
from collections import Counter
from contextlib import ExitStack

import pytest

from tests.support.evalrun import run_evals, write_config
from tests.support.loopback import LoopbackServer, Reply
from tests.test_mmlu_pro import FIXTURE_DATA
from tests.test_shards import ANSWERS, scripted

REPEATS = 2
DIES_AFTER = 5


class Answering:
    """A handler that keeps what it answered; `dies_after` answers, then the server goes away."""

    def __init__(self, dies_after: int | None = None) -> None:
        self.answered: list[tuple[str, int]] = []
        self.dies_after = dies_after
        self.server: LoopbackServer | None = None
        self.dead = threading.Event()
        self.lock = threading.Lock()

    def __call__(self, body):
        with self.lock:
            if self.dead.is_set():
                return Reply(drop=True)
            self.answered.append((body["messages"][0]["content"], body["seed"]))
            if self.dies_after is not None and len(self.answered) >= self.dies_after:
                self.dead.set()
                threading.Thread(target=self.server.stop, daemon=True).start()  # refuses connections from now on
        return scripted(body)


def servers(stack: ExitStack, handlers):
    started = []
    for handler in handlers:
        server = LoopbackServer(handler, latency=0.05).start()
        handler.server = server
        if handler.dies_after is None:
            stack.callback(server.stop)
        started.append(server)
    return started


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["1-process", "xdist"])  # xdist: limits shared by the workers
def test_three_replicas_one_dies_mid_run(tmp_path, workers):
    handlers = [Answering(), Answering(dies_after=DIES_AFTER), Answering()]
    with ExitStack() as stack:
        live = servers(stack, handlers)
        config = write_config(tmp_path / "c.yaml", live[0].url, {"mmlu_pro": {"repeats": REPEATS}}, parallelism=6, max_retries=4)
        args = ["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA), *workers]
        replicas = [a for s in live for a in ("--base-url", s.url)]
        run = run_evals([*args, *replicas], tmp_path / "out")
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
        assert handlers[1].dead.wait(5)
        results = run.results("mmlu_pro")
        cases = len(ANSWERS) * REPEATS
        assert results["cases"]["total"] == cases and results["cases"]["errors"] == 0

        # every case answered exactly once, over the three replicas
        answered = Counter(a for h in handlers for a in h.answered)
        assert sum(answered.values()) == cases and set(answered.values()) == {1}
        urls = [f"{s.url}/chat/completions" for s in live]
        assert results["endpoints"] == urls
        distribution = results["replicas"]
        assert {url: distribution[url]["answered"] for url in urls} == {url: len(h.answered) for url, h in zip(urls, handlers)}
        assert distribution[urls[1]]["answered"] == DIES_AFTER and distribution[urls[1]]["failed"] >= 1
        assert distribution[urls[0]]["answered"] > DIES_AFTER and distribution[urls[2]]["answered"] > DIES_AFTER
        samples = run.samples("mmlu_pro")
        assert Counter(s["generation"]["replica"] for s in samples) == Counter({url: len(h.answered) for url, h in zip(urls, handlers)})

        # the same run on two other replicas: the cache key names no replica, so nothing is sent again
        others = [Answering(), Answering()]
        fresh = servers(stack, others)
        again = run_evals([*args, *[a for s in fresh for a in ("--base-url", s.url)]], tmp_path / "out", run_id="again")
        assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
        assert [len(h.answered) for h in others] == [0, 0]
        assert json.dumps(again.results("mmlu_pro")["metrics"]) == json.dumps(results["metrics"])
        assert "replicas" not in again.results("mmlu_pro")  # nothing was answered by any replica this time
