"""A small end-to-end run for the report and viewer tests: three benchmarks over the loopback server.

MMLU-Pro (the committed real rows), GPQA (synthetic rows in its CSV format) and AIME 2025 (synthetic
problems), two repeats each, with right, wrong, unextracted and truncated answers, and one answer
that carries HTML and script (which no page may execute). IFBench is disabled in the config, so the
report shows a skipped task.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Callable

import pytest

from tests.gpqa.conftest import synthetic_row, write_gpqa_csv
from tests.support.evalrun import REPO, EvalRun, run_evals, write_config
from tests.support.loopback import LoopbackServer, Reply, completion

TASKS = ["mmlu_pro", "gpqa", "aime2025"]
HOSTILE = ('<script>window.__evals_pwned = "script"</script><img src="x" onerror="window.__evals_pwned = \'img\'">'
           "<b>bold?</b> Answer: \\boxed{B}")
GPQA_QUESTION = re.compile(r"Synthetic question (\d+):")
AIME_PROBLEM = re.compile(r"Synthetic problem (\d+):")
AIME_GOLD = {0: "70", 1: "588", 2: "16", 3: "204"}


def write_data(data_dir: Path) -> Path:
    shutil.copytree(REPO / "tests" / "data" / "mmlu_pro", data_dir / "mmlu_pro")
    write_gpqa_csv(data_dir, [synthetic_row(n) for n in range(6)])
    path = data_dir / "aime2025" / "test.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text("".join(json.dumps({"id": f"aime25-{n}", "problem": f"Synthetic problem {n}: find the value.",
                                        "expected_answer": gold}) + "\n" for n, gold in AIME_GOLD.items()))
    return data_dir


def handler(body: dict) -> Reply:
    """Deterministic per prompt and seed: a mix of right, wrong, unextracted and truncated answers."""
    text = body["messages"][-1]["content"]
    seed = int(body.get("seed", 0))
    usage = {"prompt_tokens": 50 + len(text) // 4, "completion_tokens": 40 + (len(text) * (seed + 3)) % 900}
    if match := AIME_PROBLEM.search(text):
        n = int(match.group(1))
        if (n + seed) % 4 == 3:
            return Reply(completion("<think>still working", finish_reason="length", usage=usage))
        answer = AIME_GOLD[n] if (n + seed) % 2 == 0 else "1"
        return Reply(completion(f"So \\boxed{{{answer}}}.", reasoning=f"Reasoning about problem {n}.", usage=usage))
    if match := GPQA_QUESTION.search(text):
        n = int(match.group(1))
        letter = "ABCD"[(n + seed) % 4]
        return Reply(completion(f"Answer: {letter}", reasoning="Let me think about the options.", usage=usage))
    key = sum(map(ord, text[:200]))
    if key % 7 == 0 and seed == 0:
        return Reply(completion(HOSTILE, usage=usage))
    if (key + seed) % 5 == 0:
        return Reply(completion("I am not sure.", usage=usage))  # nothing to extract
    return Reply(completion(f"Answer: \\boxed{{{'ABCDEFGHIJ'[(key + seed) % 10]}}}", reasoning="Step by step.", usage=usage))


def loopback_run(tmp_path: Path, run_id: str = "report-run", reply: Callable[[dict], Reply] = handler, extra: list[str] | None = None) -> EvalRun:
    """`pytest evals` over the three tasks, two repeats, answered by `reply`; returns the finished run."""
    data = tmp_path / "data"
    if not data.exists():
        write_data(data)
    tasks = {
        "mmlu_pro": {"model_card": {"metric": "pass@1[avg-of-2]", "value": 78.3}},
        "gpqa": {"model_card": {"metric": "pass@1[avg-of-2]", "value": 73.0}},
        "aime2025": {"model_card": {"metric": "pass@1[avg-of-2]", "value": 89.1}},
        "ifbench": {"enabled": False},
    }
    with LoopbackServer(reply) as server:
        config = write_config(tmp_path / f"{run_id}.yaml", server.url, tasks)
        return run_evals(["-k", " or ".join(TASKS), "--config", str(config), "--data-dir", str(data), "--repeats", "2", *(extra or [])],
                         tmp_path / "out", run_id)


@pytest.fixture(scope="session")
def report_run(tmp_path_factory: pytest.TempPathFactory) -> EvalRun:
    """One finished loopback run shared by the report and viewer tests (read-only for them)."""
    run = loopback_run(tmp_path_factory.mktemp("report-run"))
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return run


def run_folder(run: EvalRun) -> Path:
    return run.output_dir / run.run_id
