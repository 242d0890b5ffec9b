"""Shards: `--shard K/N` (or an engine's index variable) selects items by a stable hash; `evals merge`
unions the shards and recomputes everything, giving a single run's results.json."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from fixtures.shards import ShardError, parse_shard, resolve_shard, shard_of
from tests.support.evalrun import run_evals, write_config
from tests.support.shardrun import comparable, run_merge
from tests.test_mmlu_pro import FIXTURE_DATA, fixture_items
from tests.support.loopback import Reply, completion

REPEATS = 2


# --- the shard rule -------------------------------------------------------------------------------


def test_shard_of_is_a_stable_hash_of_task_and_item():
    # sha256("mmlu_pro\0" "70")[:8] as a big-endian integer, modulo N: fixed forever (shards of one run may
    # be made on different machines and Python versions)
    # (checked with `printf 'mmlu_pro\00070' | sha256sum`, its first 16 hex digits modulo 1, 2, 3, 4, 7)
    assert [shard_of("mmlu_pro", "70", n) for n in (1, 2, 3, 4, 7)] == [0, 1, 2, 3, 1]
    assert shard_of("gpqa", "70", 4) != shard_of("mmlu_pro", "70", 4) or shard_of("gpqa", "71", 4) != shard_of("mmlu_pro", "71", 4)
    counts = Counter(shard_of("mmlu_pro", str(i), 4) for i in range(4000))
    assert set(counts) == {0, 1, 2, 3} and min(counts.values()) > 900  # about a quarter each


def test_shard_flag_and_engine_variables():
    assert parse_shard("3/4") == resolve_shard("3/4", None, {})
    assert (parse_shard("3/4").index, parse_shard("3/4").count) == (3, 4)
    for bad in ("4/4", "-1/4", "1", "a/b", "0/0"):
        with pytest.raises(ShardError, match="--shard"):
            parse_shard(bad)
    assert resolve_shard(None, None, {}) is None
    slurm = resolve_shard(None, None, {"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "0"})
    assert (slurm.index, slurm.count, slurm.source) == (2, 4, "slurm")
    one_based = resolve_shard(None, None, {"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "4"})
    assert (one_based.index, one_based.count) == (3, 4)
    stepped = resolve_shard(None, None, {"SLURM_ARRAY_TASK_ID": "6", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "6", "SLURM_ARRAY_TASK_STEP": "2"})
    assert (stepped.index, stepped.count) == (3, 4)
    rerun = resolve_shard(None, None, {"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "2", "SLURM_ARRAY_TASK_COUNT": "1", "EVALS_SHARD_COUNT": "4"})
    assert (rerun.index, rerun.count) == (2, 4)  # one index resubmitted alone keeps its place
    assert resolve_shard("0/2", None, {"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "2"}).index == 0  # the flag wins
    k8s = resolve_shard(None, 5, {"JOB_COMPLETION_INDEX": "4"})
    assert (k8s.index, k8s.count, k8s.source) == (4, 5, "kubernetes")
    assert resolve_shard(None, None, {"JOB_COMPLETION_INDEX": "1", "EVALS_SHARD_COUNT": "3"}).count == 3
    with pytest.raises(ShardError, match="--shard-count N or set EVALS_SHARD_COUNT"):
        resolve_shard(None, None, {"JOB_COMPLETION_INDEX": "1"})
    with pytest.raises(ShardError, match="0 <= K < 3"):
        resolve_shard(None, 3, {"JOB_COMPLETION_INDEX": "3"})
    with pytest.raises(ShardError, match="SLURM_ARRAY_TASK_COUNT"):
        resolve_shard(None, None, {"SLURM_ARRAY_TASK_ID": "1"})
    with pytest.raises(ShardError, match="JOB_COMPLETION_INDEX"):
        resolve_shard(None, 3, {})
    assert resolve_shard(None, None, {"EVALS_SHARD_COUNT": "3"}) is None  # a count alone, outside a job array


# --- whole runs -----------------------------------------------------------------------------------


def scripted(body):
    """Deterministic per (item, seed): some right, some wrong, some without an answer."""
    prompt = body["messages"][0]["content"]
    item = ANSWERS[prompt]
    kind = (item[0] + body["seed"]) % 3
    if kind == 0:
        return Reply(completion(f"Answer: \\boxed{{{item[1]}}}", usage={"prompt_tokens": 50, "completion_tokens": 5}))
    if kind == 1:
        return Reply(completion("Answer: \\boxed{A}" if item[1] != "A" else "Answer: \\boxed{B}"))
    return Reply(completion("no letter"))


def _answers():
    from evals.mmlu_pro.prompt import build_request

    return {build_request(item).messages[0]["content"]: (n, item.answer) for n, item in enumerate(fixture_items())}


ANSWERS = _answers()


@pytest.fixture
def setup(loopback, tmp_path):
    loopback.handler = scripted
    config = write_config(tmp_path / "c.yaml", loopback.url, {"mmlu_pro": {"repeats": REPEATS}})
    return ["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA)]


def test_shards_merged_equal_a_single_run(loopback, setup, tmp_path):
    single = run_evals(setup, tmp_path / "single", run_id="single")
    assert single.returncode == 0, single.stdout + single.stderr
    sent_single = len(loopback.requests)
    assert sent_single == len(ANSWERS) * REPEATS
    loopback.requests.clear()

    # shard 0 from --shard, shard 1 from Slurm's variables, shard 2 from a Kubernetes Indexed Job's
    ways = [
        (["--shard", "0/3"], {}),
        ([], {"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "0"}),
        (["-n", "2"], {"JOB_COMPLETION_INDEX": "2", "EVALS_SHARD_COUNT": "3"}),  # and under xdist
    ]
    folders = []
    owned: list[set[str]] = []
    for k, (flags, env) in enumerate(ways):
        run = run_evals([*setup, *flags], tmp_path / f"shard-{k}", run_id="run", env=env)
        assert run.returncode == 0, run.stdout + run.stderr
        folder = tmp_path / f"shard-{k}" / "run"
        manifest = json.loads((folder / "manifest.json").read_text())
        assert manifest["shard"]["index"] == k and manifest["shard"]["count"] == 3
        items = manifest["tasks"]["mmlu_pro"]["items"]
        assert items and all(shard_of("mmlu_pro", i, 3) == k for i in items)
        assert manifest["tasks"]["mmlu_pro"]["cases"] == len(items) * REPEATS
        samples = run.samples("mmlu_pro")
        assert Counter(s["item"] for s in samples) == Counter({i: REPEATS for i in items})  # all repeats together
        owned.append(set(items))
        folders.append(folder)
    assert set().union(*owned) == {item.id for item in fixture_items()} and sum(map(len, owned)) == len(ANSWERS)
    assert len(loopback.requests) == sent_single  # each shard sent its own cases once (fresh caches)

    merged = run_merge(tmp_path / "merged", folders)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    out = tmp_path / "merged"
    want = single.results("mmlu_pro")
    got = json.loads((out / "mmlu_pro" / "results.json").read_text())
    assert comparable(got) == comparable(want)
    assert got["usage"] == want["usage"]
    # the merged folder is a single run's: same samples in the same order, a summary, a manifest written last
    def cases(lines):
        return [(s["index"], s["item"], s["repeat"], s["verdict"]) for s in map(json.loads, lines)]

    merged_lines = (out / "mmlu_pro" / "samples.jsonl").read_text().splitlines()
    single_lines = (tmp_path / "single" / "single" / "mmlu_pro" / "samples.jsonl").read_text().splitlines()
    assert cases(merged_lines) == cases(single_lines)
    manifest = json.loads((out / "manifest.json").read_text())
    single_manifest = json.loads((tmp_path / "single" / "single" / "manifest.json").read_text())
    assert manifest["shard"] is None and manifest["complete"] is True
    assert manifest["tasks"] == single_manifest["tasks"]
    assert manifest["config_hash"] == single_manifest["config_hash"]
    assert [s["index"] for s in manifest["merged_from"]] == [0, 1, 2]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["tasks"]["mmlu_pro"]["headline"] == want["headline"]

    # a missing shard: nothing written, the missing one named, non-zero exit
    partial = run_merge(tmp_path / "partial", folders[:2])
    assert partial.returncode == 3
    assert "missing shard(s) 2/3" in partial.stderr
    assert not (tmp_path / "partial").exists()

    # a shard that did not finish (no manifest): named, nothing written
    (folders[1] / "manifest.json").rename(folders[1] / "manifest.json.bak")
    unfinished = run_merge(tmp_path / "unfinished", folders)
    assert unfinished.returncode == 3 and "did not finish" in unfinished.stderr and str(folders[1]) in unfinished.stderr
    assert not (tmp_path / "unfinished").exists()
    (folders[1] / "manifest.json.bak").rename(folders[1] / "manifest.json")

    # a lost case in one shard's samples: incomplete, naming the case
    samples_path = folders[0] / "mmlu_pro" / "samples.jsonl"
    lines = samples_path.read_text().splitlines()
    lost = json.loads(lines[-1])
    samples_path.write_text("\n".join(lines[:-1]) + "\n")
    missing = run_merge(tmp_path / "missing", folders)
    assert missing.returncode == 3 and f"{lost['item']}-r{lost['repeat']}" in missing.stderr
    assert not (tmp_path / "missing").exists()

    # the same shard twice
    twice = run_merge(tmp_path / "twice", [folders[0], folders[0], folders[1]])
    assert twice.returncode == 4 and "given twice" in twice.stderr


def test_shards_that_disagree_are_refused(loopback, setup, tmp_path):
    a = run_evals([*setup, "--shard", "0/2"], tmp_path / "a", run_id="run")
    b = run_evals([*setup, "--shard", "1/2", "--set", "defaults.temperature=0.5"], tmp_path / "b", run_id="run")
    assert a.returncode == 0 and b.returncode == 0, a.stdout + b.stdout
    merged = run_merge(tmp_path / "merged", [tmp_path / "a" / "run", tmp_path / "b" / "run"])
    assert merged.returncode == 4, merged.stdout + merged.stderr
    assert "defaults.temperature: None vs 0.5" in merged.stderr
    assert not (tmp_path / "merged").exists()


def test_seed_cache_is_read_before_sending(loopback, setup, tmp_path):
    first = run_evals([*setup, "--shard", "1/2"], tmp_path / "first", run_id="run")
    assert first.returncode == 0, first.stdout + first.stderr
    sent = len(loopback.requests)
    seed = tmp_path / "first" / "cache"
    before = (seed / "responses.sqlite").read_bytes()
    again = run_evals([*setup, "--shard", "1/2", "--seed-cache", str(seed)], tmp_path / "second", run_id="run")
    assert again.returncode == 0, again.stdout + again.stderr
    assert len(loopback.requests) == sent  # nothing sent again
    assert (seed / "responses.sqlite").read_bytes() == before  # the seed is only read
    assert comparable(again.results("mmlu_pro")) == comparable(first.results("mmlu_pro"))
    assert again.results("mmlu_pro")["usage"]["cached"] == again.results("mmlu_pro")["cases"]["total"]
    # the other shard's items are not in the seed: they are sent
    other = run_evals([*setup, "--shard", "0/2", "--seed-cache", str(seed / "responses.sqlite")], tmp_path / "third", run_id="run")
    assert other.returncode == 0 and len(loopback.requests) == sent + other.results("mmlu_pro")["cases"]["total"]
    bad = run_evals([*setup, "--seed-cache", str(tmp_path / "nowhere")], tmp_path / "bad", run_id="run")
    assert bad.returncode == 4 and "--seed-cache" in bad.stderr + bad.stdout


def test_a_shard_whose_dataset_failed_makes_the_merge_incomplete(loopback, setup, tmp_path):
    good = run_evals([*setup, "--shard", "0/2"], tmp_path / "a", run_id="run")
    broken = run_evals(["-k", "mmlu_pro", "--config", setup[3], "--data-dir", str(tmp_path / "nowhere"), "--shard", "1/2"],
                       tmp_path / "b", run_id="run")
    assert good.returncode == 0 and broken.returncode == 6, broken.stdout + broken.stderr
    merged = run_merge(tmp_path / "merged", [tmp_path / "a" / "run", tmp_path / "b" / "run"])
    assert merged.returncode == 3, merged.stdout + merged.stderr
    assert "could not load mmlu_pro's dataset" in merged.stderr and not (tmp_path / "merged").exists()
