"""For every benchmark: 1, 2 and 4 shards, merged, give the metrics of a single run on the same cached responses.

One data folder holds a few items of each of the nine benchmarks (the suite's fixture rows, the shared
real data, synthetic HLE rows, built SciCode targets); one loopback server answers every benchmark
with its tests' scripted answers (right and wrong ones, errors included). The single run fills the
cache; every shard run reads it as a seed cache and sends nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from evals.bfcl.categories import SINGLE_TURN
from evals.bfcl.data import load_category
from tests.bfcl.test_bfcl_v3_e2e import plan as bfcl_plan, small_data_dir as bfcl_small_data_dir
from tests.conftest import shared_data_dir
from tests.hle import synthetic
from tests.hle.test_hle_end_to_end import model_handler as hle_model, nemo_judge_handler as hle_judge
from tests.livecodebench.rows import write_hub_dir
from tests.livecodebench.test_lcb_end_to_end import MARKERS as LCB_MARKERS, scripted as lcb_scripted
from tests.scicode.conftest import BUILT_PROBLEMS
from fixtures import gate_names
from fixtures.gate import GateFile, GateRule, check_gate, evaluate_rows
from fixtures.release import Items, _compare, compare_runs, rule_quantity
from fixtures.runfolder import open_run
from tests.support.evalrun import REPO, run_evals
from tests.support.loopback import LoopbackServer, Reply, completion
from tests.support.shardrun import comparable, run_merge
from tests.ifbench.test_ifbench_end_to_end import PICKS, _fixture_cases
from tests.test_mmlu_pro import FIXTURE_DATA, answer_book, scripted as mmlu_scripted

TASKS = ("mmlu_pro", "gpqa", "aime2025", "livecodebench", "scicode", "ifbench", "hle", "bfcl_v3", "bfcl_v4")
LIMIT = 3
REPEATS = 2
NEXT_STEP = "NEXT STEP - PROBLEM DESCRIPTION AND FUNCTION HEADER:"


class Scripted:
    """Answers each benchmark's requests as its own end-to-end test does; anything else deterministically."""

    def __init__(self, bfcl_book: dict, scicode_steps: dict, aime_answers: dict, gpqa_answers: dict, ifbench_answers: dict) -> None:
        self.mmlu = mmlu_scripted(answer_book())
        self.mmlu_prompts = set(answer_book())
        self.bfcl = bfcl_book
        self.scicode = scicode_steps
        self.aime = aime_answers
        self.gpqa = gpqa_answers
        self.ifbench = ifbench_answers

    def __call__(self, body: dict) -> Reply:
        messages = body["messages"]
        first = messages[0]["content"] if isinstance(messages[0]["content"], str) else ""
        last = messages[-1]["content"] if isinstance(messages[-1]["content"], str) else ""
        if "[correct_answer]:" in first:
            return hle_judge(body)
        if len(messages) > 1 and "Synthetic question" in json.dumps(messages[1]):
            return hle_model(body)
        if any(marker in first for marker in LCB_MARKERS.values()):
            return lcb_scripted(body)
        if NEXT_STEP in last:
            return self.scicode_answer(body, last)
        key = json.dumps(messages, sort_keys=True)
        if key in self.bfcl:
            return Reply(self.bfcl[key][1])
        if first in self.mmlu_prompts:
            return self.mmlu(body)
        seed = body.get("seed") or 0
        if first in self.gpqa:  # right when item number + seed is even
            n, letter = self.gpqa[first]
            return Reply(completion(f"Answer: {letter if (n + seed) % 2 == 0 else ('A' if letter != 'A' else 'B')}"))
        if (first, seed) in self.ifbench:
            return Reply(completion(self.ifbench[(first, seed)]))
        for problem, answer in self.aime.items():
            if problem in first:  # right on seed 0, wrong on seed 1
                return Reply(completion(f"\\boxed{{{answer if body.get('seed') == 0 else answer + '1'}}}"))
        return Reply({"error": {"message": "the scripted server does not know this request"}}, status=400)

    def scicode_answer(self, body: dict, prompt: str) -> Reply:
        next_step = prompt.split(NEXT_STEP, 1)[1]
        step = next(s for header, s in self.scicode.items() if header in next_step)
        code = step.ground_truth_code if (body.get("seed") or 0) == 0 else "def broken(*arg):\n    return 0.0"
        return Reply(completion(f"```python\n{code}\n```"))


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    shared = shared_data_dir()
    needed = ["gpqa/gpqa_diamond.csv", "aime2025/test.jsonl", "ifbench/IFBench_test.jsonl", "scicode/problems_dev.jsonl", "bfcl/v4", "nltk_data"]
    absent = [n for n in needed if not (shared / n).exists()]
    if absent:
        pytest.skip(f"needs the real benchmark data in {shared} (set EVALS_SHARED_DATA): {', '.join(absent)} absent")
    root = tmp_path_factory.mktemp("every-benchmark")
    data = root / "data"
    data.mkdir()
    (data / "mmlu_pro").symlink_to(FIXTURE_DATA / "mmlu_pro")
    for name in ("gpqa", "aime2025"):
        (data / name).symlink_to(shared / name)
    # IFBench: reference rows with the responses whose verdicts the reference produced (one per repeat)
    cases = _fixture_cases()
    ifbench_rows, ifbench_answers = [], {}
    for target, labels in PICKS.items():
        first_case = cases[f"{target}/{labels[0]}"]
        prompt = f"Test prompt for key {first_case['key']} ({target}). Follow the instructions."
        ifbench_rows.append({"key": first_case["key"], "prompt": prompt, "instruction_id_list": first_case["instruction_id_list"], "kwargs": first_case["kwargs"]})
        for repeat, label in enumerate(labels):
            ifbench_answers[(prompt, repeat)] = cases[f"{target}/{label}"]["response"]
    ifbench_file = root / "ifbench_rows.jsonl"
    ifbench_file.write_text("".join(json.dumps(row) + "\n" for row in ifbench_rows))
    write_hub_dir(data / "livecodebench")
    synthetic.write_jsonl(data / "hle" / "test.jsonl", synthetic.rows())
    bfcl_small_data_dir(data)
    # SciCode: a few dev problems and their targets
    from evals.scicode.data import find_split_files, load_problems

    rows = {json.loads(line)["problem_id"]: line for line in (shared / "scicode" / "problems_dev.jsonl").read_text().splitlines() if line.strip()}
    (data / "scicode").mkdir()
    (data / "scicode" / "problems_dev.jsonl").write_text("".join(rows[p] + "\n" for p in BUILT_PROBLEMS))
    targets_dir = Path(tempfile.mkdtemp(prefix="shards-scicode-"))  # outside pytest's 0700 folders
    targets = targets_dir / "test_data.h5"
    subprocess.run([sys.executable, "-m", "tests.scicode.build_targets", str(shared / "scicode" / "problems_dev.jsonl"), str(targets), *BUILT_PROBLEMS],
                   cwd=REPO, check=True, capture_output=True, timeout=300)
    os.chmod(targets_dir, 0o755)
    os.chmod(targets, 0o644)
    problems, _ = load_problems(find_split_files(data / "scicode", "dev"))
    steps = {step.function_header: step for p in problems for step in p.steps}
    bfcl_items = [it for name in SINGLE_TURN for it in load_category(data / "bfcl" / "v4", name, "v4")]
    from evals.aime2025.data import load_aime

    from evals.gpqa.data import load_gpqa
    from evals.gpqa.prompt import build_request as gpqa_request

    aime = {item.problem: str(item.expected_answer) for item in load_aime(data).items}
    gpqa = {gpqa_request(item).messages[0]["content"]: (n, item.answer) for n, item in enumerate(load_gpqa(data).items)}
    handler = Scripted(bfcl_plan(bfcl_items), steps, aime, gpqa, ifbench_answers)
    bfcl_options = {"categories": list(SINGLE_TURN)}
    judge = {"model": "judge", "api_key_env": None, "parallelism": 2, "max_retries": 0}
    config = {
        "endpoint": {"model": "loopback-model", "api_key_env": None},
        "defaults": {"parallelism": 8, "max_retries": 0, "repeats": REPEATS},
        "run": {"limit": LIMIT},
        "tasks": {
            "livecodebench": {"options": {"split": "test_v5_2407_2412", "timeout_s": 2}},
            "scicode": {"options": {"split": "dev", "targets_path": str(targets)}},
            "ifbench": {"options": {"source": "file", "path": str(ifbench_file), "allow_download": False}},
            "hle": {"options": {"calibration_bin_size": 2, "judge_attempts": 2}, "judge": judge},
            "bfcl_v3": {"options": bfcl_options},
            "bfcl_v4": {"options": bfcl_options},
        },
    }
    env = {"NLTK_DATA": str(shared / "nltk_data"), "XDG_CACHE_HOME": str(root / "xdg")}
    yield root, data, handler, config, env
    shutil.rmtree(targets_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def single(world, tmp_path_factory):
    """The unsharded run of every benchmark (it fills the cache the shards read), and its server."""
    root, data, handler, config, env = world
    tmp = tmp_path_factory.mktemp("every-benchmark-runs")
    with LoopbackServer(handler) as server:
        config = json.loads(json.dumps(config))
        config["endpoint"]["url"] = server.url
        config["tasks"]["hle"]["judge"]["url"] = server.url
        config_path = tmp / "config.yaml"
        config_path.write_text(yaml.safe_dump(config))
        args = ["--config", str(config_path), "--data-dir", str(data)]
        run = run_evals(args, tmp / "single", run_id="single", env=env, timeout=600)
        assert run.returncode in (0, 6), run.stdout[-4000:] + run.stderr[-4000:]
        for task in TASKS:  # every benchmark scored some cases right and some wrong: the metrics are not trivial
            cases = run.results(task)["cases"]
            assert cases["total"] == LIMIT * REPEATS and cases["errors"] == 0, (task, cases)
            assert 0 < cases["correct"] < cases["scored"], (task, cases)
        yield SimpleNamespace(run=run, args=args, env=env, tmp=tmp, server=server, sent=len(server.requests))


def test_one_two_and_four_shards_give_a_single_runs_metrics(single):
    seed, args, env, tmp = single.tmp / "single" / "cache", single.args, single.env, single.tmp
    for count in (1, 2, 4):
        if count == 1:  # an unsharded run is the one shard of one
            merged_dir = tmp / "n1" / "merged"
            merged = run_merge(merged_dir, [tmp / "single" / "single"])
            assert merged.returncode == single.run.returncode, merged.stdout + merged.stderr
            for task in TASKS:
                got = json.loads((merged_dir / task / "results.json").read_text())
                assert comparable(got) == comparable(single.run.results(task)), task
            continue
        folders = []
        for k in range(count):
            out = tmp / f"n{count}" / f"shard-{k}"
            run = run_evals([*args, "--shard", f"{k}/{count}", "--seed-cache", str(seed)], out, run_id="run", env=env, timeout=600)
            assert run.returncode in (0, 6), run.stdout[-4000:] + run.stderr[-4000:]
            folders.append(out / "run")
        merged_dir = tmp / f"n{count}" / "merged"
        merged = run_merge(merged_dir, folders)
        assert merged.returncode == single.run.returncode, merged.stdout + merged.stderr
        for task in TASKS:
            got = json.loads((merged_dir / task / "results.json").read_text())
            assert comparable(got, seeded=True) == comparable(single.run.results(task), seeded=True), f"{task} with {count} shard(s)"
    assert len(single.server.requests) == single.sent  # the shards were scored from the cache alone


def test_gate_names_are_what_every_benchmark_reports(single):
    """The gate's table of scores and metrics (fixtures/gate_names.py) against each benchmark's real results.json.

    Every score a benchmark reports can be named in a gate row and the table names none it does not report;
    every (score, metric) a row may name has a value, and a `min: 0` row on it holds; every comparable one
    compares item by item, and the item-level machinery gives the value results.json reports (a run
    against itself: GO, difference 0). A score renamed in a benchmark fails here, not in a release gate.
    """
    folder = open_run(single.tmp / "single" / "single")
    results = {task: single.run.results(task) for task in TASKS}
    selected = {task: REPEATS for task in TASKS}
    absolute, relative = [], []
    for task, res in results.items():
        names = gate_names.allowed(task, REPEATS)
        assert set(res["metrics"]) == {"accuracy", *gate_names.CASE_SCORES.get(task, ())}, task
        for score, block in res["metrics"].items():
            numeric = {key for key, v in block.items() if isinstance(v, (int, float)) and key != "items"}
            assert numeric <= names[score], (task, score, numeric - names[score])
        head = res["headline"]
        assert gate_names.value(task, head["score"] or "accuracy", head["metric"], res) == pytest.approx(head["value"]), task
        for score, metric_names in sorted(names.items()):
            for metric in sorted(metric_names):
                found = gate_names.value(task, score, metric, res)
                assert found is not None, f"{task}: the gate accepts score {score} metric {metric}, results.json has no value for it"
                absolute.append(GateRule(task, metric=metric, score=score, min=0.0, max_error_rate=1.0))
                if gate_names.comparable(task, score, metric):
                    relative.append((GateRule(task, metric=metric, score=score, max_drop=1.0, max_error_rate=1.0), found))
    gate = GateFile(absolute, path="absolute")
    assert check_gate(gate, selected) is None
    assert all(o.decision == "GO" for o in evaluate_rows(gate, results)), [o.lines for o in evaluate_rows(gate, results) if o.decision != "GO"]
    gate = GateFile([rule for rule, _ in relative], path="relative")
    assert check_gate(gate, selected, set(TASKS)) is None
    doc = compare_runs(folder, folder, gate)
    for (rule, reported), row in zip(relative, doc["gate"]):
        assert row["decision"] == "GO", (row["name"], row["lines"])
        q = rule_quantity(rule, results[rule.task])
        entry = _compare(q, folder, folder, Items(), 1.0)
        assert entry.get("note") is None and entry["difference"] == 0, (row["name"], entry)
        assert entry["candidate"] == pytest.approx(reported, abs=1e-3), f"{row['name']}: item by item {entry['candidate']}, results.json {reported}"
