"""Harness throughput: N cases through `pytest evals` against a loopback server with a fixed latency.

    python scripts/bench_harness.py                      # 20,000 cases, parallelism 512, 2.0 s latency, 1 process and -n 2
    python scripts/bench_harness.py --cases 2000 --modes 1 --backends aiohttp,httpx
    python scripts/bench_harness.py --modes 1 --bare-client   # also the scheduler and client without pytest

Reports wall time against the ideal (cases / parallelism x latency), CPU milliseconds per case of
the whole pytest process tree (pytest included; the server runs in its own process and is not
counted), the peak resident memory of the largest pytest process, and the peak number of requests
in flight seen by the server. Also times `pytest evals --collect-only` (all tasks, and -k mmlu_pro).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[1]


def synthetic_mmlu_pro(folder: Path, items: int) -> Path:
    """An MMLU-Pro-format parquet whose answer is always A, so every case passes quickly."""
    rows = {
        "question_id": list(range(items)),
        "question": [f"Synthetic question {i}?" for i in range(items)],
        "options": [[f"option {j}" for j in range(10)] for _ in range(items)],
        "answer": ["A"] * items,
        "answer_index": [0] * items,
        "cot_content": [""] * items,
        "category": ["math"] * items,
        "src": ["synthetic"] * items,
    }
    path = folder / "mmlu_pro" / "test-00000-of-00001.parquet"
    path.parent.mkdir(parents=True)
    pq.write_table(pa.table(rows), path)
    return folder


def start_server(latency: float, stats_file: Path) -> tuple[subprocess.Popen, int]:
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.support.loopback", "--latency", str(latency), "--stats-file", str(stats_file)],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
    )
    port = int(server.stdout.readline())
    return server, port


def run_mode(workers: int, cases: int, parallelism: int, latency: float, data: Path, work: Path, backend: str) -> dict:
    stats_file = work / f"server-stats-{workers}-{backend}.json"
    server, port = start_server(latency, stats_file)
    config = work / f"bench-{workers}.yaml"
    config.write_text(
        f"endpoint: {{url: 'http://127.0.0.1:{port}/v1', model: bench, api_key_env: null}}\n"
        f"defaults: {{parallelism: {parallelism}, max_retries: 0, http_backend: {backend}}}\n"
        "run: {cache: false}\n"
    )
    command = [sys.executable, "-m", "pytest", "evals", "-k", "mmlu_pro", "-q", "--tb=no", "-p", "no:cacheprovider",
               "--config", str(config), "--data-dir", str(data), "--limit", str(cases), "--output-dir", str(work / "out"),
               "--run-id", f"bench-{workers}"]
    if workers > 1:
        command += ["-n", str(workers)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first_request = last_request = None
    seen = 0
    while process.poll() is None:  # when requests start and stop arriving, from the server's counter
        time.sleep(0.1)
        try:
            count = json.loads(stats_file.read_text())["requests"]
        except (OSError, ValueError, KeyError):
            continue
        now = time.monotonic() - started
        if count and first_request is None:
            first_request = now
        if count != seen:
            seen, last_request = count, now
    stdout, stderr = process.communicate()
    wall = time.monotonic() - started
    done = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    time.sleep(1.0)  # let the server write its final counts
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    server.terminate()
    server.wait()
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    ideal = cases / parallelism * latency
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-500:]
    return {
        "mode": "1 process" if workers == 1 else f"-n {workers}",
        "http_backend": backend,
        "cases": cases,
        "wall_s": round(wall, 1),
        "ideal_s": round(ideal, 1),
        "of_ideal": f"{100 * ideal / wall:.0f}%",
        # 20,000 / 512 is not whole: some slots make ceil(20,000 / 512) = 40 requests in a row
        "lower_bound_s": round(math.ceil(cases / parallelism) * latency, 1),
        "first_request_s": None if first_request is None else round(first_request, 1),
        "last_request_s": None if last_request is None else round(last_request, 1),
        "after_last_answer_s": None if last_request is None else round(wall - last_request - latency, 1),
        "cpu_ms_per_case": round(1000 * cpu / cases, 2),
        "peak_rss_mb": round(after.ru_maxrss / 1024, 0),
        "server_peak_in_flight": stats.get("peak_in_flight"),
        "server_requests": stats.get("requests"),
        "pytest": summary,
        "returncode": done.returncode,
    }


BARE_CLIENT = """
import asyncio, json, sys, time
from fixtures.adaptive import AdaptiveLimiter
from fixtures.client import ClientSettings, ModelClient
from fixtures.scheduler import GenerationScheduler
from fixtures.transport import make_transport
url, cases, parallelism, backend = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
scheduler = GenerationScheduler(window=2 * parallelism + 16)
settings = ClientSettings(url=url, model="bench", max_new_tokens=None, max_tokens_param="max_tokens", temperature=None,
                          top_p=None, extra_body={}, request_timeout=600, max_retries=0, retry_backoff=1, retry_backoff_max=1)
