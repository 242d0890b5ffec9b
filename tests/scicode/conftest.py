"""Helpers of the SciCode tests: the shared data and small target files built from ground-truth code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import shared_data_dir

REPO_ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("golden")


def scicode_data_dir() -> Path:
    path = shared_data_dir() / "scicode"
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
