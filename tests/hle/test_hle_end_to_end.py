"""evals/hle/test_hle.py run through pytest in a subprocess against two loopback servers: the model
and the judge, each with its own key. Checks results.json (accuracy, the official metrics on a
hand-computed set, judge errors apart from model errors), that a second judge re-sends nothing to
the model, and that neither key reaches any output."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.hle import synthetic
from tests.support.evalrun import EvalRun, run_evals
from tests.support.loopback import LoopbackServer, Reply, completion
from tests.support.viewcheck import assert_blocks
MODEL_KEY = "sk-model-SECRET-hle-e2e-0001"
JUDGE_KEY = "sk-judge-SECRET-hle-e2e-0002"

# Text items synth0000..synth0007 (the four image rows are skipped): does the model answer right,
# and with what stated confidence. synth0005: the judge never gives a verdict (a judge error);
# synth0006: the model's endpoint refuses the request (a model error).
PLAN = {0: (True, 90), 1: (False, 80), 2: (True, 60), 3: (False, 20), 4: (True, 100), 5: (True, 50), 6: (True, 40), 7: (True, 70)}
JUDGE_SILENT = "synth0005"
MODEL_REFUSES = "synth0006"
# Judged: 90 T, 80 F, 60 T, 20 F, 100 T, 70 T -> accuracy 4/6.
# Official calibration with bins of 2, sorted: 20 F, 60 T | 70 T, 80 F | 90 T, 100 T (last bin skipped)
#   sqrt(2/6 * ((0.4 - 0.5)^2 + (0.75 - 0.5)^2)) = sqrt(2/6 * 0.0725) = 0.1555 -> 100 * 0.16 = 16.0
# 95% half width: 1.96 * sqrt(66.67 * 33.33 / 6) = 37.719 -> 37.72


def item_index(text: str) -> int:
    return int(re.search(r"Synthetic question (\d+):", text).group(1))


def model_handler(body: dict[str, Any]) -> Reply:
    question = body["messages"][1]["content"]
    index = item_index(question if isinstance(question, str) else question[0]["text"])
    if f"synth{index:04d}" == MODEL_REFUSES:
        return Reply({"error": {"message": "this request is refused"}}, status=400)
    right, confidence = PLAN[index]
    answer = str(2 * index) if right else "-1"
    text = f"Explanation: {index} + {index}.\nAnswer: {answer}\nConfidence: {confidence}%"
    return Reply(completion(text, reasoning="thinking it over"))


def read_judge_prompt(prompt: str) -> tuple[int, str, str, int]:
    index = item_index(prompt)
    answer = re.search(r"\nAnswer: (\S+)\n", prompt).group(1)
    correct = re.search(r"\[correct_answer\]: (\S+)\n", prompt).group(1)
    confidence = int(re.search(r"\nConfidence: (\d+)%\n", prompt).group(1))
    return index, answer, correct, confidence


def nemo_judge_handler(body: dict[str, Any]) -> Reply:
    index, answer, correct, confidence = read_judge_prompt(body["messages"][0]["content"])
    if f"synth{index:04d}" == JUDGE_SILENT:
        return Reply(completion("The response seems fine overall."))
    verdict = "yes" if answer == correct else "no"
    reply = (
        f"**extracted_final_answer**: {answer}\n\n**Reasoning**: compared.\n\n"
        f"**Judgement**: {verdict}\n\n**Confidence**: {confidence}%"
    )
    return Reply(completion(reply))


def official_judge_handler(body: dict[str, Any]) -> Reply:
    assert body["response_format"]["json_schema"]["name"] == "ExtractedAnswer"
    index, answer, correct, confidence = read_judge_prompt(body["messages"][0]["content"])
    if f"synth{index:04d}" == JUDGE_SILENT:
        return Reply(completion(json.dumps({"extracted_final_answer": answer, "correct": "maybe"})))
    reply = {"extracted_final_answer": answer, "reasoning": "compared", "correct": "yes" if answer == correct else "no",
             "confidence": confidence, "strict": True}
    return Reply(completion(json.dumps(reply)))


def write_config(path: Path, model: LoopbackServer, judge: LoopbackServer, judge_style: str) -> Path:
    config = {
        "endpoint": {"url": model.url, "model": "model-under-test", "api_key_env": "HLE_E2E_MODEL_KEY"},
        "defaults": {"max_new_tokens": 512, "temperature": 0.99999, "top_p": 0.99999, "parallelism": 4,
                     "request_timeout": 30, "max_retries": 0},
        "tasks": {
            "hle": {
                "repeats": 1,
                "model_card": {"metric": "pass@1", "value": 10.6},
                "options": {"calibration_bin_size": 2, "judge_style": judge_style, "judge_attempts": 2},
                "judge": {"url": judge.url, "model": f"judge-{judge_style}", "api_key_env": "HLE_E2E_JUDGE_KEY",
                          "parallelism": 2, "temperature": 0.0, "top_p": 0.95, "max_retries": 0,
                          "request_timeout": 30},
            }
        },
    }
    path.write_text(yaml.safe_dump(config))
    return path


def run_suite(tmp_path: Path, config: Path, run_id: str) -> tuple[EvalRun, dict[str, Any]]:
    run = run_evals(
        ["-k", "hle", "--config", str(config), "--data-dir", str(tmp_path / "data")],
        tmp_path / "out",
        run_id,
        env={"HLE_E2E_MODEL_KEY": MODEL_KEY, "HLE_E2E_JUDGE_KEY": JUDGE_KEY},
    )
    results_path = tmp_path / "out" / run_id / "hle" / "results.json"
    assert results_path.exists(), f"no results.json\nstdout:\n{run.stdout[-4000:]}\nstderr:\n{run.stderr[-4000:]}"
    assert run.returncode == 6, run.stdout[-4000:]  # completed, with errored cases and no gate
    return run, run.results("hle")


def error_kinds(results: dict[str, Any]) -> dict[str, str]:
    return {entry["case"]: entry["kind"] for entry in results["errors"]}


@pytest.fixture
def servers():
    with LoopbackServer(model_handler) as model, LoopbackServer(nemo_judge_handler) as judge:
        yield model, judge


def test_hle_end_to_end_two_servers(tmp_path, servers):
    model, judge = servers
    synthetic.write_jsonl(tmp_path / "data" / "hle" / "test.jsonl", synthetic.rows())
    proc, results = run_suite(tmp_path, write_config(tmp_path / "nemo.yaml", model, judge, "nemo_skills"), "run1")

    # 8 text items ran (4 image rows skipped and counted); 6 scored, 1 judge error, 1 model error
    assert results["dataset"]["items"] == 8
    assert results["dataset"]["notes"]["image_rows_skipped"] == 4
    assert results["cases"]["total"] == 8 and results["cases"]["scored"] == 6 and results["cases"]["correct"] == 4
    assert error_kinds(results) == {"synth0005-r0": "judge", "synth0006-r0": "endpoint"}
    judge_error = next(e for e in results["errors"] if e["kind"] == "judge")["message"]
    assert "HleJudgeError" in judge_error and "no verdict in 2 judge replies" in judge_error
    assert results["headline"]["value"] == pytest.approx(400 / 6)

    official = results["task_metrics"]["official"]
    assert official["accuracy"] == 66.67 and official["accuracy_ci95_half_width"] == 37.72
    assert official["calibration_error"] == pytest.approx(16.0) and official["judged"] == 6
    assert results["task_metrics"]["judge"]["style"] == "nemo_skills"
    assert results["task_metrics"]["judge"]["prompt_template"].startswith("Judge whether the following [response]")
    assert results["judge"]["model"] == "judge-nemo_skills" and results["judge"]["api_key_env"] == "HLE_E2E_JUDGE_KEY"
    assert results["subsets"]["category"]["Math"]["accuracy"]["pass@1"] == 100.0

    # requests: the model got one per item (the refused one is not retried: HTTP 400); the judge one
    # per answered item plus the retry of the silent one, with the NeMo-Skills sampling and seed
    assert len(model.requests) == 8
    assert all(h.get("Authorization") == f"Bearer {MODEL_KEY}" for h in model.headers)
    assert all(h.get("Authorization") == f"Bearer {JUDGE_KEY}" for h in judge.headers)
    silent = [r for r in judge.requests if "Synthetic question 5:" in r["messages"][0]["content"]]
    assert [r["seed"] for r in silent] == [0, 1]
    assert len(judge.requests) == 7 + 1
    first = judge.requests[0]
    assert first["model"] == "judge-nemo_skills" and first["temperature"] == 0.0 and first["top_p"] == 0.95
    assert "response_format" not in first and "thinking it over" not in first["messages"][0]["content"]

    scored = [s for s in proc.samples("hle") if s.get("verdict") is not None]
    assert {s["verdict"]["details"]["confidence_source"] for s in scored} == {"judge"}
    assert_blocks(proc.output_dir / proc.run_id, "hle", "Judge", "Judge reply")  # evals view: the judge's reply and verdict

    # a second judge (official style) on the same cache: nothing new goes to the model but the refused item
    judge_official = LoopbackServer(official_judge_handler).start()
    try:
        _, again = run_suite(tmp_path, write_config(tmp_path / "official.yaml", model, judge_official, "official"), "run2")
    finally:
        judge_official.stop()
    assert len(model.requests) == 9 and "Synthetic question 6:" in model.requests[-1]["messages"][1]["content"]
    assert all(r["response_format"]["type"] == "json_schema" for r in judge_official.requests)
    # the official judge sends no seed; only the retry of the unusable reply carries one
    seeds = {}
    for r in judge_official.requests:
        seeds.setdefault(item_index(r["messages"][0]["content"]), []).append(r.get("seed"))
    assert seeds == {0: [None], 1: [None], 2: [None], 3: [None], 4: [None], 5: [None, 1], 7: [None]}
    assert error_kinds(again) == {"synth0005-r0": "judge", "synth0006-r0": "endpoint"}
    assert again["task_metrics"]["official"]["calibration_error"] == pytest.approx(16.0)
    assert again["task_metrics"]["judge"]["style"] == "official"

    # neither key is written anywhere: reports, samples, cache, pytest report, console
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert JUDGE_KEY.encode() not in data and MODEL_KEY.encode() not in data, path
    assert JUDGE_KEY not in proc.stdout + proc.stderr and MODEL_KEY not in proc.stdout + proc.stderr
