"""Harness speed as users run it: the README's command, a realistic answer mix, a loopback server.

    python scripts/bench_harness.py                        # every benchmark below, each twice
    python scripts/bench_harness.py --only wrong --repeat 3
    python scripts/bench_harness.py --only ratelimit --rate-limits 32 --modes 1

Every run is the README's command for a local server, as a user types it, with no pytest options:

    pytest evals --base-url http://127.0.0.1:PORT/v1 --model bench --api-key-env none -k mmlu_pro \\
        --data-dir DATA --limit N --parallelism P --output-dir TMP [-n 2]

against `python -m tests.support.loopback --answers mix` in its own process: 5% of the answers end
inside their reasoning (finish_reason "length"), 7% have no answer letter, half carry reasoning,
the rest a boxed letter. On the real MMLU-Pro rows that letter is hash-chosen (about 90% wrong, as
the issue measured); on the synthetic rows it is the key 60% of the time (about 47% wrong).

Benchmarks (`--only`):
  wrong       the issue's run: 2,000 real MMLU-Pro rows, parallelism 256, 0.2 s latency (1 process, -n 2)
  throughput  20,000 synthetic rows, parallelism 512, 2.0 s latency (1 process, -n 2)
  ratelimit   the server admits K requests at once and answers the rest 429 (with and without
              Retry-After), 1.0 s latency, parallelism 512, 30 x K cases; ideal = cases / K x latency
  memory      27,000 synthetic rows with 32 KB of reasoning each, 0.05 s latency, parallelism 512
  collect     `pytest evals --collect-only` over all tasks, and `-k mmlu_pro`
  floor       plain pytest on 2,000 trivial tests, 90% failing (no plugin of ours, no HTTP): what pytest
              alone costs per test on this machine, the floor under the `wrong` rows' CPU per case

Columns: wall; of ideal (cases / parallelism x latency, or / K); CPU per case of the pytest process
tree (pytest included, server excluded); start-up = process start to the server's first request;
after the last answer = wall minus the time of the server's last answer; peak RSS of the largest
pytest process; errors (cases that failed to generate, e.g. retries exhausted).

Python writes and reuses bytecode as on a user's machine (this machine's sessions export
PYTHONDONTWRITEBYTECODE=1, which the script drops for the runs it starts; `--no-bytecode` keeps it).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("EVALS_SHARED_DATA") or REPO.parent / "shared" / "data")

WRAPPER = """
import json, resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
json.dump({"cpu_s": usage.ru_utime + usage.ru_stime, "max_rss_kb": usage.ru_maxrss}, open(sys.argv[1], "w"))
sys.exit(code)
"""


def synthetic_mmlu_pro(folder: Path, items: int) -> Path:
    """MMLU-Pro-format rows whose question names its key, `(key C)`, for the server's answer mix."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    letters = "ABCDEFGHIJ"
    keys = [letters[(i * 7) % 10] for i in range(items)]
    rows = {
        "question_id": list(range(items)),
        "question": [f"Synthetic question {i} (key {keys[i]}): which option is right?" for i in range(items)],
        "options": [[f"option {j} of question {i}" for j in range(10)] for i in range(items)],
        "answer": keys,
        "answer_index": [letters.index(k) for k in keys],
        "cot_content": [""] * items,
        "category": [("math", "law", "physics", "history")[i % 4] for i in range(items)],
        "src": ["synthetic"] * items,
    }
    path = folder / "mmlu_pro" / "test-00000-of-00001.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(rows), path)
    return folder


def pytest_command() -> list[str]:
    """`pytest`, the console script of this interpreter's environment (what a user types)."""
    script = Path(sys.executable).with_name("pytest")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pytest"]


def environment(bytecode: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_ADDOPTS", "PYTEST_XDIST_AUTO_NUM_WORKERS")}
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


class Server:
    """The loopback server in its own process (its CPU is not counted)."""

    def __init__(self, work: Path, latency: float, reasoning_bytes: int, max_concurrent: int = 0, retry_after: float | None = None) -> None:
        self.stats_file = work / f"server-{time.monotonic_ns()}.json"
        command = [sys.executable, "-m", "tests.support.loopback", "--answers", "mix", "--latency", str(latency),
                   "--reasoning-bytes", str(reasoning_bytes), "--stats-file", str(self.stats_file)]
        if max_concurrent:
            command += ["--max-concurrent", str(max_concurrent)]
        if retry_after is not None:
            command += ["--retry-after", str(retry_after)]
        self.process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True)
        self.port = int(self.process.stdout.readline())

    def stats(self) -> dict:
        time.sleep(0.6)  # the server rewrites its counts every 0.25 s
        try:
            return json.loads(self.stats_file.read_text())
        except (OSError, ValueError):
            return {}

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()


