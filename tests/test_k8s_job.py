"""deploy/k8s/evals-indexed-job.yaml: an Indexed Job of shards and a merge Job that follow the shard contract.

The file is checked by structure, by kubectl's client-side dry run where kubectl is installed (against
a loopback server that answers only discovery: the dry run needs one), and its two shell commands are
run as the pods would run them (with the shared volume a temporary folder and the loopback endpoint).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from fixtures.shards import resolve_shard
from tests.support.evalrun import REPO, write_config
from tests.support.kubeapi import KubeDiscoveryServer
from tests.test_mmlu_pro import FIXTURE_DATA
from tests.test_shards import ANSWERS, scripted

MANIFEST = REPO / "deploy" / "k8s" / "evals-indexed-job.yaml"


def documents():
    docs = list(yaml.safe_load_all(MANIFEST.read_text()))
    by_name = {d["metadata"]["name"]: d for d in docs}
    return by_name["evals-shared"], by_name["evals-shards"], by_name["evals-merge"]


def env_of(container):
    return {e["name"]: e.get("value") for e in container["env"]}


def test_the_file_names_the_shard_contract():
    claim, shards, merge = documents()
    assert claim["kind"] == "PersistentVolumeClaim" and claim["spec"]["accessModes"] == ["ReadWriteMany"]
    spec = shards["spec"]
    assert shards["kind"] == "Job" and shards["apiVersion"] == "batch/v1"
    assert spec["completionMode"] == "Indexed" and spec["backoffLimitPerIndex"] >= 1
    pod = spec["template"]["spec"]
    assert pod["restartPolicy"] == "Never"  # required with backoffLimitPerIndex
    (container,) = pod["containers"]
    env = env_of(container)
    assert int(env["EVALS_SHARD_COUNT"]) == spec["completions"]
    # every index K maps to shard K of N, as the harness reads it
    for k in range(spec["completions"]):
        shard = resolve_shard(None, None, {"JOB_COMPLETION_INDEX": str(k), "EVALS_SHARD_COUNT": env["EVALS_SHARD_COUNT"]})
        assert (shard.index, shard.count) == (k, spec["completions"])
    (merge_container,) = merge["spec"]["template"]["spec"]["containers"]
    merge_env = env_of(merge_container)
    assert merge_env["EVALS_SHARD_COUNT"] == env["EVALS_SHARD_COUNT"] and merge_env["EVALS_RUN_ID"] == env["EVALS_RUN_ID"]
    claims = {
        name: {v["persistentVolumeClaim"]["claimName"] for v in job["spec"]["template"]["spec"]["volumes"]}
        for name, job in (("shards", shards), ("merge", merge))
    }
    assert claims == {"shards": {"evals-shared"}, "merge": {"evals-shared"}}
    mounts = {m["mountPath"] for c in (container, merge_container) for m in c["volumeMounts"]}
    assert mounts == {env["EVALS_SHARED"]}


def test_kubectl_client_dry_run_accepts_the_file(tmp_path):
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed (it is not a Debian package of the suite's tests); the structure is checked above")
    (tmp_path / "kubeconfig").write_text("apiVersion: v1\nkind: Config\n")
    env = {**os.environ, "KUBECONFIG": str(tmp_path / "kubeconfig"), "HOME": str(tmp_path)}
    with KubeDiscoveryServer() as api:
        done = subprocess.run([kubectl, "--server", api.url, "--cache-dir", str(tmp_path / "cache"), "apply", "--dry-run=client",
                               "--validate=false", "-o", "json", "-f", str(MANIFEST)], env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stdout + done.stderr
        asked = list(api.paths)
    listed = json.loads(done.stdout)
    objects = listed["items"] if listed.get("kind") == "List" else [listed]
    assert [(o["kind"], o["metadata"]["name"]) for o in objects] == [
        ("PersistentVolumeClaim", "evals-shared"), ("Job", "evals-shards"), ("Job", "evals-merge")]
    shards = objects[1]["spec"]
    assert shards["completionMode"] == "Indexed" and shards["backoffLimitPerIndex"] >= 1
    assert "/apis/batch/v1/namespaces/default/jobs/evals-shards" in asked  # kubectl really mapped the kinds through discovery


def test_the_pods_commands_shard_and_merge(loopback, tmp_path):
    """Run the shard container's command for each index and then the merge container's, as the pods would."""
    _, shards, merge = documents()
    (shard_container,) = shards["spec"]["template"]["spec"]["containers"]
    (merge_container,) = merge["spec"]["template"]["spec"]["containers"]
    loopback.handler = scripted
    config = write_config(tmp_path / "c.yaml", loopback.url)
    count = 2  # the file says 4; two keep the test short and exercise the same commands
    base_env = {
        **os.environ,
        "PATH": f"{os.path.dirname(sys.executable)}:{os.environ['PATH']}",
        "EVALS_SHARED": str(tmp_path / "shared"),
        "EVALS_RUN_ID": "k8s-run",
        "EVALS_SHARD_COUNT": str(count),
    }
    base_env.pop("PYTEST_ADDOPTS", None)
    for k in range(count):
        env = {**base_env, "JOB_COMPLETION_INDEX": str(k),
               "EVALS_ARGS": f"-q -k mmlu_pro --config {config} --data-dir {FIXTURE_DATA}"}
        done = subprocess.run([*shard_container["command"], *shard_container["args"]], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    done = subprocess.run([*merge_container["command"], *merge_container["args"]], cwd=REPO,
                          env={**base_env, "EVALS_WAIT_SECONDS": "0"}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    merged = tmp_path / "shared" / "k8s-run" / "merged"
    manifest = json.loads((merged / "manifest.json").read_text())
    assert [s["index"] for s in manifest["merged_from"]] == [0, 1]
    assert len(manifest["tasks"]["mmlu_pro"]["items"]) == len(ANSWERS)
    assert len(loopback.requests) == len(ANSWERS)
    results = json.loads((merged / "mmlu_pro" / "results.json").read_text())
    assert results["cases"]["total"] == len(ANSWERS) and results["cases"]["errors"] == 0
