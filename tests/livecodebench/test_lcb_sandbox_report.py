"""What a run says about the sandbox at its start, and `--sandbox-require full`, without bubblewrap."""

from __future__ import annotations

import os

from tests.support.evalrun import run_evals, write_config

#: bubblewrap is looked up on PATH: a PATH without it is a machine without it
NO_BWRAP = {"PATH": "/nonexistent"}


def _run(loopback, tmp_path, hub_dir, *extra):
    config = write_config(tmp_path / "c.yaml", loopback.url, {"livecodebench": {"options": {"timeout_s": 2}}})
    return run_evals(["-k", "livecodebench", "--collect-only", "--config", str(config), "--data-dir", str(hub_dir.parent), *extra],
                     tmp_path / "out", env={**NO_BWRAP, "XDG_CACHE_HOME": str(tmp_path / "cache")})


def test_without_bubblewrap_each_missing_protection_is_one_line_at_the_start(loopback, tmp_path, hub_dir):
    run = _run(loopback, tmp_path, hub_dir)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    lines = [line for line in run.stdout.splitlines() if line.startswith("sandbox: ")]
    for protection in ("filesystem", "pid namespace", "seccomp", "private tmp"):
        assert sum(line.startswith(f"sandbox: no {protection}:") for line in lines) == 1, lines
    assert any("bubblewrap is not installed" in line for line in lines), lines
    first_case = next(i for i, line in enumerate(run.stdout.splitlines()) if "test_livecodebench" in line)
    assert all(run.stdout.splitlines().index(line) < first_case for line in lines)


def test_sandbox_require_full_refuses_to_run_without_bubblewrap(loopback, tmp_path, hub_dir):
    run = _run(loopback, tmp_path, hub_dir, "--sandbox-require", "full")
    assert run.returncode != 0
    assert "--sandbox-require full: missing protections" in run.stdout + run.stderr
    assert not os.path.exists(tmp_path / "out" / "test-run" / "livecodebench" / "results.json")