def run_eval(name: str, server: Server, data: Path, cases: int, parallelism: int, workers: int, work: Path,
             bytecode: bool, ideal: float) -> dict:
    out = Path(tempfile.mkdtemp(dir=work, prefix="out-"))
    command = pytest_command() + [
        "evals", "--base-url", f"http://127.0.0.1:{server.port}/v1", "--model", "bench", "--api-key-env", "none",
        "-k", "mmlu_pro", "--data-dir", str(data), "--limit", str(cases), "--parallelism", str(parallelism),
        "--output-dir", str(out), "--run-id", "bench",
    ] + (["-n", str(workers)] if workers > 1 else [])
    usage_file = out / "usage.json"
    started_at = time.time()
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", WRAPPER, str(usage_file), *command], cwd=REPO, env=environment(bytecode),
                          capture_output=True, text=True)
    wall = time.monotonic() - started
    usage = json.loads(usage_file.read_text())
    stats = server.stats()
    try:
        results = json.loads((out / "bench" / "mmlu_pro" / "results.json").read_text())
    except (OSError, ValueError):
        results = {}
    cases_info = results.get("cases", {})
    concurrency = next(iter(results.get("concurrency", {}).values()), {})
    first, last = stats.get("first_request_at"), stats.get("last_answer_at")
    tail = (done.stdout.strip().splitlines() or [""])[-1]
    return {
        "benchmark": name,
        "mode": "1 process" if workers == 1 else f"-n {workers}",
        "cases": cases,
        "wall_s": round(wall, 2),
        "ideal_s": round(ideal, 2),
        "of_ideal": f"{100 * ideal / wall:.0f}%",
        "cpu_ms_per_case": round(1000 * usage["cpu_s"] / cases, 2),
        "startup_s": None if first is None else round(first - started_at, 2),
        "after_last_answer_s": None if last is None else round(started_at + wall - last, 2),
        "peak_rss_mb": round(usage["max_rss_kb"] / 1024),
        "errors": cases_info.get("errors"),
        "correct": cases_info.get("correct"),
        "unextracted": cases_info.get("unextracted"),
        "truncated": cases_info.get("truncated"),
        "server_requests": stats.get("requests"),
        "server_peak_admitted": stats.get("peak_admitted"),
        "server_429": stats.get("rejected"),
        "limit_lowest": concurrency.get("lowest_limit"),
        "limit_mean_in_flight": concurrency.get("mean_in_flight"),
        "returncode": done.returncode,
        "output": str(out),
        "pytest": tail,
        **({"stderr": done.stderr[-800:]} if done.returncode not in (0, 1) else {}),
    }


def repeated(args: argparse.Namespace, work: Path, label: str, data: Path, cases: int, parallelism: int, latency: float,
             reasoning_bytes: int = 2000, ideal_in_flight: int | None = None, **server: object) -> list[dict]:
    """`args.repeat` runs of one figure in each mode, each against a fresh server; ideal = cases / in flight x latency."""
    rows = []
    ideal = cases / (ideal_in_flight or parallelism) * latency
    for workers in args.modes:
        for _ in range(args.repeat):
            loopback = Server(work, latency, reasoning_bytes, **server)  # type: ignore[arg-type]
            try:
                rows.append(run_eval(label, loopback, data, cases, parallelism, workers, work, args.bytecode, ideal))
            finally:
                loopback.stop()
            rows[-1]["lower_bound_s"] = math.ceil(cases / (ideal_in_flight or parallelism)) * latency  # when not whole
            print(json.dumps(rows[-1]), flush=True)
    return rows


def bench_wrong(args: argparse.Namespace, work: Path) -> list[dict]:
    return repeated(args, work, "wrong: 2,000 real rows x 256 x 0.2 s", args.data_dir, 2000, 256, 0.2)


def bench_throughput(args: argparse.Namespace, work: Path) -> list[dict]:
    data = synthetic_mmlu_pro(work / "synthetic-20000", 20000)
    return repeated(args, work, "throughput: 20,000 x 512 x 2.0 s", data, 20000, 512, 2.0)


def bench_ratelimit(args: argparse.Namespace, work: Path) -> list[dict]:
    rows = []
    data = synthetic_mmlu_pro(work / "synthetic-ratelimit", 30 * max(args.rate_limits))
    for k in args.rate_limits:
        for retry_after in (1.0, None):
            label = f"ratelimit: K={k}, {'Retry-After 1' if retry_after else 'no Retry-After'}"
            rows += repeated(args, work, label, data, 30 * k, 512, 1.0, ideal_in_flight=k, max_concurrent=k, retry_after=retry_after)
    return rows


