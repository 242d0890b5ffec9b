"""AIME end to end: evals/aime2025/test_aime2025.py under xdist against the loopback server, 4 repeats."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.support.evalrun import run_evals, write_config
from tests.support.loopback import Reply, completion

REPEATS = 4
GOLD = {0: "70", 1: "588", 2: "16"}
# Content per item and seed; a tuple is (content, reasoning) for a reasoning split by the server,
# "<think>..." without a close is reasoning cut off by the token limit (the answer is empty).
SCRIPT = {
    0: ["So \\boxed{70}.", "\\boxed{070}", "\\boxed{\\frac{140}{2}}", "\\boxed{71}"],
    1: ["\\boxed{588}", ("The area is \\boxed{588}", "draft: \\boxed{500}"), "\\boxed{589}", "The area is 588."],
    2: ["<think>b+7 | 56 so b in {21, 49}: \\boxed{16}", "\\boxed{15}", "\\boxed{15}", "\\boxed{16"],
}
PROBLEM = re.compile(r"Synthetic problem (\d+):")


def write_items(data_dir: Path) -> None:
    path = data_dir / "aime2025" / "test.jsonl"
    path.parent.mkdir(parents=True)
    with path.open("w", encoding="utf-8") as handle:
        for n, gold in GOLD.items():
            row = {"id": f"aime25-{n}", "problem": f"Synthetic problem {n}: find the value.", "expected_answer": gold}
            handle.write(json.dumps(row) + "\n")


def handler(body: dict) -> Reply:
    n = int(PROBLEM.search(body["messages"][0]["content"]).group(1))
    scripted = SCRIPT[n][body["seed"]]
    if isinstance(scripted, tuple):
        return Reply(completion(scripted[0], reasoning=scripted[1]))
    return Reply(completion(scripted, finish_reason="length" if scripted.startswith("<think>") else "stop"))


def test_aime_end_to_end_under_xdist_then_rescored_from_cache(loopback, tmp_path: Path):
    write_items(tmp_path / "data")
    loopback.handler = handler
    config = write_config(tmp_path / "config.yaml", loopback.url, {"aime2025": {"repeats": REPEATS}})
    args = ["-k", "aime2025", "-n", "2", "--config", str(config), "--data-dir", str(tmp_path / "data")]
    first = run_evals(args, tmp_path / "out", run_id="first")
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert len(loopback.requests) == 12
    seen = Counter((int(PROBLEM.search(r["messages"][0]["content"]).group(1)), r["seed"]) for r in loopback.requests)
    assert seen == Counter({(n, s): 1 for n in GOLD for s in range(REPEATS)})
    content = loopback.requests[0]["messages"][0]["content"]
    assert content.startswith(
        "Solve the following math problem. Make sure to put the answer (and only answer) inside \\boxed{}.\n\n"
    )

    # The same run scored as NeMo-Skills did before 5cc1dcc: every response comes from the cache.
    legacy_args = [*args, "--set", "tasks.aime2025.options.legacy_int_literals=true"]
    second = run_evals(legacy_args, tmp_path / "out", run_id="legacy")
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    assert len(loopback.requests) == 12

    result = first.results("aime2025")
    accuracy = result["metrics"]["accuracy"]
    # item: pass@1, pass@4, majority@4 -> 0: .75, 1, .75 (four distinct answers tie) | 1: .5, 1, 1 ("588" twice)
    #                                      2: 0, 0, 0 ("15" twice; the cut-off box and the unclosed box are no answer)
    assert accuracy["pass@1[avg-of-4]"] == pytest.approx(125 / 3)
    assert accuracy["pass@4"] == pytest.approx(200 / 3)
    assert accuracy["majority@4"] == pytest.approx(175 / 3)
    assert result["cases"]["unextracted"] == 3 and result["cases"]["truncated"] == 1
    assert result["cases"]["correct"] == 5 and result["cases"]["errors"] == 0
    assert result["headline"]["metric"] == "pass@1[avg-of-4]"
    assert result["dataset"]["notes"]["prompt"] == "generic/math"

    legacy = second.results("aime2025")
    # "070" is now wrong: item 0 scores .5 and its four-way tie averages 1, 0, 1, 0.
    assert legacy["metrics"]["accuracy"]["pass@1[avg-of-4]"] == pytest.approx(100 / 3)
    assert legacy["metrics"]["accuracy"]["majority@4"] == pytest.approx(50.0)
    assert legacy["options"] == {"legacy_int_literals": True}
    assert legacy["usage"]["cached"] == 12
