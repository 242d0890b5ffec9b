"""Run `pytest evals ...` in a subprocess against a loopback server, as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]


def write_config(path: Path, url: str, tasks: dict[str, Any] | None = None, **defaults: Any) -> Path:
    config = {
        "endpoint": {"url": url, "model": "loopback-model", "api_key_env": None},
        "defaults": {"parallelism": 8, "max_retries": 2, "retry_backoff": 0.01, "retry_backoff_max": 0.05, **defaults},
        "tasks": tasks or {},
    }
    path.write_text(yaml.safe_dump(config))
    return path


@dataclass
class EvalRun:
    returncode: int
    stdout: str
    stderr: str
    output_dir: Path
    run_id: str

    def results(self, task: str) -> dict[str, Any]:
        return json.loads((self.output_dir / self.run_id / task / "results.json").read_text())

    def samples(self, task: str) -> list[dict[str, Any]]:
        lines = (self.output_dir / self.run_id / task / "samples.jsonl").read_text().splitlines()
        return [json.loads(line) for line in lines if line.strip()]


def run_evals(args: list[str], output_dir: Path, run_id: str = "test-run", env: dict[str, str] | None = None, timeout: float = 300) -> EvalRun:
    command = [sys.executable, "-m", "pytest", "evals", "-p", "no:cacheprovider", "-q", "--tb=line",
               "--output-dir", str(output_dir), "--run-id", run_id, *args]
    full_env = {**os.environ, **(env or {})}
    full_env.pop("PYTEST_ADDOPTS", None)
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=full_env, timeout=timeout)
    return EvalRun(done.returncode, done.stdout, done.stderr, output_dir, run_id)
