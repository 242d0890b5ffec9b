"""The shipped Slurm array script on a real (one-node, localhost) Slurm: 4 shards, merged, equal a single run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import slurm, sysdeps
from tests.support.evalrun import REPO, run_evals, write_config
from tests.support.shardrun import comparable, run_merge
from tests.test_mmlu_pro import FIXTURE_DATA
from tests.test_shards import ANSWERS, REPEATS, scripted

SBATCH = REPO / "deploy" / "slurm" / "evals-array.sbatch"


@pytest.fixture
def cluster(tmp_path_factory):
    ok, reason = slurm.available()
    sysdeps.require(ok, reason)
    root = tmp_path_factory.mktemp("slurm")
    cluster = slurm.SlurmCluster(root)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


def test_array_of_four_shards_merges_to_a_single_run(cluster, loopback, tmp_path: Path):
    loopback.handler = scripted
    config = write_config(tmp_path / "c.yaml", loopback.url, {"mmlu_pro": {"repeats": REPEATS}})
    args = ["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA)]
    single = run_evals(args, tmp_path / "single", run_id="single")
    assert single.returncode == 0, single.stdout + single.stderr
    loopback.requests.clear()

    shared = tmp_path / "shared"
    env = {**cluster.env, "EVALS_SHARED": str(shared), "EVALS_RUN_ID": "slurm-run", "EVALS_REPO": str(REPO), "EVALS_PYTHON": sys.executable}
    env.pop("PYTEST_ADDOPTS", None)
    submit = subprocess.run(
        ["sbatch", "--parsable", "--wait", "--array=0-3", f"--output={tmp_path}/job-%a.out", str(SBATCH), *args],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )
    outputs = "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in sorted(tmp_path.glob("job-*.out")))
    assert submit.returncode == 0, submit.stdout + submit.stderr + outputs + cluster.logs()
    assert len(loopback.requests) == len(ANSWERS) * REPEATS  # the four shards together sent each case once

    folders = sorted((shared / "slurm-run" / "shards").glob("*/slurm-run"))
    assert len(folders) == 4, outputs
    for k, folder in enumerate(sorted(folders, key=lambda f: int(f.parent.name))):
        manifest = json.loads((folder / "manifest.json").read_text())
        assert manifest["shard"] == {"index": k, "count": 4, "source": "slurm"}
    merged = run_merge(shared / "slurm-run" / "merged", folders)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    got = json.loads((shared / "slurm-run" / "merged" / "mmlu_pro" / "results.json").read_text())
    assert comparable(got) == comparable(single.results("mmlu_pro"))

    # a shard lost after it answered (preempted while writing its reports): the README's resubmission of that
    # index alone, with the count and run id pinned, is shard 2 of 4 again and resumes from its own cache
    (folders[2] / "manifest.json").unlink()
    incomplete = run_merge(shared / "slurm-run" / "merged-early", folders)
    assert incomplete.returncode == 3 and "did not finish" in incomplete.stderr
    sent = len(loopback.requests)
    rerun = subprocess.run(
        ["sbatch", "--parsable", "--wait", "--array=2", f"--output={tmp_path}/rerun-%a.out", str(SBATCH), *args],
        cwd=tmp_path, env={**env, "EVALS_SHARD_COUNT": "4"}, capture_output=True, text=True, timeout=300,
    )
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr + (tmp_path / "rerun-2.out").read_text()[-3000:] + cluster.logs()
    assert len(loopback.requests) == sent  # nothing sent again
    assert json.loads((folders[2] / "manifest.json").read_text())["shard"] == {"index": 2, "count": 4, "source": "slurm"}
    again = run_merge(shared / "slurm-run" / "merged-again", folders)
    assert again.returncode == 0, again.stdout + again.stderr
    got = json.loads((shared / "slurm-run" / "merged-again" / "mmlu_pro" / "results.json").read_text())
    assert comparable(got, seeded=True) == comparable(single.results("mmlu_pro"), seeded=True)
