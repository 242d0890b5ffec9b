"""The release gate end to end: runs of a scripted model over the loopback server, then `evals compare`.

198 synthetic GPQA-format rows (never real GPQA rows), GPQA Diamond's size, at 2 repeats. The
scripted model answers items 0-119 always right, items 120-137 right or wrong by a hash of
(item, seed, model seed), items 138-197 always wrong: about 65% accuracy, with noise on 18 items.
The "worse" model also misses items 0-19 always: 10.1 points lower.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from evals.gpqa.data import build_items
from tests.gpqa.conftest import synthetic_row, write_gpqa_csv
from tests.support.evalrun import REPO, run_evals, write_config
from tests.support.loopback import Reply, completion

ITEMS = 198
REPEATS = 2
QUESTION = re.compile(r"Synthetic question (\d+):")


class ScriptedModel:
    """A handler whose answers depend on (item, seed, model_seed) and on how much worse it is told to be."""

    def __init__(self, rows: list[dict[str, str]]) -> None:
        self.letters = {n: item.answer for n, item in enumerate(build_items(rows, "synthetic"))}
        self.model_seed = 0
        self.worse = False

    def right(self, n: int, seed: int) -> bool:
        if self.worse and n < 20:
            return False
        if n < 120:
            return True
        if n < 138:
            return hashlib.sha256(f"{n}/{seed}/{self.model_seed}".encode()).digest()[0] % 2 == 0
        return False

    def __call__(self, body: dict) -> Reply:
        n = int(QUESTION.search(body["messages"][0]["content"]).group(1))
        letter = self.letters[n] if self.right(n, body["seed"]) else next(x for x in "ABCD" if x != self.letters[n])
        return Reply(completion(f"Reasoning...\n\nAnswer: {letter}"))


@pytest.fixture
def setup(loopback, tmp_path: Path):
    rows = [synthetic_row(n) for n in range(ITEMS)]
    write_gpqa_csv(tmp_path / "data", rows)
    model = ScriptedModel(rows)
    loopback.handler = model
    config = write_config(tmp_path / "config.yaml", loopback.url, {"gpqa": {"repeats": REPEATS}})
    out = tmp_path / "out"

    def run(run_id: str, *extra: str) -> Path:
        done = run_evals(["-k", "gpqa", "--config", str(config), "--data-dir", str(tmp_path / "data"), "--no-cache", *extra], out, run_id)
        assert done.returncode in (0, 1, 7), done.stdout[-3000:] + done.stderr[-3000:]
        return out / run_id

    return model, run, tmp_path


def compare(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fixtures.cli", "compare", *args], cwd=REPO, capture_output=True, text=True, timeout=120)


def write_gate(path: Path, rows: list[dict], **top) -> Path:
    path.write_text(yaml.safe_dump({"gates": rows, **top}))
    return path


def test_same_model_other_seed_is_go_at_the_mde(setup):
    model, run, tmp = setup
    baseline = run("baseline")
    model.model_seed = 1
    candidate = run("candidate")
    noise = json.loads((baseline / "gpqa" / "results.json").read_text())["noise"]
    assert noise["items"] == ITEMS and noise["mde80"] > 0 and noise["clustered_stderr"] > 0
    gate = write_gate(tmp / "gate.yaml", [{"task": "gpqa", "max_drop": round(noise["mde80"], 2)}])
    done = compare(str(baseline), str(candidate), "--gate", str(gate))
    assert done.returncode == 0, done.stdout + done.stderr
    doc = json.loads((candidate / "compare.json").read_text())
    entry = doc["tasks"]["gpqa"]
    assert doc["decision"] == "GO" and entry["decision"] == "GO"
    assert entry["items"] == ITEMS and entry["test"] == "sign_flip_permutation"
    assert entry["ci95"][0] > -noise["mde80"]
    # only the six noisy items can flip
    assert set(entry["flips"]["worse"]) | set(entry["flips"]["better"]) <= {f"recSYNTH{n:04d}" for n in range(120, 138)}
    assert "GO" in done.stdout and (candidate / "compare.md").is_file()
    junit = (candidate / "gate-junit.xml").read_text()
    assert 'tests="1" failures="0"' in junit

    # max_drop 0: an unchanged model's interval straddles 0, so INCONCLUSIVE, exit 7, with what would decide it
    strict = write_gate(tmp / "strict.yaml", [{"task": "gpqa", "max_drop": 0.0}])
    done = compare(str(baseline), str(candidate), "--gate", str(strict), "--out", str(tmp / "strict"))
    doc = json.loads((tmp / "strict" / "compare.json").read_text())
    assert done.returncode == 7 and doc["decision"] == "INCONCLUSIVE", done.stdout + done.stderr
    lo, hi = doc["tasks"]["gpqa"]["ci95"]
    assert lo <= 0 <= hi and doc["tasks"]["gpqa"]["to_decide"]["items"] > ITEMS
    assert "to decide row 1: gpqa max_drop 0" in done.stdout and "exit status 7 (INCONCLUSIVE)" in done.stdout
    assert 'failures="1"' in (tmp / "strict" / "gate-junit.xml").read_text()
    lenient = write_gate(tmp / "lenient.yaml", [{"task": "gpqa", "max_drop": 0.0}], on_inconclusive="pass")
    done = compare(str(baseline), str(candidate), "--gate", str(lenient), "--out", str(tmp / "lenient"))
    assert done.returncode == 0 and json.loads((tmp / "lenient" / "compare.json").read_text())["decision"] == "INCONCLUSIVE"
    assert 'failures="0" errors="0" skipped="1"' in (tmp / "lenient" / "gate-junit.xml").read_text()


def test_ten_points_worse_is_no_go_with_its_flips(setup):
    model, run, tmp = setup
    baseline = run("baseline")
    model.model_seed, model.worse = 1, True
    candidate = run("candidate")
    gate = write_gate(tmp / "gate.yaml", [{"task": "gpqa", "max_drop": 2.0}])
    done = compare(str(baseline), str(candidate), "--gate", str(gate), "--out", str(tmp / "cmp"))
    assert done.returncode == 1, done.stdout + done.stderr
    doc = json.loads((tmp / "cmp" / "compare.json").read_text())
    entry = doc["tasks"]["gpqa"]
    assert doc["decision"] == "NO-GO" and entry["decision"] == "NO-GO"
    assert entry["ci95"][1] < -2.0 and entry["difference"] < -5
    lost = [f"recSYNTH{n:04d}" for n in range(20)]
    assert set(lost) <= set(entry["flips"]["worse"])
    lines = done.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"gpqa: {len(entry['flips']['worse'])} item(s) right before, wrong now"))
    section = lines[start + 1 : start + 1 + next(i for i, line in enumerate(lines[start + 1 :]) if not line.startswith("  recSYNTH"))]
    shown = [line.split(":")[0].strip() for line in section]
    assert set(shown) <= set(entry["flips"]["worse"]) and len(shown) == 20  # at most 20 listed, with their answers
    assert f"... and {len(entry['flips']['worse']) - 20} more" in done.stdout
    first = entry["flip_details"]["worse"][0]
    assert first["expected"] in "ABCD" and first["baseline"] == first["expected"] and first["candidate"] != first["expected"]
    junit = (tmp / "cmp" / "gate-junit.xml").read_text()
    assert 'failures="1"' in junit and "NO-GO" in junit


def test_subset_compares_on_the_intersection(setup):
    model, run, tmp = setup
    baseline = run("baseline")
    model.model_seed = 1
    candidate = run("candidate", "--limit", "150")
    done = compare(str(baseline), str(candidate))
    doc = json.loads((candidate / "compare.json").read_text())
    entry = doc["tasks"]["gpqa"]
    assert entry["items"] == 150
    assert entry["left_out"] == {"baseline_only": 48, "candidate_only": 0}
    assert "compared on the 150 items both runs scored; left out 48 scored only in the baseline" in done.stdout
    assert done.returncode == {"GO": 0, "NO-GO": 1, "INCONCLUSIVE": 7}[doc["decision"]]


def test_bad_gate_and_folders_exit_4_naming_the_row(setup, tmp_path: Path):
    _, run, tmp = setup
    baseline = run("baseline")
    missing = compare(str(baseline), str(tmp / "nowhere"))
    assert missing.returncode == 4 and "nowhere" in missing.stderr
    gate = write_gate(tmp / "gate.yaml", [{"task": "gpqa", "min": 1}, {"task": "gpqa_diamond", "max_drop": 1}])
    bad = compare(str(baseline), str(baseline), "--gate", str(gate))
    assert bad.returncode == 4
    assert "row 2" in bad.stderr and "gpqa_diamond" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    absent = compare(str(baseline), str(baseline), "--gate", str(tmp / "no-gate.yaml"))
    assert absent.returncode == 4 and "cannot read gate file" in absent.stderr and "config file" not in absent.stderr


def test_pytest_baseline_option_decides_the_exit_status(setup):
    model, run, tmp = setup
    baseline = run("baseline")
    model.model_seed, model.worse = 1, True
    gate = write_gate(tmp / "gate.yaml", [{"task": "gpqa", "max_drop": 2.0}, {"task": "gpqa", "min": 10.0}])
    candidate = run("candidate", "--baseline", str(baseline), "--gate", str(gate))
    doc = json.loads((candidate / "compare.json").read_text())
    assert doc["decision"] == "NO-GO" and doc["exit_status"] == 1
    assert [row["decision"] for row in doc["gate"]] == ["NO-GO", "GO"]
    assert doc["baseline"]["run_id"] == "baseline" and doc["candidate"]["run_id"] == "candidate"
    assert (candidate / "compare.md").read_text().startswith("# Release comparison: NO-GO")
    assert 'tests="2" failures="1"' in (candidate / "gate-junit.xml").read_text()
    summary = json.loads((candidate / "summary.json").read_text())
    assert summary["gate"]["decision"] == "NO-GO" and summary["gate"]["baseline"] == "baseline"


def test_gate_rows_are_checked_before_the_first_request(setup, loopback):
    _, run, tmp = setup
    baseline = run("baseline")
    sent = len(loopback.requests)
    cases = {
        "unknown task": ([{"task": "gpqa", "min": 1}, {"task": "mmlu_pro", "min": 1}], "row 2", "mmlu_pro"),
        "max_drop without a baseline": ([{"task": "gpqa", "max_drop": 1}], "row 1", "--baseline"),
    }  # the other checks (score, metric, model card): tests/test_gate_rows.py
    for name, (rows, row, word) in cases.items():
        gate = write_gate(tmp / "bad.yaml", rows)
        done = run_evals(["-k", "gpqa", "--config", str(tmp / "config.yaml"), "--data-dir", str(tmp / "data"), "--gate", str(gate)],
                         tmp / "out", "bad")
        assert done.returncode == 4, (name, done.stdout[-2000:], done.stderr[-2000:])
        message = [line for line in (done.stdout + done.stderr).splitlines() if row in line]
        assert len(message) == 1 and word in message[0], (name, done.stdout[-2000:] + done.stderr[-2000:])
    assert len(loopback.requests) == sent  # nothing was sent for any of them
    on = write_gate(tmp / "ok.yaml", [{"task": "gpqa", "max_drop": 1}], on_inconclusive="maybe")
    done = run_evals(["-k", "gpqa", "--config", str(tmp / "config.yaml"), "--gate", str(on), "--baseline", str(baseline)], tmp / "out", "bad")
    assert done.returncode == 4 and "on_inconclusive: expected fail or pass" in done.stdout + done.stderr


def test_gate_rows_are_checked_before_the_first_request_under_xdist(setup, loopback):
    _, _, tmp = setup
    gate = write_gate(tmp / "bad.yaml", [{"task": "gpqa", "min": 1}, {"task": "gpqa", "metric": "pass@8", "min": 1}])
    done = run_evals(["-k", "gpqa", "-n", "2", "--config", str(tmp / "config.yaml"), "--data-dir", str(tmp / "data"), "--gate", str(gate)],
                     tmp / "out", "xdist")
    assert done.returncode == 4, done.stdout[-2000:] + done.stderr[-2000:]
    named = [line for line in (done.stdout + done.stderr).splitlines() if "row 2" in line]
    assert len(named) == 1 and "pass@8" in named[0]
    assert loopback.requests == []
