"""MMLU-Pro: real rows, the exact prompt, and whole runs of `pytest evals -k mmlu_pro` over HTTP."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from evals.mmlu_pro.data import LOCAL_FILE, load_local
from evals.mmlu_pro.prompt import build_request
from evals.mmlu_pro.score import score
from fixtures.responses import Generation
from tests.support.evalrun import REPO, run_evals, write_config
from tests.support.loopback import Reply, completion

FIXTURE_DATA = REPO / "tests" / "data"  # 43 real MMLU-Pro test rows (MIT), 3 per category + short option lists


def fixture_items():
    return load_local(FIXTURE_DATA / LOCAL_FILE).items


def test_full_test_split_loads(shared_data: Path):
    dataset = load_local(shared_data / LOCAL_FILE)
    assert len(dataset.items) == 12032
    assert dataset.revision.startswith("sha256:b8c790c6")
    assert len({item.category for item in dataset.items}) == 14
    assert sum(len(item.options) < 10 for item in dataset.items) == 2051


def test_prompt_is_the_reference_text():
    item = next(i for i in fixture_items() if i.id == "70")
    content = build_request(item).messages[0]["content"]
    assert content.startswith(
        "Answer the following multiple choice question. The last line of your response should be in the following "
        "format: 'Answer: \\boxed{A/B/C/D/E/F/G/H/I/J}' (e.g. 'Answer: \\boxed{A}').\n\nTypical advertising regulatory"
    )
    assert "\n\nA) Safe practices, Fear, Jealousy, Trivial\nB) Unsafe practices, Distress, Joy, Trivial\n" in content
    assert content.endswith("H) Unsafe practices, Wants, Fear, Trivial\nI) Unsafe practices, Distress, Fear, Serious")  # nine options
    short = next(i for i in fixture_items() if len(i.options) < 10)
    last = chr(ord("A") + len(short.options) - 1)
    assert build_request(short).messages[0]["content"].splitlines()[-1].startswith(f"{last}) ")


def test_scoring_verdicts():
    item = fixture_items()[0]
    right = score(item, Generation(content=f"so\nAnswer: \\boxed{{{item.answer}}}"))
    assert right.correct and right.extracted == item.answer and right.subsets == {"category": item.category.replace(" ", "_")}
    wrong = score(item, Generation(content="Answer: \\boxed{Z}"))
    assert not wrong.correct and wrong.reason == f"expected {item.answer}, extracted Z"
    empty = score(item, Generation(content="", truncated=True))
    assert empty.extracted is None and "ended inside its reasoning" in empty.reason


def answer_book():
    """Prompt text -> (item, answer the scripted model gives)."""
    book = {}
    for n, item in enumerate(fixture_items()):
        wrong = "A" if item.answer != "A" else "B"
        if n % 3 == 0:
            reply = f"Answer: \\boxed{{{item.answer}}}"
        elif n % 3 == 1:
            reply = f"**Answer:** {wrong}"
        else:
            reply = "<think>ran out of tokens"
        book[build_request(item).messages[0]["content"]] = (item, reply)
    return book


def scripted(book):
    def handler(body):
        item, reply = book[body["messages"][0]["content"]]
        return Reply(completion(reply, usage={"prompt_tokens": 100, "completion_tokens": 7}))

    return handler


def test_end_to_end_results_match_the_scripted_answers(loopback, tmp_path):
    book = answer_book()
    loopback.handler = scripted(book)
    config = write_config(tmp_path / "c.yaml", loopback.url, {"mmlu_pro": {"model_card": {"metric": "pass@1", "value": 78.3}}})
    run = run_evals(["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA)], tmp_path / "out")
    assert run.returncode == 0, run.stdout + run.stderr  # wrong answers alone do not fail the run
    results = run.results("mmlu_pro")
    n = len(book)
    correct = len(range(0, n, 3))
    assert results["cases"] == {"total": n, "scored": n, "correct": correct, "errors": 0, "scoring_failures": 0,
                                "unextracted": len(range(2, n, 3)), "truncated": len(range(2, n, 3))}
    assert results["headline"]["metric"] == "pass@1"
    assert results["headline"]["value"] == pytest.approx(100 * correct / n)
    assert results["model_card"]["difference"] == pytest.approx(100 * correct / n - 78.3, abs=1e-3)
    assert results["usage"]["completion_tokens"] == 7 * n
    assert set(results["subsets"]["category"]) == {i.category.replace(" ", "_") for i, _ in book.values()}
    assert results["dataset"]["items"] == n and results["dataset"]["source"].endswith(str(LOCAL_FILE))
    assert len(loopback.requests) == n
    assert all(r["seed"] == 0 and r["model"] == "loopback-model" for r in loopback.requests)
    samples = run.samples("mmlu_pro")
    assert len(samples) == n and [s["index"] for s in samples] == sorted(s["index"] for s in samples)
    assert samples[0]["generation"]["request"]["messages"][0]["content"] in book
    assert "evaluation results" in run.stdout and "mmlu_pro  pass@1" in run.stdout
    summary = json.loads((tmp_path / "out" / "test-run" / "summary.json").read_text())
    assert summary["tasks"]["mmlu_pro"]["headline"]["value"] == results["headline"]["value"]
    assert (tmp_path / "out" / "latest").resolve() == (tmp_path / "out" / "test-run").resolve()
    pytest_report = json.loads((tmp_path / "out" / "test-run" / "pytest-report.json").read_text())
    assert pytest_report["exitcode"] == 0 and len(pytest_report["tests"]) == n  # the run's real status
    assert pytest_report["summary"]["failed"] == n - correct
    assert (tmp_path / "out" / "test-run" / "summary.md").read_text().count("mmlu_pro") >= 1


def test_xdist_sends_each_request_once_and_gives_the_same_numbers(loopback, tmp_path):
    book = answer_book()
    loopback.handler = scripted(book)
    loopback.latency = 0.05
    config = write_config(tmp_path / "c.yaml", loopback.url, parallelism=16)
    run = run_evals(["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA), "-n", "2", "--repeats", "2"],
                    tmp_path / "out")
    assert run.returncode == 0, run.stdout + run.stderr
    results = run.results("mmlu_pro")
    n = len(book)
    assert results["cases"]["total"] == 2 * n and results["cases"]["errors"] == 0
    assert len(loopback.requests) == 2 * n
    sent = {(r["messages"][0]["content"], r["seed"]) for r in loopback.requests}
    assert len(sent) == 2 * n  # no request twice, seeds 0 and 1
    assert results["headline"]["metric"] == "pass@1[avg-of-2]"
    assert results["headline"]["value"] == pytest.approx(100 * len(range(0, n, 3)) / n)
    assert loopback.peak_in_flight > 2  # generation ran ahead of the tests in both workers


def test_endpoint_errors_are_errors_not_wrong_answers(loopback, tmp_path):
    book = answer_book()
    failing = set(list(book)[:4])

    def handler(body):
        if body["messages"][0]["content"] in failing:
            return Reply({"error": {"message": "overloaded"}}, status=503)
        return scripted(book)(body)

    loopback.handler = handler
    config = write_config(tmp_path / "c.yaml", loopback.url, max_retries=1)
    run = run_evals(["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA)], tmp_path / "out")
    assert run.returncode == 6, run.stdout
    results = run.results("mmlu_pro")
    assert results["cases"]["errors"] == 4 and results["cases"]["scored"] == len(book) - 4
    assert "HTTP 503: overloaded" in results["errors"][0]["message"]
    assert results["errors"][0]["kind"] == "endpoint"
    assert "4 errors" in run.stdout

    gate = tmp_path / "gate.yaml"
    gate.write_text("gates:\n  - {task: mmlu_pro, min: 10.0, max_error_rate: 0.2}\n")
    held = run_evals(["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA), "--gate", str(gate)], tmp_path / "out", "held")
    assert held.returncode == 0, held.stdout
    gate.write_text("gates:\n  - {task: mmlu_pro, min: 90.0, max_error_rate: 0.01}\n")
    failed = run_evals(["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA), "--gate", str(gate)], tmp_path / "out", "failed")
    assert failed.returncode == 1
    assert "gate FAILED" in failed.stdout and "FAIL mmlu_pro: error rate" in failed.stdout
    assert "FAIL mmlu_pro: pass@1 = " in failed.stdout
    # a row naming a task the run does not score stops it before the first request (exit 4, the row named)
    gate.write_text("gates:\n  - {task: mmlu_pro, min: 90.0}\n  - {task: gpqa, min: 1}\n")
    sent = len(loopback.requests)
    early = run_evals(["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA), "--gate", str(gate)], tmp_path / "out", "early")
    assert early.returncode == 4 and len(loopback.requests) == sent
    assert "row 2 (gpqa min 1 max_error_rate 0): task 'gpqa' is not among the tasks this run scores (mmlu_pro)" in early.stdout + early.stderr


def test_limit_repeats_and_item_selection(loopback, tmp_path):
    loopback.handler = scripted(answer_book())
    config = write_config(tmp_path / "c.yaml", loopback.url)
    run = run_evals(["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA), "--limit", "5", "--repeats", "3"],
                    tmp_path / "out")
    results = run.results("mmlu_pro")
    assert results["dataset"]["items"] == 5 and results["cases"]["total"] == 15
    assert [s["item"] for s in run.samples("mmlu_pro")][::3] == [i.id for i in fixture_items()[:5]]
    assert sorted({r["seed"] for r in loopback.requests}) == [0, 1, 2]
    one = run_evals(["-k", "mmlu_pro and 134-r1", "--config", str(config), "--data-dir", str(FIXTURE_DATA), "--repeats", "3"],
                    tmp_path / "out", "one")
    assert one.results("mmlu_pro")["cases"]["total"] == 1


def test_dry_run_prints_the_plan_and_sends_nothing(loopback, tmp_path):
    config = write_config(tmp_path / "c.yaml", loopback.url, temperature=0.6)
    run = run_evals(["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA), "--limit", "4", "--dry-run", "-n", "2"],
                    tmp_path / "out")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "mmlu_pro: 4 items x 1 repeats = 4 cases" in run.stdout
    assert "temperature=0.6" in run.stdout and loopback.url in run.stdout
    assert loopback.requests == []


def test_preflight_missing_key_and_unreachable_endpoint(loopback, tmp_path):
    config = write_config(tmp_path / "c.yaml", loopback.url)
    text = config.read_text().replace("api_key_env: null", "api_key_env: EVALS_TEST_UNSET_KEY")
    config.write_text(text)
    run = run_evals(["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA)], tmp_path / "out",
                    env={"EVALS_TEST_UNSET_KEY": ""})
    assert run.returncode == 4
    assert "needs an API key in $EVALS_TEST_UNSET_KEY, which is not set" in run.stdout + run.stderr
    assert loopback.requests == []
    down = write_config(tmp_path / "d.yaml", "http://127.0.0.1:9/v1")
    for extra in ([], ["-n", "2"]):
        run = run_evals(["-k", "mmlu_pro", "--config", str(down), "--data-dir", str(FIXTURE_DATA), *extra], tmp_path / "out")
        assert run.returncode == 4, run.stdout + run.stderr
        assert "cannot reach endpoint http://127.0.0.1:9/v1/chat/completions" in run.stdout + run.stderr
    bad = run_evals(["-k", "mmlu_pro", "--config", str(config), "--set", "defaults.temprature=1"], tmp_path / "out")
    assert bad.returncode == 4 and "unknown key defaults.temprature" in bad.stderr


def test_secret_never_reaches_outputs(loopback, tmp_path):
    secret = "nvapi-SECRET-do-not-leak-42"
    loopback.handler = lambda body: Reply({"error": {"message": "bad key"}}, status=401)
    config = write_config(tmp_path / "c.yaml", loopback.url)
    config.write_text(config.read_text().replace("api_key_env: null", "api_key_env: EVALS_TEST_KEY"))
    run = run_evals(["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA), "--limit", "3"], tmp_path / "out",
                    env={"EVALS_TEST_KEY": secret})
    assert run.returncode == 6
    assert loopback.headers[0]["Authorization"] == f"Bearer {secret}"
    assert secret not in run.stdout + run.stderr
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path


def test_a_silent_endpoint_is_reported_while_the_run_waits(loopback, tmp_path):
    loopback.latency = 1.6
    config = write_config(tmp_path / "c.yaml", loopback.url)
    args = ["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA), "--limit", "1", "--no-cache",
            "--set", "run.stall_warning=0.5"]
    for extra in ([], ["-n", "2"]):
        run = run_evals([*args, *extra], tmp_path / "out")
        output = run.stdout + run.stderr
        assert run.returncode == 0 and "1 failed" in run.stdout, output  # a wrong answer, after the wait
        assert re.search(r"evals: (\[gw0\] )?no model response for [0-9.]+ s; 1 request\(s\) in flight, 0 answered so far", output), output


def test_truncated_parquet_error_names_the_file(tmp_path):
    path = tmp_path / LOCAL_FILE
    path.parent.mkdir(parents=True)
    whole = (FIXTURE_DATA / LOCAL_FILE).read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ValueError) as caught:
        load_local(path)
    assert str(caught.value).startswith(f"{path}: not a readable parquet file (") and "truncated" in str(caught.value)
