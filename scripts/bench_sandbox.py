"""Executions per second of the sandbox on a LiveCodeBench-like mix, against the reference runner.

    python scripts/bench_sandbox.py --reference-dir /tmp/lcbref [--programs 40] [--rounds 3] [--workers 2]

--reference-dir is an unpacked copy of the reference package OUTSIDE this repository
(`git -C <mirror of wasiahmad/livecodebench> archive 5927b61 | tar -x -C /tmp/lcbref`); without it only
the sandbox is measured. The mix: half stdin, half call-based problems with 20 tests each; 70% correct
programs (all 20 tests run), 20% wrong at the first test, 10% runtime errors. Both runners get the
same programs and the same number of parallel workers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evals.livecodebench.data import Tests  # noqa: E402
from evals.livecodebench.execute import run_program  # noqa: E402
from fixtures.sandbox import Sandbox  # noqa: E402

N_TESTS = 20
STDIN_OK = "import sys\ndata = sys.stdin.read().split()\nn = int(data[0])\nprint(sum(int(x) for x in data[1:n + 1]))\n"
STDIN_WA = "n = int(input())\nprint(-1)\n"
STDIN_RE = "n = int(input())\nprint(undefined_name)\n"
CALL_OK = "class Solution:\n    def prefixMax(self, nums: List[int]) -> List[int]:\n        out, best = [], -10**18\n        for v in nums:\n            best = max(best, v)\n            out.append(best)\n        return out\n"
CALL_WA = "class Solution:\n    def prefixMax(self, nums):\n        return nums\n"
CALL_RE = "class Solution:\n    def prefixMax(self, nums):\n        return nums[len(nums)]\n"


def stdin_tests() -> Tests:
    inputs, outputs = [], []
    for t in range(N_TESTS):
        values = [(i * 7919 + t) % 1000 - 500 for i in range(2000)]
        inputs.append(f"{len(values)}\n{' '.join(map(str, values))}\n")
        outputs.append(f"{sum(values)}\n")
    return Tests(tuple(inputs), tuple(outputs), None)


def call_tests() -> Tests:
    inputs, outputs = [], []
    for t in range(N_TESTS):
        values = [(i * 104729 + t) % 997 for i in range(2000)]
        best, prefix = -(10**18), []
        for v in values:
            best = max(best, v)
            prefix.append(best)
        inputs.append(json.dumps(values))
        outputs.append(json.dumps(prefix))
    return Tests(tuple(inputs), tuple(outputs), "prefixMax")


def workload(n: int) -> list[tuple[str, Tests]]:
    s, c = stdin_tests(), call_tests()
    kinds = ["ok"] * 7 + ["wa"] * 2 + ["re"]
    mix = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        if i % 2 == 0:
            mix.append(({"ok": STDIN_OK, "wa": STDIN_WA, "re": STDIN_RE}[kind], s))
        else:
            mix.append(({"ok": CALL_OK, "wa": CALL_WA, "re": CALL_RE}[kind], c))
    return mix


def bench_sandbox(box: Sandbox, mix: list[tuple[str, Tests]], workers: int) -> tuple[float, list[bool]]:
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        runs = list(pool.map(lambda job: run_program(box, job[0], job[1], timeout=6), mix))
    return len(mix) / (time.monotonic() - start), [r.passed for r in runs]


def _reference_one(args: tuple[str, str, dict]) -> bool:
    reference_dir, code, sample = args
    if reference_dir not in sys.path:
        sys.path.insert(0, reference_dir)
    from livecodebench.evaluation.compute_code_generation_metrics import check_correctness

    results, _ = check_correctness(sample, code, timeout=6, debug=False)
    return all(r is True or (not isinstance(r, bool) and r > 0) for r in results)


def bench_reference(reference_dir: str, mix: list[tuple[str, Tests]], workers: int) -> tuple[float, list[bool]]:
    """The reference's own scheme: a process pool of `workers`, each check_correctness in a fresh Process."""
    jobs = [
        (reference_dir, code, {"input_output": json.dumps({"inputs": list(t.inputs), "outputs": list(t.outputs), "fn_name": t.fn_name})})
        for code, t in mix
    ]
    start = time.monotonic()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        verdicts = list(pool.map(_reference_one, jobs))
    return len(mix) / (time.monotonic() - start), verdicts


def per_run_ms(box: Sandbox, repeats: int, warm: bool = False) -> float:
    """A trivial program: forked from the warm interpreter (`warm`), else a fresh interpreter."""
    times = []
    for _ in range(repeats):
        start = time.monotonic()
        box.run_python("pass", warm=warm)
        times.append(time.monotonic() - start)
    return 1000 * statistics.median(times)


def bare_python_ms(repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.monotonic()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.monotonic() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference-dir", default=None)
    parser.add_argument("--programs", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; medians are reported")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--overhead-repeats", type=int, default=30)
    args = parser.parse_args()
    mix = workload(args.programs)
    report: dict = {"programs": len(mix), "tests_per_program": N_TESTS, "workers": args.workers, "rounds": args.rounds,
                    "load_average_before": [round(x, 2) for x in os.getloadavg()]}
    rates: dict[str, list[float]] = {"sandbox": [], "sandbox_without_bubblewrap": [], "reference": []}
    trivial: dict[str, list[float]] = {"sandbox_warm": [], "sandbox": [], "sandbox_without_bubblewrap": [], "bare_python": []}
    same = True
    with Sandbox(workers=args.workers, require="full") as box, Sandbox(workers=args.workers, backend="plain") as plain:
        report["isolation"] = box.isolation["summary"]
        report["isolation_without_bubblewrap"] = plain.isolation["summary"]
        for _ in range(args.rounds):
            rate, ours = bench_sandbox(box, mix, args.workers)
            rates["sandbox"].append(rate)
            rate, ours_plain = bench_sandbox(plain, mix, args.workers)
            rates["sandbox_without_bubblewrap"].append(rate)
            same &= ours == ours_plain
            if args.reference_dir:
                rate, theirs = bench_reference(args.reference_dir, mix, args.workers)
                rates["reference"].append(rate)
                same &= ours == theirs
            trivial["sandbox_warm"].append(per_run_ms(box, args.overhead_repeats, warm=True))
            trivial["sandbox"].append(per_run_ms(box, args.overhead_repeats))
            trivial["sandbox_without_bubblewrap"].append(per_run_ms(plain, args.overhead_repeats))
            trivial["bare_python"].append(bare_python_ms(args.overhead_repeats))
    report["exec_per_s_median"] = {k: round(statistics.median(v), 2) for k, v in rates.items() if v}
    report["exec_per_s_all"] = {k: [round(x, 2) for x in v] for k, v in rates.items() if v}
    report["ms_per_trivial_program_median"] = {k: round(statistics.median(v), 1) for k, v in trivial.items()}
    report["same_verdicts_everywhere"] = same
    report["passed_programs"] = sum(ours)
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
