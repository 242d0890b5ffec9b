"""The sample browser's speed and memory on large synthetic runs (tests/support/synthetic_run.py).

    python scripts/bench_viewer.py                                   # 27,000 cases with 100,000-character reasoning (~3 GB)
    python scripts/bench_viewer.py --cases 20000 --reasoning-chars 2000 --keep /tmp/run

For each run size it starts `evals view RUN` as a user would (a subprocess) and measures:
- open: from starting the command to the first page of samples answered, once without an index
  (the first view of a folder whose index is missing or stale: one pass over samples.jsonl) and once
  with the index the first pass saved (every later view, and the first after a `pytest evals` run,
  which writes the index together with report.html);
- a page of samples (/api/samples, 50 rows) over several filters and offsets, and an item's page
  (/api/item: every repeat read at its offset), as median and maximum of the requests;
- text search over one task (reads that task's lines), for information;
- the server's peak resident memory (VmHWM), and its CPU time to open and per request: on a busy
  machine wall times wait for a core, CPU time does not.
The samples sit in the page cache (just written); a cold disk adds its read time to the first pass.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.support.synthetic_run import TASK_MIX, write_synthetic_run  # noqa: E402


def get(url: str) -> tuple[float, dict]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as response:
        data = json.loads(response.read())
    return time.perf_counter() - started, data


def cpu_s(pid: int) -> float:
    """User + system CPU seconds the process has used (the machine may be busy: wall time then waits for a core)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def one_view(folder: Path) -> dict:
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "fixtures.cli", "view", str(folder)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        url = line.split()[2]
        _, meta = get(url + "api/meta")
        get(url + "api/samples?task=" + TASK_MIX[0])
        opened = time.perf_counter() - started
        opened_cpu = cpu_s(process.pid)
        pages, items = [], []
        before = cpu_s(process.pid)
        for task in meta["tasks"]:
            total = meta["tasks"][task]["cases"]
            for query in ({}, {"verdict": "wrong"}, {"verdict": "error"}, {"repeat": "2"}, {"item": "0042"}, {"offset": str(max(0, total - 60))},
                          {"offset": str(total // 2)}, {"verdict": "right", "offset": "500"}):
                pages.append(get(url + "api/samples?" + urllib.parse.urlencode({"task": task, **query}))[0])
            for n in (1, total // 8, total // 5):
                items.append(get(url + "api/item?" + urllib.parse.urlencode({"task": task, "item": f"{task}-{n:05d}"}))[0])
        served_cpu = cpu_s(process.pid) - before
        search, found = get(url + "api/samples?" + urllib.parse.urlencode({"task": "hle", "text": "Exact Answer: 42"}))
        return {"open_s": round(opened, 3), "open_cpu_s": round(opened_cpu, 2), "cpu_ms_per_request": round(1000 * served_cpu / (len(pages) + len(items)), 1),
                "load_average": round(os.getloadavg()[0], 1), "page_ms_median": round(1000 * statistics.median(pages), 1), "page_ms_max": round(1000 * max(pages), 1),
                "item_ms_median": round(1000 * statistics.median(items), 1), "item_ms_max": round(1000 * max(items), 1),
                "pages": len(pages), "items": len(items), "text_search_one_task_s": round(search, 2), "found": found["total"],
                "server_peak_rss_mb": round(peak_rss_mb(process.pid), 1)}
    finally:
        process.terminate()
        process.wait(timeout=10)


def bench(cases: int, reasoning_chars: int, repeats: int, where: Path) -> dict:
    folder = where / f"run-{cases}-{reasoning_chars}"
    started = time.perf_counter()
    write_synthetic_run(folder, cases, repeats=repeats, reasoning_chars=reasoning_chars)
    size = sum(p.stat().st_size for p in folder.glob("*/samples.jsonl"))
    written = time.perf_counter() - started
    cold = one_view(folder)  # builds and saves the index
    warm = one_view(folder)  # reads the saved index
    return {"cases": cases, "reasoning_chars": reasoning_chars, "samples_gb": round(size / 1e9, 3), "write_s": round(written, 1),
            "without_index": cold, "with_index": warm}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=27_000)
    parser.add_argument("--reasoning-chars", type=str, default="100000", help="comma-separated sizes, one run each (e.g. 1000,100000)")
    parser.add_argument("--repeats", type=int, default=4)
    parser.add_argument("--keep", type=Path, default=None, help="write the runs here and keep them")
    args = parser.parse_args()
    where = args.keep or Path(tempfile.mkdtemp(prefix="bench-viewer-"))
    try:
        for chars in (int(c) for c in args.reasoning_chars.split(",")):
            print(json.dumps(bench(args.cases, chars, args.repeats, where)), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(where, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
