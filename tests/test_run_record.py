"""The run record tells the truth: bad flags stop the run at once; retries, truncation, time limits,
unextracted answers and cut error lists are counted in results.json and said on the terminal."""

from __future__ import annotations

import pytest

from tests.support.evalrun import run_evals, write_config
from tests.support.loopback import Reply, completion
from tests.test_mmlu_pro import FIXTURE_DATA


def mmlu_args(config) -> list[str]:
    return ["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA)]


@pytest.mark.parametrize(
    "flags, line",
    [
        (["--limit", "-1"], "--limit -1: expected 0 or more items; leave --limit out"),
        (["--repeats", "0"], "--repeats 0: expected at least 1"),
        (["--repeats", "-1"], "--repeats -1: expected at least 1"),
        (["--request-timeout", "0"], "--request-timeout 0: expected more than 0 seconds"),
        (["--max-retries", "-1"], "--max-retries -1: expected 0 or more; pass --max-retries 0 to never retry"),
        (["--set", "tasks.mmlu-pro.repeats=3"], "tasks.mmlu-pro: unknown task; expected one of aime2025, bfcl_v3"),
        (["--set", "tasks.mmlu_pro.parallelism=0"], "tasks.mmlu_pro.parallelism: expected at least 1, got 0; set it to e.g. 16 (`parallelism: 16` under `tasks.mmlu_pro:`, or --set tasks.mmlu_pro.parallelism=16) (from --set"),
        (["--set", "tasks.mmlu_pro.options.x=1"], "tasks.mmlu_pro.options: this task takes no options"),
    ],
)
def test_bad_flags_stop_the_run_before_any_request(loopback, tmp_path, flags, line):
    config = write_config(tmp_path / "c.yaml", loopback.url)
    run = run_evals([*mmlu_args(config), *flags], tmp_path / "out")
    assert run.returncode == 4, run.stdout + run.stderr
    errors = [l for l in run.stderr.splitlines() if l.startswith("ERROR:")]
    assert len(errors) == 1 and line in errors[0], run.stderr
    assert str(config) not in errors[0]  # a flag caused it: the line names the flag, not the file
    assert loopback.count == 0
    assert "evaluation results" not in run.stdout  # no empty results section under a usage error


def test_misspelled_task_in_the_config_file_is_named_with_the_file(loopback, tmp_path):
    config = write_config(tmp_path / "c.yaml", loopback.url, tasks={"mmlu-pro": {"repeats": 3}})
    run = run_evals(mmlu_args(config), tmp_path / "out")
    assert run.returncode == 4
    assert f"tasks.mmlu-pro: unknown task; expected one of aime2025, bfcl_v3, bfcl_v4, gpqa, hle, ifbench, " \
           f"livecodebench, mmlu_pro, scicode (fix the task name) (in {config})" in run.stderr
    assert loopback.count == 0


def test_limit_zero_says_it_selected_nothing(loopback, tmp_path):
    config = write_config(tmp_path / "c.yaml", loopback.url)
    run = run_evals([*mmlu_args(config), "--limit", "0"], tmp_path / "out")
    assert run.returncode == 0 and loopback.count == 0
    assert "--limit 0 (run.limit) selects no items: no case ran and nothing was scored" in run.stdout
    assert "mmlu_pro (limit 0: no items selected)" in run.stdout
    assert "gpqa (not selected)" in run.stdout  # left out by -k, whatever its limit


def test_a_task_limit_of_zero_says_it_selected_nothing(loopback, tmp_path):
    config = write_config(tmp_path / "c.yaml", loopback.url, {"mmlu_pro": {"limit": 0}, "gpqa": {"limit": 0}})
    run = run_evals([*mmlu_args(config)], tmp_path / "out")
    assert run.returncode == 0 and loopback.count == 0, run.stdout + run.stderr
    lines = [l for l in run.stdout.splitlines() if "limit is 0" in l]
    assert lines == ["tasks.mmlu_pro.limit is 0: it selects no mmlu_pro items, so no mmlu_pro case ran and nothing of it was scored"]
    assert "mmlu_pro (limit 0: no items selected)" in run.stdout and "gpqa (not selected)" in run.stdout


def items_by_prompt():
    from evals.mmlu_pro.prompt import build_request
    from tests.test_mmlu_pro import fixture_items

    return {build_request(item).messages[0]["content"]: (n, item) for n, item in enumerate(fixture_items())}


# first attempt of item n fails with FAULTS[n % 6]; the retry answers
FAULTS = ["http_429", "http_5xx", "connection", "invalid_body", "timeout", None]


def faulty_first_attempts(book):
    attempts: dict[str, int] = {}

    def handler(body):
        prompt = body["messages"][0]["content"]
        n, item = book[prompt]
        attempts[prompt] = attempts.get(prompt, 0) + 1
        fault = FAULTS[n % len(FAULTS)] if attempts[prompt] == 1 else None
        answer = Reply(completion(f"Answer: \\boxed{{{item.answer}}}"))
        return {
            "http_429": Reply({"error": {"message": "rate limited"}}, status=429),
            "http_5xx": Reply({"error": {"message": "overloaded"}}, status=503),
            "connection": Reply(drop=True),
            "invalid_body": Reply(body=b"<html>proxy error</html>"),
            "timeout": Reply(answer.json, delay=2.0),
            None: answer,
        }[fault]

    return handler


def test_retries_by_cause_reach_results_json_and_the_terminal_under_xdist(loopback, tmp_path):
    book = items_by_prompt()
    loopback.handler = faulty_first_attempts(book)
    config = write_config(tmp_path / "c.yaml", loopback.url, request_timeout=0.5)
    run = run_evals([*mmlu_args(config), "-n", "2"], tmp_path / "out")
    assert run.returncode == 0, run.stdout + run.stderr
    results = run.results("mmlu_pro")
    n = len(book)
    expected = {cause: sum(1 for i in range(n) if FAULTS[i % 6] == cause) for cause in FAULTS if cause}
    assert results["requests"] == {"sent": n + sum(expected.values()), "retried": sum(expected.values()),
                                   "retries": {**expected, "http_other": 0}}
    assert results["requests"]["sent"] == sum(1 for r in loopback.requests if r["messages"][0]["content"] in book)
    assert results["headline"]["value"] == 100.0 and results["cases"]["errors"] == 0  # the faults cost nothing else
    line = next(l for l in run.stdout.splitlines() if l.startswith("retries: "))
    assert line.startswith(f"retries: {sum(expected.values())} of the {results['requests']['sent']} requests sent were retries (")
    assert "http_429 8" in line and "by task: mmlu_pro 36" in line
    samples = run.samples("mmlu_pro")
    assert sum(s["requests"]["sent"] for s in samples) == results["requests"]["sent"]


def test_clean_run_prints_no_retry_line(loopback, tmp_path):
    config = write_config(tmp_path / "c.yaml", loopback.url)
    run = run_evals([*mmlu_args(config), "--limit", "3"], tmp_path / "out")
    assert run.returncode == 0
    assert run.results("mmlu_pro")["requests"] == {"sent": 3, "retried": 0, "retries": dict.fromkeys(
        ["http_429", "http_5xx", "http_other", "timeout", "connection", "invalid_body"], 0)}
    assert not any(l.startswith("retries: ") for l in run.stdout.splitlines())


def test_content_null_everywhere_counts_every_case_unextracted(loopback, tmp_path):
    loopback.handler = lambda body: Reply(completion(None))
    config = write_config(tmp_path / "c.yaml", loopback.url)
    run = run_evals([*mmlu_args(config), "--limit", "6", "--repeats", "2"], tmp_path / "out")
    cases = run.results("mmlu_pro")["cases"]
    assert (cases["scored"], cases["correct"], cases["errors"], cases["unextracted"]) == (12, 0, 0, 12)


def test_truncated_responses_are_counted_and_the_headline_split(loopback, tmp_path):
    book = items_by_prompt()

    def handler(body):
        n, item = book[body["messages"][0]["content"]]
        if n % 4 == 1:  # stopped at the token limit, answer cut off
            return Reply(completion("Let me compare the options one by one", finish_reason="length"))
        if n % 4 == 2:  # stopped at the token limit with an answer in it anyway
            return Reply(completion(f"Answer: \\boxed{{{item.answer}}}", finish_reason="length"))
        if n % 4 == 3:
            return Reply(completion("<think>still thinking about"))  # reasoning never closed
        return Reply(completion(f"Answer: \\boxed{{{'A' if n % 8 else item.answer}}}"))

    loopback.handler = handler
    config = write_config(tmp_path / "c.yaml", loopback.url)
    run = run_evals(mmlu_args(config), tmp_path / "out")
    results = run.results("mmlu_pro")
    n = len(book)
    plain = [i for i in range(n) if i % 4 == 0]
    correct_plain = sum(1 for i in plain if i % 8 == 0 or list(book.values())[i][1].answer == "A")
    length = sum(1 for i in range(n) if i % 4 in (1, 2))
    unclosed = sum(1 for i in range(n) if i % 4 == 3)
    assert results["truncation"] == {"cases": length + unclosed, "finish_length": length, "unclosed_reasoning": unclosed}
    assert results["cases"]["truncated"] == length + unclosed
    assert results["headline"]["untruncated"] == {"value": pytest.approx(100 * correct_plain / len(plain)), "cases": len(plain)}
    row = next(l for l in run.stdout.splitlines() if l.startswith("mmlu_pro  pass@1"))
    assert row.rstrip().endswith(f"{length + unclosed} (untruncated {100 * correct_plain / len(plain):.2f})")
    assert "truncated" in run.stdout.splitlines()[run.stdout.splitlines().index(row) - 1]
    summary = (tmp_path / "out" / "test-run" / "summary.md").read_text()
    assert "| unextracted | truncated |" in summary and f"| {length + unclosed} (untruncated" in summary


def test_errors_list_says_how_many_it_left_out(loopback, tmp_path):
    loopback.handler = lambda body: Reply({"error": {"message": "no such model"}}, status=404)
    config = write_config(tmp_path / "c.yaml", loopback.url)
    run = run_evals([*mmlu_args(config), "--repeats", "2"], tmp_path / "out")
    results = run.results("mmlu_pro")
    assert results["cases"]["errors"] == 86
    assert len(results["errors"]) == 50 and results["errors_not_listed"] == 36


def record(index, verdict=None, error=None):
    case = {"task": "mmlu_pro", "item": f"q{index}", "repeat": 0, "index": index, "repeats": 1, "dataset": {}}
    out = {"case": case, "outcome": "passed" if verdict and verdict.get("correct") else "failed"}
    if verdict is not None:
        out["verdict"] = verdict
    if error is not None:
        out["error"], out["error_kind"] = error, "endpoint"
    return out


def test_time_limit_hits_are_summed_and_warned_about():
    from fixtures.config import load_config, resolve_task
    from fixtures.results import aggregate_task, record_notes
    from fixtures.verdicts import Verdict

    verdicts = [Verdict(False, "0/3", details={"time_limit_hits": 2}), Verdict(True, "3/3"),
                Verdict(False, "1/3", details={"time_limit_hits": 1})]
    compact = [v.compact() for v in verdicts]
    assert [c.get("time_limit_hits") for c in compact] == [2, None, 1]
    settings = resolve_task(load_config(None, {}, []), "mmlu_pro")
    results = aggregate_task("mmlu_pro", settings, [record(i, c) for i, c in enumerate(compact)])
    assert results["time_limits"] == {"hits": 3, "cases": 2}
    from_samples = aggregate_task("mmlu_pro", settings, [record(0, {"correct": False, "extracted": "0/1", "details": {"time_limit_hits": 4}})])
    assert from_samples["time_limits"] == {"hits": 4, "cases": 1}  # a samples.jsonl verdict keeps it in details

    notes = record_notes({"scicode": {**results, "options": {"timeout_s": 30.0}}, "livecodebench": {**results, "time_limits": {"hits": 0, "cases": 0}}})
    assert len(notes) == 1 and notes[0].startswith("time limits: 3 program(s) or step(s) hit their time limit (scicode 3)")
    assert "SciCode's 30 s step limit (the model card's)" in notes[0] and "machine-dependent" in notes[0]
    assert record_notes({"mmlu_pro": aggregate_task("mmlu_pro", settings, [record(0, Verdict(True, "A").compact())])}) == []


def test_a_code_task_counts_responses_without_code_as_unextracted():
    from fixtures.verdicts import Verdict

    assert Verdict(False, None, details={"unextracted": True}).compact()["unextracted"] is True
    assert Verdict(False, None, details={"unextracted": False}).compact()["unextracted"] is False
    assert Verdict(False, None).compact()["unextracted"] is True


def test_a_usage_error_found_at_collection_prints_no_empty_results_header(loopback, tmp_path):
    config = write_config(tmp_path / "c.yaml", loopback.url)
    run = run_evals([*mmlu_args(config), "--api-key-env", "EVALS_TEST_UNSET_KEY"], tmp_path / "out",
                    env={"EVALS_TEST_UNSET_KEY": ""})
    assert run.returncode == 4 and "EVALS_TEST_UNSET_KEY" in run.stderr
    assert "evaluation results" not in run.stdout and "not in this run" not in run.stdout


def test_stall_line_states_the_configured_timeout_not_a_default(tmp_path):
    from fixtures.config import load_config
    from fixtures.plugin import stall_line
    from fixtures.runstate import RunState

    def line(flags, assignments):
        return stall_line(RunState(config=load_config(None, flags, assignments), run_id="r", run_dir=tmp_path), 700)

    text = line({"request_timeout": 90.0, "max_retries": 3}, [])
    assert "no model response for 11 min 40 s" in text and "by default" not in text
    assert "request_timeout (90 s in this run) and max_retries (3))" in text
    text = line({}, ["defaults.request_timeout=600", "tasks.hle.request_timeout=30"])
    assert "request_timeout (30 s to 600 s by task in this run)" in text


def test_records_rebuilt_from_samples_keep_requests_truncation_time_limits_and_unextracted():
    from fixtures.results import record_from_sample

    sample = {"index": 0, "task": "livecodebench", "item": "p1", "repeat": 0,
              "generation": {"content": "", "finish_reason": "length", "usage": {"completion_tokens": 9}, "truncated": False},
              "verdict": {"correct": False, "extracted": None, "scores": {}, "subsets": {},
                          "details": {"unextracted": False, "time_limit_hits": 2}},
              "requests": {"sent": 3, "retries": {"http_429": 2}}}
    record = record_from_sample(sample, {}, 1)
    assert record["requests"] == {"sent": 3, "retries": {"http_429": 2}}
    assert record["verdict"]["unextracted"] is False and record["verdict"]["time_limit_hits"] == 2
    assert record["verdict"]["usage"]["truncated"] is True and record["verdict"]["usage"]["unclosed_reasoning"] == 0


def test_one_usage_sum_serves_the_run_the_rebuild_and_the_viewer():
    from dataclasses import dataclass, field

    from fixtures.responses import Generation
    from fixtures.runstate import to_jsonable
    from fixtures.sampleindex import sample_usage
    from fixtures.samples import record_from_sample, usage_of

    @dataclass
    class Transcript:
        generations: list = field(default_factory=list)

    steps = Transcript([
        Generation("a", finish_reason="length", usage={"prompt_tokens": 5, "completion_tokens": 7,
                   "completion_tokens_details": {"reasoning_tokens": 3}}, latency_s=0.25, replica="http://r1"),
        Generation("", finish_reason="stop", usage={"prompt_tokens": 2, "completion_tokens": 1}, truncated=True,
                   cached=True, latency_s=0.5, replica_failures={"http://r2": 1}),
    ])  # fmt: skip
    usage = usage_of(to_jsonable(steps))
    assert usage == {"prompt_tokens": 7, "completion_tokens": 8, "reasoning_tokens": 3, "requests": 2, "cached": 1,
                     "finish_reasons": ["length", "stop"], "truncated": True, "unclosed_reasoning": 1, "latency_s": 0.75,
                     "replicas": {"http://r1": {"answered": 1, "failed": 0}, "http://r2": {"answered": 0, "failed": 1}}}
    assert usage_of(to_jsonable(steps.generations[1]))["requests"] == 1 and usage_of(None)["requests"] == 0
    old_line = {"index": 0, "item": "q", "repeat": 0, "generation": to_jsonable(steps), "verdict": {"correct": True}}
    assert sample_usage(old_line) == usage  # a line written before samples carried their usage: the viewer's sum
    assert record_from_sample(old_line)["verdict"]["usage"] == usage  # and results.json's


FIXTURE_PROBE = """
import os

def pytest_fixture_setup(fixturedef, request):
    if fixturedef.argname == "case":
        with open(os.environ["CASE_FIXTURE_LOG"], "a") as log:
            log.write(request.node.nodeid + "\\n")
"""


def test_setup_show_builds_the_case_through_its_fixture_and_records_the_same(loopback, tmp_path):
    """A case normally gets `case` from the plugin's setup hook, without pytest's fixture machinery (a
    sixth of each test's protocol); `--setup-show` keeps the fixture, which it shows. Both record the same."""
    (tmp_path / "case_fixture_probe.py").write_text(FIXTURE_PROBE)
    config = write_config(tmp_path / "c.yaml", loopback.url)
    runs = {}
    for name, extra in (("fast", []), ("shown", ["--setup-show"])):
        env = {"PYTHONPATH": str(tmp_path), "CASE_FIXTURE_LOG": str(tmp_path / f"{name}.log")}
        runs[name] = run_evals([*mmlu_args(config), "--limit", "4", "-p", "case_fixture_probe", *extra], tmp_path / name, env=env)
    fixture_calls = {name: len((tmp_path / f"{name}.log").read_text().splitlines()) if (tmp_path / f"{name}.log").exists() else 0
                     for name in runs}
    assert fixture_calls == {"fast": 0, "shown": 4}, runs["fast"].stdout[-2000:]
    assert runs["shown"].stdout.count("SETUP    F case[") == 4, runs["shown"].stdout[-2000:]

    def verdicts(run):
        return [(s["item"], s["verdict"]["correct"], s["verdict"]["reason"]) for s in run.samples("mmlu_pro")]

    assert runs["fast"].returncode == runs["shown"].returncode
    assert verdicts(runs["fast"]) == verdicts(runs["shown"]) and len(verdicts(runs["fast"])) == 4
