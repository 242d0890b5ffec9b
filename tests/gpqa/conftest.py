"""GPQA test helpers: where the real data lies, and synthetic rows in the GPQA CSV format."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.conftest import shared_data_dir

# The GPQA authors' CSV has 79 columns; the loader needs these, the rest are carried along.
CSV_COLUMNS = [
    "Pre-Revision Question",
    "Question",
    "Correct Answer",
    "Incorrect Answer 1",
    "Incorrect Answer 2",
    "Incorrect Answer 3",
    "Explanation",
    "Subdomain",
    "Writer's Difficulty Estimate",
    "Record ID",
    "High-level domain",
    "Canary String",
]


@pytest.fixture
def real_gpqa_dir() -> Path:
    data_dir = shared_data_dir()
    if not (data_dir / "gpqa" / "gpqa_diamond.csv").is_file():
        pytest.skip(f"needs ../shared/data/gpqa/gpqa_diamond.csv (looked in {data_dir}; set EVALS_SHARED_DATA)")
    return data_dir


def synthetic_row(n: int, **overrides: str) -> dict[str, str]:
    """A made-up GPQA row (never a real one): option texts say which they are."""
    row = {
        "Pre-Revision Question": f"Old wording {n}",
        "Question": f"Synthetic question {n}: which value is right?",
        "Correct Answer": f"right {n}",
        "Incorrect Answer 1": f"wrong-1 {n}",
        "Incorrect Answer 2": f"wrong-2 {n}",
        "Incorrect Answer 3": f"wrong-3 {n}",
        "Explanation": f"Because {n}.",
        "Subdomain": ["Organic Chemistry", "Quantum Mechanics", "Genetics"][n % 3],
        "Writer's Difficulty Estimate": "Hard graduate level",
        "Record ID": f"recSYNTH{n:04d}",
        "High-level domain": ["Chemistry", "Physics", "Biology"][n % 3],
        "Canary String": "SYNTHETIC ROW, NOT FROM GPQA",
    }
    row.update(overrides)
    return row


def write_gpqa_csv(data_dir: Path, rows: list[dict[str, str]]) -> Path:
    """Write rows as <data_dir>/gpqa/gpqa_diamond.csv, quoted as the authors' file is."""
    path = data_dir / "gpqa" / "gpqa_diamond.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS, quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        writer.writerows(rows)
    return path
