"""Forged verdicts: programs that report a pass instead of earning it fail, run alone and end to end."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from evals.livecodebench.data import Tests
from evals.livecodebench.execute import run_program
from tests.livecodebench.fidelity_cases import ADD, PAIR_SUM, TIMEOUT_S
from tests.livecodebench.forgers import FORGERS
from tests.support.evalrun import run_evals, write_config
from tests.support.loopback import Reply, completion

PROBLEMS = {"stdin": ADD, "call": PAIR_SUM}  # 3 tests each


@pytest.fixture(scope="module")
def forged_runs(box):
    jobs = [(name, kind) for name in FORGERS for kind in PROBLEMS]

    def run(job):
        spec = PROBLEMS[job[1]]
        return run_program(box, FORGERS[job[0]], Tests(tuple(spec["inputs"]), tuple(spec["outputs"]), spec["fn_name"]), timeout=TIMEOUT_S)

    with ThreadPoolExecutor(max_workers=2 * box.workers) as pool:
        return dict(zip(jobs, pool.map(run, jobs)))


@pytest.mark.parametrize("kind", sorted(PROBLEMS))
@pytest.mark.parametrize("name", sorted(FORGERS))
def test_a_forged_report_fails(forged_runs, name, kind):
    execution = forged_runs[(name, kind)]
    assert not execution.passed, execution
    assert execution.status != "passed"
    assert not (len(execution.results) == 3 and all(r > 0 for r in execution.results)), execution


def test_the_real_solutions_still_pass(box):
    ok = run_program(box, "n = int(input())\nprint(sum(map(int, input().split())))\n",
                     Tests(tuple(ADD["inputs"]), tuple(ADD["outputs"]), None), timeout=TIMEOUT_S)
    assert ok.passed and ok.results == [1, 1, 1]


MARKERS = {"abc901_a": "Print their sum.", "3901": "return the first pair", "1999_C": "maximum prefix sum"}
ORDER = sorted(FORGERS)


def forging_model(body: dict) -> Reply:
    """Every answer is a forger (a different one per problem and repeat)."""
    prompt = body["messages"][0]["content"]
    index = next(i for i, marker in enumerate(MARKERS.values()) if marker in prompt)
    name = ORDER[(index * 2 + body.get("seed", 0)) % len(ORDER)]
    return Reply(completion(f"```python\n{FORGERS[name]}```\n"))


def test_forgers_fail_end_to_end(loopback, tmp_path, hub_dir):
    loopback.handler = forging_model
    config = write_config(
        tmp_path / "c.yaml", loopback.url,
        {"livecodebench": {"repeats": 2, "options": {"split": "test_v5_2407_2412", "timeout_s": 2}}},
    )
    run = run_evals(["-k", "livecodebench", "--config", str(config), "--data-dir", str(hub_dir.parent)],
                    tmp_path / "out", env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    results = run.results("livecodebench")
    assert results["cases"]["total"] == 6 and results["cases"]["scored"] == 6, run.stdout[-3000:]
    assert results["cases"]["correct"] == 0 and results["cases"]["errors"] == 0
    samples = run.samples("livecodebench")
    assert all(s["verdict"]["correct"] is False for s in samples)
    assert all(s["verdict"]["details"]["status"] != "passed" for s in samples)
    assert all(s["verdict"]["details"]["time_limit_hits"] == 0 for s in samples)
