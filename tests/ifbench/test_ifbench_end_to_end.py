"""`pytest evals -k ifbench` end to end against the loopback server: requests, verdicts, results.json."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import nltk
import pytest

from evals.ifbench.nltk_data import missing_resources

from tests.ifbench.conftest import FIXTURES, shared_data_dir
from tests.support.evalrun import run_evals, write_config
from tests.support.loopback import Reply, completion
from tests.support.viewcheck import assert_blocks

# Rows of the reference fixture (real instruction lists and kwargs) with two responses each whose
# verdicts the reference produced: one per repeat.
PICKS = {
    "count:numbers": ("two_numbers", "three_numbers"),
    "format:no_whitespace": ("none", "title_line_loose"),
    "words:words_position": ("follows", "punctuation_is_last_token"),
    "ratio:stop_words": ("low_ratio", "no_words"),
    "repeat:repeat_simple": ("bold", "exact"),
    "words:odd_even_syllables": ("alternating", "outro_line"),  # a two-instruction row
}


def _fixture_cases() -> dict[str, dict]:
    cases = {}
    for line in (FIXTURES / "reference_verdicts.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        cases[case["case"]] = case
    return cases


def _nltk_env() -> dict[str, str]:
    copy = shared_data_dir() / "nltk_data"
    return {"NLTK_DATA": str(copy)} if copy.is_dir() else {}


@pytest.fixture
def scripted_run(tmp_path, loopback, nltk_ready):
    cases = _fixture_cases()
    rows, answers, expected = [], {}, defaultdict(dict)
    for target, labels in PICKS.items():
        first = cases[f"{target}/{labels[0]}"]
        prompt = f"Test prompt for key {first['key']} ({target}). Follow the instructions."
        rows.append({"key": first["key"], "prompt": prompt, "instruction_id_list": first["instruction_id_list"], "kwargs": first["kwargs"]})
        for repeat, label in enumerate(labels):
            case = cases[f"{target}/{label}"]
            answers[(prompt, repeat)] = case["response"]
            expected[first["key"]][repeat] = (case["strict"], case["loose"])
    data = tmp_path / "ifbench_rows.jsonl"
    data.write_text("".join(json.dumps(row) + "\n" for row in rows))

    def handler(body):
        return Reply(completion(answers[(body["messages"][0]["content"], body["seed"])], reasoning="thinking..."))

    loopback.handler = handler
    options = {"source": "file", "path": str(data), "allow_download": False}
    config = write_config(tmp_path / "c.yaml", loopback.url, {"ifbench": {"repeats": 2, "options": options, "model_card": {"metric": "pass@1[avg-of-2]", "value": 71.5}}})
    run = run_evals(["-k", "ifbench", "--config", str(config)], tmp_path / "out", env=_nltk_env())
    return run, rows, expected, loopback


def test_results_json_holds_the_reference_verdicts(scripted_run):
    run, rows, expected, loopback = scripted_run
    assert run.returncode in (0, 1), run.stdout + run.stderr
    results = run.results("ifbench")
    n_cases = 2 * len(rows)
    assert results["cases"]["total"] == n_cases and results["cases"]["errors"] == 0
    assert_blocks(run.output_dir / run.run_id, "ifbench", "Instructions")  # evals view: each instruction's strict and loose verdict

    # One request per case: the raw prompt as the only user message, seeds = repeat indices.
    assert len(loopback.requests) == n_cases
    assert {(r["messages"][0]["content"], r["seed"]) for r in loopback.requests} == {
        (row["prompt"], repeat) for row in rows for repeat in (0, 1)
    }
    assert all(len(r["messages"]) == 1 and r["messages"][0]["role"] == "user" for r in loopback.requests)

    verdicts = [flags for per_key in expected.values() for flags in per_key.values()]
    n_instructions = sum(len(row["instruction_id_list"]) for row in rows)
    prompt_loose = 100 * sum(all(loose) for _, loose in verdicts) / n_cases
    prompt_strict = 100 * sum(all(strict) for strict, _ in verdicts) / n_cases
    instruction_loose = 100 * sum(sum(loose) for _, loose in verdicts) / (2 * n_instructions)
    instruction_strict = 100 * sum(sum(strict) for strict, _ in verdicts) / (2 * n_instructions)

    assert results["headline"]["metric"] == "pass@1[avg-of-2]"
    assert results["headline"]["score"] == "prompt_loose"
    assert results["headline"]["value"] == pytest.approx(prompt_loose)
    assert results["model_card"]["difference"] == pytest.approx(prompt_loose - 71.5, abs=1e-3)
    assert results["metrics"]["prompt_strict"]["pass@1[avg-of-2]"] == pytest.approx(prompt_strict)
    table = results["task_metrics"]["ifbench"]
    avg = table["pass@1[avg-of-2]"]
    assert table["num_prompts"] == len(rows) and table["num_instructions"] == n_instructions
    assert avg["prompt_loose_accuracy"] == pytest.approx(prompt_loose)
    assert avg["prompt_strict_accuracy"] == pytest.approx(prompt_strict)
    assert avg["instruction_loose_accuracy"] == pytest.approx(instruction_loose)
    assert avg["instruction_strict_accuracy"] == pytest.approx(instruction_strict)
    # the harness's per-score blocks hold the mean of per-prompt fractions, under a name that says so
    assert not {"instruction_strict", "instruction_loose"} & set(results["metrics"])
    fractions = [sum(loose) / len(loose) for _, loose in verdicts]
    assert results["metrics"]["per_prompt_instruction_fraction_loose"]["pass@1[avg-of-2]"] == pytest.approx(
        100 * sum(fractions) / n_cases)
    assert set(table["per_instruction"]) == {i for row in rows for i in row["instruction_id_list"]}
    assert "pass@2" in table and "per_category" in table

    samples = run.samples("ifbench")
    assert len(samples) == n_cases
    by_case = {(s["item"], s["repeat"]): s for s in samples}
    for key, per_repeat in expected.items():
        for repeat, (strict, loose) in per_repeat.items():
            details = by_case[(key, repeat)]["verdict"]["details"]["instructions"]
            assert [d["strict"] for d in details] == strict and [d["loose"] for d in details] == loose


def test_the_294_row_file_runs_and_is_named(tmp_path, loopback, nltk_ready):
    data_dir = shared_data_dir()
    if not (data_dir / "ifbench" / "IFBench_test.jsonl").is_file():
        pytest.skip(f"needs ../shared/data/ifbench/IFBench_test.jsonl (looked in {data_dir})")
    loopback.handler = lambda body: Reply(completion("My Answer: yes My Conclusion: no Future Outlook: good"))
    config = write_config(tmp_path / "c.yaml", loopback.url, {"ifbench": {"options": {"allow_download": False}}})
    run = run_evals(["-k", "ifbench", "--config", str(config), "--data-dir", str(data_dir), "--limit", "3"], tmp_path / "out", env=_nltk_env())
    results = run.results("ifbench")
    assert results["dataset"]["items"] == 3 and results["cases"]["errors"] == 0, run.stdout
    assert "allenai/IFBench@c6767a19bd82ac0536cab950f2f8f6bcc6fabe7c" in results["dataset"]["source"]
    assert results["dataset"]["revision"] == "sha256:11c3d683dcc7f4908a4d3cacd05c9a8bbd5484af2f8fde969e7abe2b8bad3e34"
    assert results["cases"]["correct"] == 0  # keyword counts are not met by that answer


def test_missing_nltk_data_is_an_error_naming_the_fix(tmp_path, loopback, monkeypatch):
    # NLTK also looks in system folders (/usr/share/nltk_data, ...): absence can only be simulated without them.
    standard = [p for p in nltk.data.path if not str(p).startswith(str(shared_data_dir())) and "nltk_data" in str(p)]
    monkeypatch.setattr(nltk.data, "path", [p for p in standard if not str(p).startswith(str(Path.home()))])
    monkeypatch.delenv("NLTK_DATA", raising=False)
    if not missing_resources():
        pytest.skip("NLTK data is installed in a system folder: its absence cannot be simulated here")
    data = tmp_path / "rows.jsonl"
    data.write_text(json.dumps({"key": "1", "prompt": "p", "instruction_id_list": ["format:no_whitespace"], "kwargs": [{}]}) + "\n")
    loopback.handler = lambda body: Reply(completion("x"))
    options = {"source": "file", "path": str(data), "allow_download": False}
    config = write_config(tmp_path / "c.yaml", loopback.url, {"ifbench": {"options": options}})
    empty = tmp_path / "no_nltk_data"
    empty.mkdir()
    run = run_evals(["-k", "ifbench", "--config", str(config)], tmp_path / "out",
                    env={"NLTK_DATA": str(empty), "HOME": str(tmp_path)})
    assert run.returncode != 0
    output = run.stdout + run.stderr
    assert "NltkDataMissing" in output and "python -m nltk.downloader" in output, output
    assert loopback.requests == []