def bench_memory(args: argparse.Namespace, work: Path) -> list[dict]:
    data = synthetic_mmlu_pro(work / "synthetic-27000", 27000)
    return repeated(args, work, "memory: 27,000 x 32 KB reasoning", data, 27000, 512, 0.05, reasoning_bytes=32 * 1024)


def bench_collect(args: argparse.Namespace, work: Path) -> list[dict]:
    rows = []
    for label, extra in (("collect-only, all tasks", []), ("collect-only, -k mmlu_pro", ["-k", "mmlu_pro"])):
        for _ in range(args.repeat):
            started = time.monotonic()
            done = subprocess.run(pytest_command() + ["evals", "--collect-only", "--data-dir", str(args.data_dir), *extra],
                                  cwd=REPO, env=environment(args.bytecode), capture_output=True, text=True)
            rows.append({"benchmark": label, "wall_s": round(time.monotonic() - started, 2),
                         "pytest": (done.stdout.strip().splitlines() or [""])[-1]})
            print(json.dumps(rows[-1]), flush=True)
    return rows


FLOOR_TESTS = """
import pytest

@pytest.mark.parametrize("n", range(2000))
def test_case(n):
    assert n % 10 == 0, f"wrong answer: case {n}"
"""


def bench_floor(args: argparse.Namespace, work: Path) -> list[dict]:
    """Plain pytest, no plugin of ours, no HTTP: 2,000 trivial parametrised tests, 90% failing, as typed
    (`pytest test_floor.py`) and with `--tb=line`. Its CPU per test is what any suite whose cases are
    pytest tests pays on this machine; the `wrong` rows are 2,000 such tests plus the evaluation."""
    folder = work / "floor"
    folder.mkdir(exist_ok=True)
    (folder / "test_floor.py").write_text(FLOOR_TESTS)
    rows = []
    for label, extra in (("floor: plain pytest, 2,000 tests, 90% failing", []), ("floor: same, --tb=line", ["--tb=line"])):
        for _ in range(args.repeat):
            usage_file = folder / "usage.json"
            started = time.monotonic()
            done = subprocess.run([sys.executable, "-c", WRAPPER, str(usage_file), *pytest_command(), "test_floor.py", *extra],
                                  cwd=folder, env=environment(args.bytecode), capture_output=True, text=True)
            wall = time.monotonic() - started
            usage = json.loads(usage_file.read_text())
            rows.append({"benchmark": label, "mode": "1 process", "cases": 2000, "wall_s": round(wall, 2),
                         "cpu_ms_per_case": round(1000 * usage["cpu_s"] / 2000, 2), "peak_rss_mb": round(usage["max_rss_kb"] / 1024),
                         "pytest": (done.stdout.strip().splitlines() or [""])[-1]})
            print(json.dumps(rows[-1]), flush=True)
    return rows


BENCHMARKS = {"wrong": bench_wrong, "throughput": bench_throughput, "ratelimit": bench_ratelimit, "memory": bench_memory,
              "collect": bench_collect, "floor": bench_floor}


def table(rows: list[dict]) -> str:
    columns = ["benchmark", "mode", "wall_s", "of_ideal", "cpu_ms_per_case", "startup_s", "after_last_answer_s", "peak_rss_mb", "errors"]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        lines.append("| " + " | ".join("" if row.get(c) is None else str(row[c]) for c in columns) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default=",".join(BENCHMARKS), help=f"comma-separated: {', '.join(BENCHMARKS)}")
    parser.add_argument("--modes", default="1,2", help="comma-separated worker counts (1 = no xdist)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each figure")
    parser.add_argument("--rate-limits", default="32,128", help="comma-separated K for the ratelimit benchmark")
    parser.add_argument("--no-bytecode", dest="bytecode", action="store_false", help="keep PYTHONDONTWRITEBYTECODE if set")
    parser.add_argument("--data-dir", type=Path, default=SHARED_DATA, help="the real data (MMLU-Pro for 'wrong'; all tasks for 'collect')")
    parser.add_argument("--keep", type=Path, help="keep the runs' output folders (results.json ...) under this folder")
    args = parser.parse_args()
    if not (args.data_dir / "mmlu_pro").is_dir() and {"wrong", "collect"} & set(args.only.split(",")):
        parser.error(f"{args.data_dir} has no mmlu_pro/: give the shared data with --data-dir or $EVALS_SHARED_DATA")
    args.modes = [int(m) for m in args.modes.split(",")]
    args.rate_limits = [int(k) for k in args.rate_limits.split(",")]
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.keep is not None:
            args.keep.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(dir=args.keep, prefix="bench-"))
        for name in args.only.split(","):
            rows += BENCHMARKS[name](args, work)
    print(table(rows))


if __name__ == "__main__":
    main()
