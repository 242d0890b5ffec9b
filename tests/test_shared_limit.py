"""One adaptive limit shared by the xdist workers of a run (fixtures/shared_limit.py): processes that
share it never exceed it together, each sees the others' cuts, a dead process's slots come back.
A whole `-n 2` run against a rate-limited server: tests/test_adaptive.py."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path


from fixtures.adaptive import AdaptiveLimiter, combine
from fixtures.config import load_config
from fixtures.replicas import Replica, ReplicaRouter
from fixtures.runstate import RunState
from fixtures.shared_limit import SharedLimiter, alive, limit_file

REPO = Path(__file__).resolve().parents[1]


def _hammer(path: str, limit: int, requests: int, inside, peak, served) -> None:
    """One process's requests under the shared limit; counts how many are inside at once, across processes."""

    async def one(limiter: SharedLimiter) -> None:
        async with limiter.slot():
            with inside.get_lock():
                inside.value += 1
                peak.value = max(peak.value, inside.value)
            await asyncio.sleep(0.002)
            with inside.get_lock():
                inside.value -= 1
        with served.get_lock():
            served.value += 1

    async def main() -> None:
        limiter = SharedLimiter(Path(path), limit, poll=0.001)
        await asyncio.gather(*(one(limiter) for _ in range(requests)))
        limiter.close()

    asyncio.run(main())


