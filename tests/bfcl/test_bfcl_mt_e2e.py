"""End to end: `pytest evals -k bfcl_v3` on the four multi-turn categories against the loopback server,
which plays the ground truth turn by turn (the first entry of each category skips a turn), then the
results.json it writes; a second run re-scores from the response cache without new requests."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from evals.bfcl.multi_turn import load_items
from evals.bfcl.multi_turn.data import CATEGORIES
from evals.bfcl.multi_turn.generate import HOLDOUT_PROMPT
from tests.support.evalrun import run_evals, write_config
from tests.support.loopback import Reply, completion
from tests.support.viewcheck import assert_blocks

from .mt_helpers import bfcl_dir, call_to_tool_call

PER_CATEGORY = 3


def small_data_dir(root: Path) -> Path:
    source = bfcl_dir("v4")
    target = root / "bfcl" / "v4"
    (target / "possible_answer").mkdir(parents=True)
    shutil.copytree(source / "multi_turn_func_doc", target / "multi_turn_func_doc")
    for name in CATEGORIES:
        fname = f"BFCL_v4_{name}.json"
        for sub in ("", "possible_answer"):
            lines = (source / sub / fname).read_text(encoding="utf-8").splitlines()[:PER_CATEGORY]
            (target / sub / fname).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def user_messages(item) -> list[str]:
    out = []
    for index, turn in enumerate(item.question):
        if str(index) in item.held_out:
            out.append(HOLDOUT_PROMPT)
        out.extend(m["content"] for m in turn if m["role"] == "user")
    return out


def wrong(item) -> bool:
    return item.id.endswith("_0")


def make_handler(items, problems: list[str]):
    def handler(body):
        messages = body["messages"]
        said = [m["content"] for m in messages if m["role"] == "user"]
        tools = {t["function"]["name"] for t in body["tools"]}
        candidates = []
        for item in items:
            if user_messages(item)[: len(said)] != said:
                continue
            # the turn index: the question turn whose user message was said last
            covered, turn = 0, -1
            for index, q in enumerate(item.question):
                covered += 1 if (q or str(index) in item.held_out) else 0
                if covered == len(said):
                    turn = index
                    break
            available = {d["name"] for d in item.functions}
            for index, docs in item.held_out.items():
                if int(index) <= turn:
                    available |= {d["name"] for d in docs}
            if available == tools:
                candidates.append((item, turn))
        if not candidates:
            problems.append(f"unexpected request after {said[-1][:60]!r}")
            return Reply({"error": {"message": "unexpected request"}}, status=400)
        answers = {json.dumps([it.ground_truth[t], wrong(it)]) for it, t in candidates}
        if len(answers) != 1:
            problems.append(f"ambiguous request: {[it.id for it, _ in candidates]}")
            return Reply({"error": {"message": f"ambiguous request: {[it.id for it, _ in candidates]}"}}, status=400)
        item, turn = candidates[0]
        calls = item.ground_truth[turn]
        first_real_turn = next(i for i, c in enumerate(item.ground_truth) if c)
        if messages[-1]["role"] == "tool" or not calls or (wrong(item) and turn == first_real_turn):
            return Reply(completion("Done." if calls else "Which one do you mean?"))
        tool_calls = [call_to_tool_call(c, f"call_{turn}_{i}", item.involved_classes) for i, c in enumerate(calls)]
        return Reply(completion(None, tool_calls=tool_calls, finish_reason="tool_calls"))

    return handler


def test_bfcl_v3_multi_turn_end_to_end(loopback, tmp_path):
    data = small_data_dir(tmp_path / "data")
    items = [it for name in CATEGORIES for it in load_items(data / "bfcl" / "v4", name, "v4")]
    problems: list[str] = []
    loopback.handler = make_handler(items, problems)
    config = write_config(
        tmp_path / "c.yaml", loopback.url, {"bfcl_v3": {"temperature": 0.6, "options": {"categories": list(CATEGORIES)}}}
    )
    args = ["-k", "bfcl_v3", "--config", str(config), "--data-dir", str(data)]
    run = run_evals(args, tmp_path / "out")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert problems == []

    results = run.results("bfcl_v3")
    assert results["cases"]["scored"] == len(items) == 4 * PER_CATEGORY
    assert results["cases"]["errors"] == 0 and results["cases"]["scoring_failures"] == 0
    assert results["cases"]["correct"] == 4 * (PER_CATEGORY - 1)
    tm = results["task_metrics"]
    assert tm["category_accuracy"] == pytest.approx({c: 100.0 * 2 / 3 for c in CATEGORIES})
    assert tm["bfcl_v3"]["overall_multi_turn"]["accuracy"] == pytest.approx(100.0 * 2 / 3)
    # single-turn categories not run: they count 0, so overall = (0 + 0 + 2/3) / 3
    assert tm["bfcl_v3"]["overall_accuracy"]["accuracy"] == pytest.approx(100.0 * 2 / 9)

    samples = {s["item"]: s for s in run.samples("bfcl_v3")}
    assert {i for i, s in samples.items() if not s["verdict"]["correct"]} == {f"{c}_0" for c in CATEGORIES}
    for c in CATEGORIES:
        assert samples[f"{c}_0"]["verdict"]["details"]["error_type"] == "multi_turn:empty_turn_model_response"
    holdout = [b for b in loopback.requests if b["messages"][-1] == {"role": "user", "content": HOLDOUT_PROMPT}]
    assert holdout and all(b["temperature"] == 0.6 and b["tools"] for b in loopback.requests)
    tool_messages = [m for b in loopback.requests for m in b["messages"] if m["role"] == "tool"]
    assert tool_messages and all(m["tool_call_id"].startswith("call_") for m in tool_messages)

    # re-scoring from the cache sends nothing and gives the same verdicts
    sent = len(loopback.requests)
    assert_blocks(run.output_dir / run.run_id, "bfcl_v3", "Tool calls per turn")  # evals view: each turn against the ground truth
    again = run_evals(args, tmp_path / "out", run_id="rescore")
    assert again.returncode == 0, again.stdout[-3000:]
    assert len(loopback.requests) == sent
    assert again.results("bfcl_v3")["cases"]["correct"] == 4 * (PER_CATEGORY - 1)
