"""End to end: `pytest evals -k bfcl_v4` over the loopback server for the agentic categories, with
the web answered from a recorded web (pages built here) and memory built by prerequisite
conversations; then the results.json it writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.bfcl.v4.web_store import PageRecord, SearchRecord, WebStore
from tests.bfcl.conftest import bfcl_dir
from tests.support.evalrun import run_evals, write_config
from tests.support.loopback import Reply, completion
from tests.support.viewcheck import assert_blocks

PAGE = "<html><body><h1>Richest in China, 2025</h1><p>Zhang Yiming, founder of ByteDance, tops the Forbes list.</p><script>x()</script></body></html>"


def head(source: Path, target: Path, name: str, n: int | None) -> None:
    lines = (source / name).read_text(encoding="utf-8").splitlines()
    target.joinpath(name).parent.mkdir(parents=True, exist_ok=True)
    target.joinpath(name).write_text("\n".join(lines if n is None else lines[:n]) + "\n", encoding="utf-8")


def small_data_dir(root: Path) -> Path:
    source = bfcl_dir("v4")
    target = root / "bfcl" / "v4"
    for name, n in [("BFCL_v4_web_search.json", 2), ("possible_answer/BFCL_v4_web_search.json", 2),
                    ("BFCL_v4_memory.json", 2), ("possible_answer/BFCL_v4_memory.json", 2),
                    ("multi_turn_func_doc/web_search.json", None), ("multi_turn_func_doc/memory_rec_sum.json", None),
                    ("memory_prereq_conversation/memory_customer.json", 2)]:  # fmt: skip
        head(source, target, name, n)
    for scenario in ("student", "finance", "healthcare", "notetaker"):
        (target / "memory_prereq_conversation" / f"memory_{scenario}.json").write_text("", encoding="utf-8")
    return root


def call(name: str, **args) -> dict:
    return {"id": f"call_{name}", "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}


def tool_reply(name: str, **args) -> Reply:
    return Reply(completion(None, tool_calls=[call(name, **args)], finish_reason="tool_calls"))


def text_reply(text: str) -> Reply:
    return Reply(completion(text))


def handler(body):
    messages, tools = body["messages"], [t["function"]["name"] for t in body.get("tools") or []]
    last = messages[-1]
    if "search_engine_query" in tools:
        question = next(m["content"] for m in messages if m["role"] == "user")
        if last["role"] == "user":
            keywords = "richest billionaire China Forbes 2025" if "expensive tea" in question else "Usher birthplace NFL team"
            return tool_reply("search_engine_query", keywords=keywords)
        if last["tool_call_id"] == "call_search_engine_query":
            if last["content"].startswith("[{"):
                return tool_reply("fetch_url_content", url="https://forbes.example.com/china", mode="truncate")
            return text_reply("{'answer': 'I do not know', 'context': 'I do not know'}")
        answer = "Zhang Yiming" if "Zhang Yiming" in last["content"] else "I do not know"
        return text_reply(f"{{'answer': '{answer}', 'context': 'Forbes 2025 list'}}")
    assert "memory_append" in tools, tools
    system = messages[0]["content"]
    if "For your final answer" in system:  # a question: answer from the memory shown in the system prompt
        if "first name" in last["content"] and "Michael" in system:
            return text_reply("{'answer': 'Michael', 'context': 'from memory'}")
        return text_reply("{'answer': 'I do not know', 'context': 'I do not know'}")
    if last["role"] == "user" and "My name is Michael" in last["content"]:
        return tool_reply("memory_append", text="User's first name: Michael. ")
    return text_reply("Thanks, noted.")


def test_bfcl_v4_agentic_end_to_end(loopback, tmp_path):
    data = small_data_dir(tmp_path / "data")
    record = WebStore(tmp_path / "recorded" / "web.sqlite")
    record.put_search(SearchRecord("richest billionaire China Forbes 2025", 10, "wt-wt",
                                   [{"title": "Forbes China", "href": "https://forbes.example.com/china", "body": "snippet"}], None, "duckduckgo"))  # fmt: skip
    record.put_page(PageRecord("https://forbes.example.com/china", "https://forbes.example.com/china", 200, "text/html", PAGE, False, None, "duckduckgo"))
    record.export_json(tmp_path / "recorded" / "web.json")

    loopback.handler = handler
    options = {"categories": ["web_search_no_snippet", "memory_rec_sum"], "web_search_backend": "recorded",
               "replay_record": str(tmp_path / "recorded" / "web.json")}  # fmt: skip
    config = write_config(tmp_path / "c.yaml", loopback.url, {"bfcl_v4": {"options": options}})
    run = run_evals(["-k", "bfcl_v4", "--config", str(config), "--data-dir", str(data)], tmp_path / "out")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]

    results = run.results("bfcl_v4")
    tm = results["task_metrics"]
    assert results["cases"]["scored"] == 4 and results["cases"]["correct"] == 2
    assert tm["category_accuracy"] == pytest.approx({"web_search_no_snippet": 50.0, "memory_rec_sum": 50.0})
    # categories not run count as 0 (with no entries): web_search = mean(base 0, no_snippet 50) ...
    assert tm["bfcl_v4"]["web_search"]["accuracy"] == pytest.approx(25.0)  # mean(base 0, no_snippet 50)
    assert tm["bfcl_v4"]["memory"]["accuracy"] == pytest.approx(50.0 / 3)
    assert tm["overall_accuracy"] == pytest.approx(0.4 * (25.0 + 50.0 / 3) / 2)
    assert results["headline"]["value"] == pytest.approx(tm["overall_accuracy"])
    assert tm["web_search"] == {"backend": ["recorded"], "answers_from_live_web": False,
                                "cases_by_source": {"missing": 1, "replayed": 1}}  # fmt: skip
    assert results["dataset"]["notes"]["web_search_backend"] == "recorded"
    assert any("not scored" in note for note in tm["notes"])

    samples = {s["item"]: s for s in run.samples("bfcl_v4")}
    assert samples["web_search_no_snippet_0"]["verdict"]["correct"]
    assert samples["web_search_no_snippet_0"]["verdict"]["extracted"].startswith("{'answer': 'Zhang Yiming'")
    assert not samples["web_search_no_snippet_1"]["verdict"]["correct"]
    assert samples["memory_rec_sum_0-customer-0"]["verdict"]["correct"]
    assert samples["memory_rec_sum_0-customer-0"]["generation"]["memory_snapshot"] == {"memory": "User's first name: Michael. "}

    # the no-snippet search result reached the model without bodies; the page as truncate text
    web_requests = [b for b in loopback.requests if any(t["function"]["name"] == "fetch_url_content" for t in b.get("tools") or [])]
    tool_texts = [m["content"] for b in web_requests for m in b["messages"] if m["role"] == "tool"]
    assert "[{'title': 'Forbes China', 'href': 'https://forbes.example.com/china'}]" in tool_texts
    assert any(t.startswith('{"content": "Richest in China, 2025\\nZhang Yiming') for t in tool_texts)
    # the prerequisite conversations ran once (2 conversations, every user turn), before the questions
    memory_requests = [b for b in loopback.requests if any(t["function"]["name"] == "memory_append" for t in b.get("tools") or [])]
    prereq_turns = sum(len(json.loads(line)["question"]) for line in (data / "bfcl" / "v4" / "memory_prereq_conversation" / "memory_customer.json").read_text().splitlines())
    assert len(memory_requests) == prereq_turns + 1 + 2  # one extra step for the memory_append call, one per question
    # the run's web record and the scenario snapshot sit beside the response cache ...
    cache = tmp_path / "out" / "cache"
    own_record = WebStore(cache / "bfcl_v4_web.sqlite")
    assert own_record.sources() == {"recorded:duckduckgo": 2}
    assert len(list((cache / "bfcl_v4_memory").glob("memory_rec_sum-customer-*.json"))) == 1
    # ... so running again replays everything: no new request, the same verdicts
    sent = len(loopback.requests)
    assert_blocks(run.output_dir / run.run_id, "bfcl_v4", "Agent steps", "Final answer")  # what evals view shows
    again = run_evals(["-k", "bfcl_v4", "--config", str(config), "--data-dir", str(data)], tmp_path / "out", run_id="again")
    assert again.returncode == 0, again.stdout[-3000:]
    assert len(loopback.requests) == sent
    assert {s["item"]: s["verdict"]["correct"] for s in again.samples("bfcl_v4")} == {k: s["verdict"]["correct"] for k, s in samples.items()}


def test_bfcl_v4_no_cache_reads_nothing_an_earlier_run_left_and_writes_only_under_output_dir(loopback, tmp_path):
    data = small_data_dir(tmp_path / "data")
    WebStore(tmp_path / "recorded" / "web.sqlite").export_json(tmp_path / "recorded" / "web.json")
    loopback.handler = handler
    options = {"categories": ["web_search_no_snippet", "memory_rec_sum"], "web_search_backend": "recorded",
               "replay_record": str(tmp_path / "recorded" / "web.json")}  # fmt: skip
    config = write_config(tmp_path / "c.yaml", loopback.url, {"bfcl_v4": {"options": options}})
    args = ["-k", "bfcl_v4", "--config", str(config), "--data-dir", str(data), "--no-cache"]
    out = tmp_path / "out"
    repo_cache = Path(__file__).resolve().parents[2] / "reports" / "cache"
    before = sorted(repo_cache.rglob("*")) if repo_cache.exists() else []

    first = run_evals(args, out, "first")
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    sent_first = len(loopback.requests)
    second = run_evals(args, out, "first")  # same settings, same run id: the memory snapshot is built again
    assert second.returncode == 0, second.stdout[-3000:]
    assert len(loopback.requests) - sent_first == sent_first
    assert (sorted(repo_cache.rglob("*")) if repo_cache.exists() else []) == before
    assert not (out / "cache").exists()
    snapshots = sorted((out / "first" / ".stores").glob("*/bfcl_v4_memory/memory_rec_sum-customer-*.json"))
    assert len(snapshots) == 2 and len({p.parent.parent for p in snapshots}) == 2  # one per session
    assert len(list((out / "first" / ".stores").glob("*/bfcl_v4_web.sqlite"))) == 2

    own = tmp_path / "mine.sqlite"  # an explicit web record left by an earlier run is not read under --no-cache
    WebStore(own)
    explicit = write_config(tmp_path / "e.yaml", loopback.url, {"bfcl_v4": {"options": {**options, "web_record": str(own)}}})
    refused = run_evals(["-k", "bfcl_v4", "--config", str(explicit), "--data-dir", str(data), "--no-cache"], out, "explicit")
    assert refused.returncode == 6
    errors = refused.results("bfcl_v4")["errors"]
    assert errors and all("already exists, and --no-cache reads nothing" in e["message"] for e in errors if "web_search" in e["case"])