def test_processes_sharing_a_limit_never_exceed_it_together(tmp_path):
    path = limit_file(tmp_path / "limits", "http://endpoint/v1/chat/completions 6")
    ctx = multiprocessing.get_context("spawn")
    inside, peak, served = ctx.Value("i", 0), ctx.Value("i", 0), ctx.Value("i", 0)
    workers = [ctx.Process(target=_hammer, args=(str(path), 6, 150, inside, peak, served)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert served.value == 450
    assert 1 <= peak.value <= 6  # three processes of 150 concurrent requests each, never more than 6 at once
    late = SharedLimiter(path, 6)
    assert late.run_in_flight == 0  # every process gave its slots back
    late.close()


def test_a_cut_by_one_process_is_seen_by_the_other_and_counts_once(tmp_path):
    path = limit_file(tmp_path, "u 64")

    async def scenario() -> None:
        a, b = SharedLimiter(path, 64), SharedLimiter(path, 64)  # two rows of the file, as two workers have
        async with a.slot() as early_a, b.slot() as early_b:
            assert a.run_in_flight == 1 and b.run_in_flight == 2 and b.elsewhere == 1
            assert a.on_overload(early_a)  # nothing served: halved
            assert not b.on_overload(early_b)  # admitted before that cut: the same burst, no second cut
            async with b.slot() as late_b:
                assert b.current == 32 and b.cuts == 1  # b took the cut made by a
                assert b.on_overload(late_b)
            assert a.cuts == 1  # a's copy (its own cut) is refreshed at its next admission
            async with a.slot():
                assert a.cuts == 2 and a.current == b.current < 32
        assert a.summary()["shared"] and a.summary()["cuts"] == 2
        a.close()
        b.close()

    asyncio.run(scenario())


def test_what_another_process_has_being_served_keeps_a_refusal_from_halving_the_limit(tmp_path):
    """A worker that started late has only fresh requests in flight when its first 429 comes; the other
    worker's requests sent long before are being served, and the cut takes a tenth, not half."""
    path, now = limit_file(tmp_path, "u 64"), [0.0]
    clock = lambda: now[0]  # noqa: E731

    async def scenario() -> tuple[int, int]:
        a, b = SharedLimiter(path, 64, clock=clock), SharedLimiter(path, 64, clock=clock)
        served = [a.slot() for _ in range(40)]
        for cm in served:
            await cm.__aenter__()  # sent at 0 and still in flight: being served
        now[0] = 0.99
        probe = a.slot()
        refused = await probe.__aenter__()
        now[0] = 1.0
        a.on_overload(refused)  # a's own 40 are served: a tenth off, 64 -> 57
        await probe.__aexit__(None, None, None)  # a publishes its 40 being served
        now[0] = 1.1
        fresh = [b.slot() for _ in range(10)]
        slots = [await cm.__aenter__() for cm in fresh]
        now[0] = 1.11
        b.on_overload(slots[-1])  # none of b's own is served yet
        a.close()
        b.close()
        return a.current, b.current

    first, second = asyncio.run(scenario())
    assert first == 57 and second == 51  # not 28, as if nothing were being served


def test_the_limit_is_run_wide_and_a_waiter_gets_room_another_process_frees(tmp_path):
    path = limit_file(tmp_path, "u 2")

    async def scenario() -> None:
        a, b = SharedLimiter(path, 2, poll=0.001), SharedLimiter(path, 2, poll=0.001)
        first = a.slot()
        await first.__aenter__()
        async with b.slot():
            second = b.slot()  # kept: a context manager dropped after entering would be finalised, and leave
            waiting = asyncio.ensure_future(second.__aenter__())
            await asyncio.sleep(0.01)
            assert not waiting.done() and a.state.totals()[:2] == (2, 1)  # full run-wide; b's row says one waits
            await first.__aexit__(None, None, None)  # a's release: b's poller takes the room
            await asyncio.wait_for(waiting, 10)
            assert b.in_flight == 2 and a.in_flight == 0
        a.close()
        b.close()

    asyncio.run(scenario())


def test_a_replica_router_sees_room_another_process_freed(tmp_path):
    """Routers of two processes over one shared replica limit: a release in one lets the other's request go."""
    path = limit_file(tmp_path, "replica 1")

    async def scenario() -> None:
        a, b = SharedLimiter(path, 1, poll=0.001), SharedLimiter(path, 1, poll=0.001)
        router_a, router_b = ReplicaRouter([Replica("http://r", a, 1)]), ReplicaRouter([Replica("http://r", b, 1)])
        held = router_a.slot()
        await held.__aenter__()
        other = router_b.slot()
        waiting = asyncio.ensure_future(other.__aenter__())
        await asyncio.sleep(0.01)
        assert not waiting.done() and router_b.choose() is None  # no room run-wide
        await held.__aexit__(None, None, None)  # no event of router_b's is set by this
        replica, _ = await asyncio.wait_for(waiting, 10)
        assert replica.url == "http://r" and b.in_flight == 1
        await other.__aexit__(None, None, None)
        a.close()
        b.close()

    asyncio.run(scenario())


HOLDER = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from fixtures.shared_limit import SharedLimiter

    async def main():
        limiter = SharedLimiter(Path(sys.argv[1]), int(sys.argv[2]))
        held = [limiter.slot() for _ in range(int(sys.argv[3]))]
        for slot in held:
            await slot.__aenter__()
        print("holding", flush=True)
        await asyncio.sleep(3600)

    asyncio.run(main())
    """
)


def hold(path: Path, limit: int, slots: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), str(limit), str(slots)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
    return proc


def test_a_killed_process_gives_its_slots_back(tmp_path):
    path = limit_file(tmp_path, "u 6")
    holder = hold(path, 6, 5)

    async def scenario() -> None:
        limiter = SharedLimiter(path, 6, poll=0.005, sweep_every=0.01)
        async with limiter.slot():
            assert limiter.run_in_flight == 6 and not limiter._try_admit()  # the other process holds five
            second = limiter.slot()
            waiting = asyncio.ensure_future(second.__aenter__())
            await asyncio.sleep(0.05)
            assert not waiting.done()
            holder.send_signal(signal.SIGKILL)  # dies holding its five slots
            await asyncio.wait_for(waiting, 30)
            assert limiter.in_flight == 2 and limiter.run_in_flight == 2
        limiter.close()

    try:
        asyncio.run(scenario())
    finally:
        holder.kill()
        holder.wait()


def test_a_zombie_or_a_reused_pid_is_not_alive(tmp_path):
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)  # exited, not reaped: a zombie
    try:
        assert not alive(child.pid, 0)
    finally:
        child.wait()
    assert not alive(child.pid, 0)
    assert alive(os.getpid(), 0)
    assert not alive(os.getpid(), 1)  # the pid of a process that started at another time


def test_fixed_limits_stay_split_and_adaptive_ones_are_shared_under_xdist(tmp_path):
    config = load_config(None, {}, [])
    worker = RunState(config=config, run_id="r", run_dir=tmp_path, session="s", worker_id="gw1", worker_index=1, worker_count=2)
    shared = worker.limiter("http://u", worker.budget(9, True), True)
    assert isinstance(shared, SharedLimiter) and shared.max_limit == 9  # the whole run's ceiling
    fixed = worker.limiter("http://u", worker.budget(9, False), False)
    assert type(fixed) is AdaptiveLimiter and fixed.max_limit == 4 and not fixed.adaptive  # this worker's share
    alone = RunState(config=config, run_id="r", run_dir=tmp_path / "alone")
    assert type(alone.limiter("http://u", alone.budget(9, True), True)) is AdaptiveLimiter
    worker.close()
    assert any((tmp_path / ".limits" / "s").iterdir())  # a worker leaves the files to the controller
    controller = RunState(config=config, run_id="r", run_dir=tmp_path, session="s")
    controller.close()
    assert not (tmp_path / ".limits").exists()


def test_shared_summaries_merge_into_one_run_wide_timeline():
    a = {"adaptive": True, "shared": True, "configured": 16, "limit_now": 5, "lowest_limit": 4, "peak_in_flight": 12,
         "mean_in_flight": 4.0, "overload_answers": 3, "cuts": 2, "timeline": [[0.0, 16, 0], [2.0, 5, 5]]}
    b = {**a, "limit_now": 6, "lowest_limit": 5, "peak_in_flight": 11, "mean_in_flight": 2.0, "overload_answers": 1,
         "cuts": 3, "timeline": [[1.0, 8, 9], [4.0, 6, 0]]}
    total = combine({"gw0": a, "gw1": b})
    assert total["shared"] and total["configured"] == 16 and total["cuts"] == 3 and total["lowest_limit"] == 4
    assert total["peak_in_flight"] == 12 and total["overload_answers"] == 4 and total["limit_now"] == 6
    assert total["mean_in_flight"] == 4.0  # (4 x 2 s + 2 x 4 s) / 4 s
    assert total["timeline"] == [[0.0, 16, 0], [1.0, 8, 9], [2.0, 5, 5], [4.0, 6, 0]]


def test_a_retry_waits_ahead_of_first_attempts_under_a_shared_limit(tmp_path):
    from tests.test_adaptive import admission_order

    async def scenario() -> list[str]:
        return await admission_order(SharedLimiter(tmp_path / "limit", 1, poll=0.001))

    assert asyncio.run(asyncio.wait_for(scenario(), 5)) == ["r1", "r2", "a", "b"]
