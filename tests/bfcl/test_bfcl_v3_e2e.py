"""End to end: `pytest evals -k bfcl_v3` against the loopback server answering with tool calls built
from the possible answers (or deliberately wrong ones), then the results.json it writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.bfcl.categories import MULTI_TURN, SINGLE_TURN, Kind, category
from evals.bfcl.data import load_category
from evals.bfcl.overall import bfcl_v3_overall
from tests.bfcl.conftest import bfcl_dir
from tests.bfcl.gt_answers import gt_tool_calls
from tests.support.evalrun import run_evals, write_config
from tests.support.loopback import Reply, completion
from tests.support.viewcheck import assert_blocks

PER_CATEGORY = 3


def small_data_dir(root: Path) -> Path:
    """The first rows of every v3 category (v4 files), in the --data-dir layout."""
    source = bfcl_dir("v4")
    target = root / "bfcl" / "v4"
    (target / "possible_answer").mkdir(parents=True)
    for name in (*SINGLE_TURN, *MULTI_TURN):
        fname = category(name).file_name("v4")
        lines = (source / fname).read_text(encoding="utf-8").splitlines()[:PER_CATEGORY]
        (target / fname).write_text("\n".join(lines) + "\n", encoding="utf-8")
        answers = source / "possible_answer" / fname
        if answers.is_file():
            keep = {json.loads(line)["id"] for line in lines}
            rows = [line for line in answers.read_text(encoding="utf-8").splitlines() if json.loads(line)["id"] in keep]
            (target / "possible_answer" / fname).write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


def plan(items):
    """Question text -> (item, reply body, expected verdict). The first item of each category is
    answered wrong, the others right."""
    book = {}
    for item in items:
        first = item.id == f"{item.category}_0" or item.id.startswith(f"{item.category}_0-")
        kind = item.cat.kind
        if kind is Kind.AST:
            calls = gt_tool_calls(item.functions, item.ground_truth, item.cat.language)
            if first:
                calls = calls + calls[:1]  # an extra call: rejected in every AST category
            reply, correct = completion(None, tool_calls=calls, finish_reason="tool_calls"), not first
        elif kind is Kind.IRRELEVANCE:
            if first:
                call = {"id": "c0", "type": "function", "function": {"name": "anything", "arguments": "{}"}}
                reply = completion(None, tool_calls=[call], finish_reason="tool_calls")
            else:
                reply = completion("None of these functions apply.")
            correct = not first
        else:  # live_relevance
            if first:
                reply = completion("I cannot do that.")
            else:
                call = {"id": "c0", "type": "function", "function": {"name": "f", "arguments": "{}"}}
                reply = completion(None, tool_calls=[call], finish_reason="tool_calls")
            correct = not first
        book[json.dumps(item.question[0], sort_keys=True)] = (item, reply, correct)
    return book


def test_bfcl_v3_end_to_end(loopback, tmp_path):
    data = small_data_dir(tmp_path / "data")
    items = [it for name in SINGLE_TURN for it in load_category(data / "bfcl" / "v4", name, "v4")]
    book = plan(items)

    def handler(body):
        key = json.dumps(body["messages"], sort_keys=True)
        if key not in book:
            return Reply({"error": {"message": "unexpected request"}}, status=400)
        return Reply(book[key][1])

    loopback.handler = handler
    # multi-turn runs end to end in tests/bfcl/test_bfcl_mt_e2e.py; here only the single-turn categories
    options = {"categories": list(SINGLE_TURN)}
    config = write_config(tmp_path / "c.yaml", loopback.url, {"bfcl_v3": {"temperature": 0.6, "top_p": 0.95, "options": options}})
    run = run_evals(["-k", "bfcl_v3", "--config", str(config), "--data-dir", str(data)], tmp_path / "out")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]

    # one request per single-turn item, with the reference's tools and the configured sampling
    assert len(loopback.requests) == len(items)
    for body in loopback.requests:
        assert body["temperature"] == 0.6 and body["top_p"] == 0.95
        assert body["tools"] and all("." not in t["function"]["name"] for t in body["tools"])
        assert all(t["function"]["parameters"]["type"] == "object" for t in body["tools"])

    results = run.results("bfcl_v3")
    expected_correct = sum(1 for _, _, ok in book.values() if ok)
    assert results["cases"]["scored"] == len(items)
    assert results["cases"]["correct"] == expected_correct
    assert results["cases"]["errors"] == 0 and results["cases"]["scoring_failures"] == 0
    assert_blocks(run.output_dir / run.run_id, "bfcl_v3", "Tool calls")  # what evals view shows: the calls against the ground truth

    tm = results["task_metrics"]
    expected_acc = {name: 100.0 * (PER_CATEGORY - 1) / PER_CATEGORY for name in SINGLE_TURN}
    assert tm["category_accuracy"] == pytest.approx(expected_acc)
    assert tm["category_counts"] == {name: PER_CATEGORY for name in SINGLE_TURN}
    expected = bfcl_v3_overall(expected_acc, tm["category_counts"])
    assert tm["bfcl_v3"]["overall_accuracy"]["accuracy"] == pytest.approx(expected["overall_accuracy"]["accuracy"])
    # every single-turn group at 2/3, multi-turn at 0: overall = (2/3 + 2/3 + 0) / 3
    assert tm["bfcl_v3"]["overall_accuracy"]["accuracy"] == pytest.approx(100.0 * 4 / 9)
    assert results["headline"]["metric"] == "overall_accuracy"
    assert results["headline"]["value"] == pytest.approx(100.0 * 4 / 9)
    assert any("multi_turn_base" in note and "count as 0" in note for note in tm["notes"])  # this run selected single-turn only
    assert "bfcl-eval 2026.3.23" in tm["reference"]
    assert results["dataset"]["notes"]["hint_mode"] == "nemo_skills"
    assert set(results["subsets"]["category"]) == set(SINGLE_TURN)

    assert results["cases"]["total"] == len(items)
    samples = run.samples("bfcl_v3")
    assert len(samples) == len(items)
    wrong = {s["item"] for s in samples if not s["verdict"]["correct"]}
    assert wrong == {it.id for _, (it, _, ok) in book.items() if not ok}
