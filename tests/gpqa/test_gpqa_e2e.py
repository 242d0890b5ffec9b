"""GPQA end to end: evals/gpqa/test_gpqa.py in a subprocess against the loopback server, 4 repeats."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from evals.gpqa.data import build_items, load_gpqa
from evals.gpqa.prompt import build_request
from tests.gpqa.conftest import synthetic_row, write_gpqa_csv
from tests.support.evalrun import run_evals, write_config
from tests.support.loopback import Reply, completion

REPEATS = 4
# What the scripted model answers, per synthetic item and seed: "ok" = the correct letter,
# "w1"/"w2" = two different wrong letters, None = no letter at all.
SCRIPT = {
    0: ["ok", "ok", "ok", "ok"],
    1: ["ok", "ok", "w1", "w1"],
    2: ["w1", "w2", "w1", None],
    3: [None, None, "ok", "w1"],
}
QUESTION = re.compile(r"Synthetic question (\d+):")


def test_gpqa_end_to_end(loopback, tmp_path: Path):
    rows = [synthetic_row(n) for n in range(4)]
    write_gpqa_csv(tmp_path / "data", rows)
    items = build_items(rows, "synthetic")
    letters = {n: item.answer for n, item in enumerate(items)}

    def letter(n: int, kind: str | None) -> str | None:
        if kind is None:
            return None
        wrong = [x for x in "ABCD" if x != letters[n]]
        return {"ok": letters[n], "w1": wrong[0], "w2": wrong[1]}[kind]

    def handler(body: dict) -> Reply:
        n = int(QUESTION.search(body["messages"][0]["content"]).group(1))
        answer = letter(n, SCRIPT[n][body["seed"]])
        if answer is None:
            # The reasoning names the right letter; only the content may be scored.
            return Reply(completion("I cannot decide between the options.", reasoning=f"Answer: {letters[n]}"))
        return Reply(completion(f"Working through the options...\n\nAnswer: {answer}"))

    loopback.handler = handler
    config = write_config(tmp_path / "config.yaml", loopback.url, {"gpqa": {"repeats": REPEATS}})
    run = run_evals(["-k", "gpqa", "--config", str(config), "--data-dir", str(tmp_path / "data")], tmp_path / "out")
    requests = list(loopback.requests)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "9 failed, 7 passed" in run.stdout

    # One request per case, seeds 0..3 per item, each exactly the reference prompt.
    assert len(requests) == 16
    seen = Counter((int(QUESTION.search(r["messages"][0]["content"]).group(1)), r["seed"]) for r in requests)
    assert seen == Counter({(n, s): 1 for n in range(4) for s in range(REPEATS)})
    expected_messages = {n: build_request(item).messages for n, item in enumerate(load_gpqa(tmp_path / "data").items)}
    for r in requests:
        n = int(QUESTION.search(r["messages"][0]["content"]).group(1))
        assert r["messages"] == expected_messages[n]

    result = run.results("gpqa")
    assert result["repeats"] == REPEATS
    accuracy = result["metrics"]["accuracy"]
    # item: pass@1, pass@4, majority@4 -> 0: 1, 1, 1 | 1: .5, 1, .5 (tie C/W1) | 2: 0, 0, 0 | 3: .25, 1, .5 (tie)
    assert accuracy["pass@1[avg-of-4]"] == pytest.approx(43.75)
    assert accuracy["pass@4"] == pytest.approx(75.0)
    assert accuracy["majority@4"] == pytest.approx(50.0)
    assert accuracy["no_answer"] == pytest.approx(18.75)
    # run means .5, .5, .5, .25: sample std .125, stderr .0625
    assert accuracy["statistics"]["std_dev_across_runs"] == pytest.approx(0.125)
    assert accuracy["spread"]["stderr"] == pytest.approx(6.25)
    assert result["headline"]["metric"] == "pass@1[avg-of-4]"
    assert result["headline"]["value"] == pytest.approx(43.75)
    assert result["cases"] == {
        "total": 16, "scored": 16, "correct": 7, "errors": 0, "scoring_failures": 0, "unextracted": 3, "truncated": 0,
    }
    # synthetic rows: items 0 and 3 Chemistry / Organic Chemistry, 1 Physics, 2 Biology
    chemistry = result["subsets"]["domain"]["Chemistry"]["accuracy"]
    assert chemistry["items"] == 2 and chemistry["pass@1[avg-of-4]"] == pytest.approx(62.5)
    assert result["subsets"]["subdomain"]["Quantum Mechanics"]["accuracy"]["majority@4"] == pytest.approx(50.0)
    assert result["subsets"]["domain"]["Biology"]["accuracy"]["pass@4"] == pytest.approx(0.0)
    assert result["dataset"]["items"] == 4 and result["dataset"]["source"].endswith("gpqa/gpqa_diamond.csv")
    assert result["dataset"]["notes"]["shuffle_seed"] == 42


def test_selection_does_not_change_the_shuffle(loopback, tmp_path: Path):
    """-k and --limit pick cases after the whole split was shuffled: item 3's options stay as in a full load."""
    rows = [synthetic_row(n) for n in range(8)]
    write_gpqa_csv(tmp_path / "data", rows)
    full = load_gpqa(tmp_path / "data").items
    alone = build_items(rows[3:4], "synthetic")[0]
    assert alone.options != full[3].options  # shuffled on its own, item 3 would look different

    loopback.handler = lambda body: Reply(completion("Answer: A"))
    config = write_config(tmp_path / "config.yaml", loopback.url)
    args = ["-k", "gpqa and recSYNTH0003", "--config", str(config), "--data-dir", str(tmp_path / "data")]
    run = run_evals([*args, "--repeats", "2", "--limit", "5"], tmp_path / "out")
    requests = list(loopback.requests)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert sorted(r["seed"] for r in requests) == [0, 1]
    assert all(r["messages"] == build_request(full[3]).messages for r in requests)
    result = run.results("gpqa")
    assert result["dataset"]["items"] == 1 and result["cases"]["total"] == 2
    assert result["cases"]["correct"] == (2 if full[3].answer == "A" else 0)
