"""No run of 8 or more characters of a configured key reaches any output, wherever a server echoes it."""

from __future__ import annotations

import random
import sqlite3
import string
import zlib
from pathlib import Path

import yaml

from fixtures.client import server_message
from fixtures.redact import MIN_RUN, redact
from tests.support.evalrun import run_evals, write_config
from tests.support.loopback import Reply, completion
from tests.test_mmlu_pro import FIXTURE_DATA, fixture_items
from evals.mmlu_pro.prompt import build_request

CUT = 500  # fixtures.client.server_message's default limit


def make_key(rng: random.Random, prefix: str) -> str:
    return prefix + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(43 - len(prefix)))


def runs_of(key: str) -> set[str]:
    return {key[i : i + MIN_RUN] for i in range(len(key) - MIN_RUN + 1)}


def leaks(text: str, keys: list[str]) -> list[str]:
    return sorted(run for key in keys for run in runs_of(key) if run in text)


def test_redaction_happens_before_the_cut_at_every_offset():
    key = make_key(random.Random(1), "nvapi-")
    for start in range(CUT - len(key) - 5, CUT + 5):
        body = ("x" * start + f"Authorization: Bearer {key} trailing").encode()
        assert leaks(server_message(body, redact_text=lambda t: redact(t, [key])), [key]) == [], start
        partial = ("y" * start + key[: 20 + start % 20]).encode()  # a server that cuts the key itself
        assert leaks(server_message(partial, redact_text=lambda t: redact(t, [key])), [key]) == [], start
    assert redact("token Bearer abc.def-ghi end", []) == "token Bearer *** end"


def test_echoed_keys_reach_no_output_file_cache_row_or_terminal_line(loopback, tmp_path):
    rng = random.Random(20)
    model_key, judge_key = make_key(rng, "nvapi-"), make_key(rng, "judge-")
    keys = [model_key, judge_key]
    items = fixture_items()
    order = {build_request(item).messages[0]["content"]: n for n, item in enumerate(items)}
    prefix = len("Authorization: Bearer ")

    def handler(body):
        n = order[body["messages"][0]["content"]] * 2 + int(body.get("seed") or 0)  # 86 cases: one offset each
        key = model_key if n % 2 == 0 else judge_key
        start = CUT - prefix - len(key) - 20 + n // 2  # the key starts before, across and after the cut
        echo = "e" * start + f"Authorization: Bearer {key} ({key[:12]})"
        if n % 7 == 3:  # an answer that echoes the key: cached and recorded, so it must be masked too
            return Reply(completion(f"{echo}\nAnswer: \\boxed{{A}}"))
        status = 400 if n % 2 else 503
        return Reply({"error": {"message": echo, "type": "invalid_request_error"}}, status=status)

    loopback.handler = handler
    config_path = write_config(tmp_path / "c.yaml", loopback.url, max_retries=1, repeats=2)
    config = yaml.safe_load(config_path.read_text())
    config["endpoint"]["api_key_env"] = "EVALS_TEST_MODEL_KEY"
    config["tasks"] = {"hle": {"judge": {"url": loopback.url, "model": "judge", "api_key_env": "EVALS_TEST_JUDGE_KEY"}}}
    config_path.write_text(yaml.safe_dump(config))
    junit = tmp_path / "junit.xml"
    out = tmp_path / "out"
    run = run_evals(["-k", "mmlu_pro", "--config", str(config_path), "--data-dir", str(FIXTURE_DATA), f"--junitxml={junit}", "-rA"],
                    out, env={"EVALS_TEST_MODEL_KEY": model_key, "EVALS_TEST_JUDGE_KEY": judge_key})  # fmt: skip
    assert run.returncode == 6, run.stdout[-3000:]
    assert loopback.headers[0]["Authorization"] == f"Bearer {model_key}"  # the key was really sent
    results = run.results("mmlu_pro")
    assert results["cases"]["errors"] > 40 and results["cases"]["scored"] > 5
    outputs = {
        "terminal": run.stdout + run.stderr,
        "junit": junit.read_text(),
        **{str(p.relative_to(out)): p.read_text(errors="replace") for p in out.rglob("*") if p.is_file() and p.suffix in (".json", ".jsonl", ".md", ".html")},
    }
    assert {"test-run/mmlu_pro/results.json", "test-run/mmlu_pro/samples.jsonl", "test-run/pytest-report.json", "test-run/report.html"} <= set(outputs)
    with sqlite3.connect(out / "cache" / "responses.sqlite") as db:
        outputs["cache"] = "\n".join(zlib.decompress(row[0]).decode() for row in db.execute("SELECT body FROM responses"))
    assert outputs["cache"]
    assert "***" in outputs["test-run/mmlu_pro/samples.jsonl"]
    for name, text in outputs.items():
        assert leaks(text, keys) == [], name
