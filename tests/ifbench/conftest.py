"""IFBench test helpers: the shared data folder and the offline NLTK data copy."""

from __future__ import annotations

import os
from pathlib import Path

import nltk
import pytest

from evals.ifbench.nltk_data import missing_resources

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "data"


def shared_data_dir() -> Path:
    """../shared/data relative to the repository root, or $EVALS_SHARED_DATA."""
    env = os.environ.get("EVALS_SHARED_DATA")
    return Path(env) if env else REPO_ROOT / ".." / "shared" / "data"


def _use_offline_nltk_copy() -> None:
    """Tests read NLTK data from the offline copy when it exists (no network in tests)."""
    copy = shared_data_dir() / "nltk_data"
    if copy.is_dir() and str(copy) not in nltk.data.path:
        nltk.data.path.insert(0, str(copy))


_use_offline_nltk_copy()


@pytest.fixture
def nltk_ready() -> None:
    missing = missing_resources()
    if missing:
        pytest.skip(
            "needs NLTK data " + ", ".join(r.package for r in missing)
            + " (../shared/data/nltk_data, NLTK_DATA, or `python -m nltk.downloader punkt_tab averaged_perceptron_tagger_eng stopwords`)"
        )


@pytest.fixture
def ifbench_test_file() -> Path:
    path = shared_data_dir() / "ifbench" / "IFBench_test.jsonl"
    if not path.is_file():
        pytest.skip(f"needs ../shared/data/ifbench/IFBench_test.jsonl (looked at {path})")
    return path
