"""Shards: `--shard K/N` (or an engine's index variable) selects items by a stable hash; `evals merge`
unions the shards and recomputes everything, giving a single run's results.json."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from types import SimpleNamespace

import pytest

from fixtures.shards import ShardError, parse_shard, resolve_shard, shard_of
from tests.support.evalrun import run_evals, write_config
from tests.support.shardrun import comparable, run_merge
from tests.test_mmlu_pro import FIXTURE_DATA, fixture_items
from tests.support.loopback import LoopbackServer, Reply, completion

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
    with pytest.raises(ShardError, match="not one range"):  # --array=0,2,5
        resolve_shard(None, None, {"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "5"})
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


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    """One single run and its three shards (by --shard, by Slurm's variables, by a Kubernetes index under -n 2)."""
    root = tmp_path_factory.mktemp("shards")
    with LoopbackServer(scripted) as server:
        config = write_config(root / "c.yaml", server.url, {"mmlu_pro": {"repeats": REPEATS}})
        setup = ["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA)]
        single = run_evals(setup, root / "single", run_id="single")
        assert single.returncode == 0, single.stdout + single.stderr
        sent_single = len(server.requests)
        ways = [
            (["--shard", "0/3"], {}),
            ([], {"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "0"}),
            (["-n", "2"], {"JOB_COMPLETION_INDEX": "2", "EVALS_SHARD_COUNT": "3"}),
        ]
        shards = []
        for k, (flags, env) in enumerate(ways):
            run = run_evals([*setup, *flags], root / f"shard-{k}", run_id="run", env=env)
            assert run.returncode == 0, run.stdout + run.stderr
            shards.append(run)
        sent_shards = len(server.requests) - sent_single
        yield SimpleNamespace(root=root, setup=setup, single=single, shards=shards, folders=[root / f"shard-{k}" / "run" for k in range(3)],
                              sent_single=sent_single, sent_shards=sent_shards, server=server)


def test_shards_merged_equal_a_single_run(sharded, tmp_path):
    single, folders = sharded.single, sharded.folders
    assert sharded.sent_single == len(ANSWERS) * REPEATS
    owned: list[set[str]] = []
    for k, (run, folder) in enumerate(zip(sharded.shards, folders)):
        manifest = json.loads((folder / "manifest.json").read_text())
        assert manifest["shard"]["index"] == k and manifest["shard"]["count"] == 3
        assert manifest["shard"]["source"] == ["--shard", "slurm", "kubernetes"][k]
        items = manifest["tasks"]["mmlu_pro"]["items"]
        assert items and all(shard_of("mmlu_pro", i, 3) == k for i in items)
        assert manifest["tasks"]["mmlu_pro"]["cases"] == len(items) * REPEATS
        samples = run.samples("mmlu_pro")
        assert Counter(s["item"] for s in samples) == Counter({i: REPEATS for i in items})  # all repeats together
        owned.append(set(items))
    assert set().union(*owned) == {item.id for item in fixture_items()} and sum(map(len, owned)) == len(ANSWERS)
    assert sharded.sent_shards == sharded.sent_single  # each shard sent its own cases once (fresh caches)

    out = tmp_path / "merged"
    merged = run_merge(out, folders)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    want = single.results("mmlu_pro")
    got = json.loads((out / "mmlu_pro" / "results.json").read_text())
    assert comparable(got) == comparable(want)
    assert got["usage"] == want["usage"]

    # the merged folder is a single run's: same samples in the same order, a summary, a manifest written last
    def cases(lines):
        return [(s["index"], s["item"], s["repeat"], s["verdict"]) for s in map(json.loads, lines)]

    merged_lines = (out / "mmlu_pro" / "samples.jsonl").read_text().splitlines()
    single_lines = (sharded.root / "single" / "single" / "mmlu_pro" / "samples.jsonl").read_text().splitlines()
    assert cases(merged_lines) == cases(single_lines)
    manifest = json.loads((out / "manifest.json").read_text())
    single_manifest = json.loads((sharded.root / "single" / "single" / "manifest.json").read_text())
    assert manifest["shard"] is None and manifest["complete"] is True
    assert manifest["tasks"] == single_manifest["tasks"]
    assert manifest["config_hash"] == single_manifest["config_hash"]
    assert [s["index"] for s in manifest["merged_from"]] == [0, 1, 2]
    assert (out / "report.html").is_file()  # the reports too, from the merged folder
    summary = json.loads((out / "summary.json").read_text())
    assert summary["tasks"]["mmlu_pro"]["headline"] == want["headline"]


def test_incomplete_merges_write_nothing_and_say_what_is_missing(sharded, tmp_path):
    folders = [tmp_path / f"shard-{k}" for k in range(3)]
    for source, copy in zip(sharded.folders, folders):
        shutil.copytree(source, copy)
    partial = run_merge(tmp_path / "partial", folders[:2])
    assert partial.returncode == 3 and "missing shard(s) 2/3" in partial.stderr
    assert not (tmp_path / "partial").exists()

    (folders[1] / "manifest.json").rename(folders[1] / "manifest.json.bak")  # a shard that did not finish
    unfinished = run_merge(tmp_path / "unfinished", folders)
    assert unfinished.returncode == 3 and "did not finish" in unfinished.stderr and str(folders[1]) in unfinished.stderr
    assert not (tmp_path / "unfinished").exists()
    (folders[1] / "manifest.json.bak").rename(folders[1] / "manifest.json")

    samples_path = folders[0] / "mmlu_pro" / "samples.jsonl"  # a case lost from one shard's samples
    lines = samples_path.read_text().splitlines()
    lost = json.loads(lines[-1])
    samples_path.write_text("\n".join(lines[:-1]) + "\n")
    missing = run_merge(tmp_path / "missing", folders)
    assert missing.returncode == 3 and f"{lost['item']}-r{lost['repeat']}" in missing.stderr
    assert not (tmp_path / "missing").exists()


def test_an_item_deselected_in_one_shard_makes_the_merge_incomplete(sharded, tmp_path):
    """A shard rerun with other selection arguments (here --deselect of one item's cases) lists only what it ran:
    the merge finds the item in no shard, names its place in the dataset, writes nothing and exits 3."""
    owned = json.loads((sharded.folders[1] / "manifest.json").read_text())["tasks"]["mmlu_pro"]["items"]
    victim = owned[0]
    place = [item.id for item in fixture_items()].index(victim)
    deselect = [a for r in range(REPEATS) for a in ("--deselect", f"evals/mmlu_pro/test_mmlu_pro.py::test_mmlu_pro[{victim}-r{r}]")]
    rerun = run_evals([*sharded.setup, "--shard", "1/3", *deselect], tmp_path / "b", run_id="run")
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    manifest = json.loads((tmp_path / "b" / "run" / "manifest.json").read_text())
    assert manifest["tasks"]["mmlu_pro"]["items"] == owned[1:]  # the deselection really happened
    merged = run_merge(tmp_path / "merged", [sharded.folders[0], tmp_path / "b" / "run", sharded.folders[2]])
    assert merged.returncode == 3, merged.stdout + merged.stderr
    assert f"mmlu_pro: 1 of its {len(ANSWERS)} selected items are in no shard" in merged.stderr and f": {place}" in merged.stderr
    assert not (tmp_path / "merged").exists()


def test_shards_that_disagree_are_refused(sharded, tmp_path):
    twice = run_merge(tmp_path / "twice", [sharded.folders[0], sharded.folders[0], sharded.folders[1]])
    assert twice.returncode == 4 and "given twice" in twice.stderr
    other = tmp_path / "other"
    shutil.copytree(sharded.folders[1], other)
    manifest = json.loads((other / "manifest.json").read_text())
    manifest["config"]["defaults"]["temperature"] = 0.5  # as `--set defaults.temperature=0.5` would have made it
    (other / "manifest.json").write_text(json.dumps(manifest))
    merged = run_merge(tmp_path / "merged", [sharded.folders[0], other, sharded.folders[2]])
    assert merged.returncode == 4, merged.stdout + merged.stderr
    assert "defaults.temperature: None vs 0.5" in merged.stderr
    assert not (tmp_path / "merged").exists()


def test_a_shard_whose_dataset_failed_makes_the_merge_incomplete(sharded, tmp_path):
    args = [a if a != str(FIXTURE_DATA) else str(tmp_path / "nowhere") for a in sharded.setup]
    broken = run_evals([*args, "--shard", "1/3"], tmp_path / "b", run_id="run")
    assert broken.returncode == 6, broken.stdout + broken.stderr
    merged = run_merge(tmp_path / "merged", [sharded.folders[0], tmp_path / "b" / "run", sharded.folders[2]])
    assert merged.returncode == 3, merged.stdout + merged.stderr
    assert "could not load mmlu_pro's dataset" in merged.stderr and not (tmp_path / "merged").exists()


def test_seed_cache_is_read_before_sending(sharded, tmp_path):
    server, setup = sharded.server, sharded.setup
    sent = len(server.requests)
    seed = sharded.root / "single" / "cache"
    before = (seed / "responses.sqlite").read_bytes()
    again = run_evals([*setup, "--shard", "1/3", "--seed-cache", str(seed)], tmp_path / "again", run_id="run")
    assert again.returncode == 0, again.stdout + again.stderr
    assert len(server.requests) == sent  # nothing sent again
    assert (seed / "responses.sqlite").read_bytes() == before  # the seed is only read
    assert comparable(again.results("mmlu_pro"), seeded=True) == comparable(sharded.shards[1].results("mmlu_pro"), seeded=True)
    assert again.results("mmlu_pro")["usage"]["cached"] == again.results("mmlu_pro")["cases"]["total"]
    # shard 1's cache holds none of shard 0's items: they are sent
    other_seed = sharded.root / "shard-1" / "cache" / "responses.sqlite"
    other = run_evals([*setup, "--shard", "0/3", "--seed-cache", str(other_seed)], tmp_path / "other", run_id="run")
    assert other.returncode == 0 and len(server.requests) == sent + other.results("mmlu_pro")["cases"]["total"]
    bad = run_evals([*setup, "--seed-cache", str(tmp_path / "nowhere")], tmp_path / "bad", run_id="run")
    assert bad.returncode == 4 and "--seed-cache" in bad.stderr + bad.stdout
