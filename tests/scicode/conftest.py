"""Helpers of the SciCode tests: the shared data, a stand-in sandbox, and small target files."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("golden")


def shared_data() -> Path:
    env = os.environ.get("EVALS_SHARED_DATA")
    return Path(env) if env else REPO_ROOT / ".." / "shared" / "data"


def scicode_data_dir() -> Path:
    path = shared_data() / "scicode"
    if not (path / "problems_dev.jsonl").is_file() or not (path / "problems_test.jsonl").is_file():
        pytest.skip(f"SciCode tests on real rows need ../shared/data/scicode/problems_{{dev,test}}.jsonl ({path})")
    return path


@pytest.fixture(scope="session")
def scicode_dir() -> Path:
    return scicode_data_dir()


@pytest.fixture(scope="session")
def problems(scicode_dir):
    from evals.scicode.data import find_split_files, load_problems

    items, _ = load_problems(find_split_files(scicode_dir, "test_aai"))
    return {p.id: p for p in items}


@dataclass
class StandInLimits:
    wall_s: float = 30.0


@dataclass
class StandInResult:
    exit_code: int | None
    stdout: str
    stderr: str
    timed_out: bool
    signal: int | None = None
    wall_s: float = 0.0
    output_truncated: bool = False

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.timed_out


class StandInSandbox:
    """The interface of fixtures/sandbox.py (run_python), without its isolation: for trusted test code only."""

    def __init__(self) -> None:
        self.programs: list[str] = []

    def run_python(self, source, *, stdin=b"", files=None, limits=None, read_paths=None):
        self.programs.append(source)
        wall = getattr(limits, "wall_s", 30.0)
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "main.py"
            script.write_text(source, encoding="utf-8")
            env = dict(os.environ, MPLBACKEND="Agg")
            try:
                done = subprocess.run([sys.executable, str(script)], input=stdin, capture_output=True,
                                      timeout=wall, cwd=tmp, env=env)
            except subprocess.TimeoutExpired as exc:
                return StandInResult(None, (exc.stdout or b"").decode(), (exc.stderr or b"").decode(), True)
        return StandInResult(done.returncode, done.stdout.decode(), done.stderr.decode(), False)


@pytest.fixture
def stand_in_sandbox() -> StandInSandbox:
    return StandInSandbox()


BUILT_PROBLEMS = ("1", "19", "29", "38")


@pytest.fixture(scope="session")
def dev_targets(tmp_path_factory, scicode_dir) -> Path:
    """test_data.h5 in the official layout for a few dev problems, from their ground-truth code."""
    out = tmp_path_factory.mktemp("scicode_targets") / "test_data.h5"
    subprocess.run(
        [sys.executable, "-m", "tests.scicode.build_targets", str(scicode_dir / "problems_dev.jsonl"), str(out),
         *BUILT_PROBLEMS],
        cwd=REPO_ROOT, check=True, capture_output=True, timeout=300,
    )
    return out