client = scheduler.call(lambda: ModelClient(settings, make_transport(backend, 30, parallelism), AdaptiveLimiter(parallelism), None))
scheduler.on_close(client.transport.aclose)
def job(i):
    async def run():
        return await client.with_seed(i).chat([{"role": "user", "content": f"Synthetic question {i}?"}])
    return run
started = time.monotonic()
scheduler.prefetch((i, job(i)) for i in range(cases))
for i in range(cases):
    scheduler.result(i, job(i))
print(json.dumps({"wall_s": time.monotonic() - started}))
scheduler.close()
"""


def run_bare_client(cases: int, parallelism: int, latency: float, work: Path, backend: str) -> dict:
    """The scheduler and client alone, no pytest: what the harness adds is the difference."""
    server, port = start_server(latency, work / "server-stats-bare.json")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        done = subprocess.run([sys.executable, "-c", BARE_CLIENT, f"http://127.0.0.1:{port}/v1/chat/completions",
                               str(cases), str(parallelism), backend], cwd=REPO, capture_output=True, text=True)
    finally:
        server.terminate()
        server.wait()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = json.loads(done.stdout.strip().splitlines()[-1])["wall_s"] if done.returncode == 0 else None
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)  # client and server
    return {"mode": "bare client (no pytest)", "http_backend": backend, "cases": cases,
            "wall_s": None if wall is None else round(wall, 1), "lower_bound_s": round(math.ceil(cases / parallelism) * latency, 1),
            "cpu_ms_per_case_client_and_server": round(1000 * cpu / cases, 2), "error": done.stderr[-500:] if wall is None else None}


def time_collection(args: list[str]) -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "pytest", "evals", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
                   cwd=REPO, capture_output=True, text=True)
    return round(time.monotonic() - started, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--parallelism", type=int, default=512)
    parser.add_argument("--latency", type=float, default=2.0)
    parser.add_argument("--modes", default="1,2", help="comma-separated worker counts (1 = no xdist)")
    parser.add_argument("--backends", default="aiohttp", help="comma-separated http_backend values: aiohttp,httpx")
    parser.add_argument("--bare-client", action="store_true", help="also time the scheduler and client alone, without pytest")
    parser.add_argument("--data-dir", default=str(REPO.parent / "shared" / "data"), help="real data for the collection timings")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data = synthetic_mmlu_pro(work / "data", args.cases)
        rows = [
            run_mode(int(w), args.cases, args.parallelism, args.latency, data, work, backend)
            for backend in args.backends.split(",")
            for w in args.modes.split(",")
        ]
        if args.bare_client:
            rows += [run_bare_client(args.cases, args.parallelism, args.latency, work, b) for b in args.backends.split(",")]
    for row in rows:
        print(json.dumps(row))
    data_args = ["--data-dir", args.data_dir] if Path(args.data_dir).is_dir() else []
    print(json.dumps({
        "collect_only_all_s": time_collection(data_args),
        "collect_only_k_mmlu_pro_s": time_collection(["-k", "mmlu_pro", *data_args]),
        "collect_only_nothing_selected_s": time_collection(["-k", "no_such_task", *data_args]),
    }))


if __name__ == "__main__":
    main()
