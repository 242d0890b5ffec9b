"""GPQA Diamond rows -> items, as NeMo-Skills' `dataset/gpqa/prepare.py` (7205c43) prepares them.

The reference seeds Python's global `random` with 42 once, then walks the split in dataset order
and shuffles each row's `[Incorrect 1, Incorrect 2, Incorrect 3, Correct]` in place. The letters
therefore depend on every earlier row: they are computed here once, over all rows, at load time,
with a private `random.Random(seed)` (the same Mersenne Twister stream as `random.seed(seed)`),
before the harness applies `--limit`, `-k` or xdist. Nothing else may consume that stream.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from fixtures.tasks import Dataset

HUB_ID = "Idavidrein/gpqa"
HUB_CONFIG = "gpqa_diamond"
HUB_SPLIT = "train"
LOCAL_FILE = Path("gpqa") / "gpqa_diamond.csv"
SHUFFLE_SEED = 42
LETTERS = "ABCD"

QUESTION = "Question"
CORRECT = "Correct Answer"
INCORRECT = ("Incorrect Answer 1", "Incorrect Answer 2", "Incorrect Answer 3")
RECORD_ID = "Record ID"
DOMAIN = "High-level domain"
SUBDOMAIN = "Subdomain"
REQUIRED_COLUMNS = (QUESTION, CORRECT, *INCORRECT, RECORD_ID, DOMAIN, SUBDOMAIN)


class GpqaDataError(ValueError):
    """The GPQA rows are not in the expected format; the message names the source, row and key."""


@dataclass(frozen=True)
class GpqaOptions:
    """Task options (YAML `options:` of the gpqa task)."""

    revision: str | None = None  # hub revision; None = the hub's main branch, as the reference loads it
    shuffle_seed: int = SHUFFLE_SEED


@dataclass(frozen=True)
class GpqaItem:
    """One GPQA question with its options in the reference's shuffled order."""

    id: str  # the row's Record ID
    question: str  # the raw question, only stripped of newlines (the reference does not preprocess it)
    options: tuple[str, str, str, str]  # A-D, preprocessed, after the seed-42 shuffle
    answer: str  # the letter of the correct option
    domain: str  # High-level domain
    subdomain: str  # Subdomain (the reference's subset_for_metrics)

    @property
    def problem(self) -> str:
        """The reference's `problem` field: the question, a blank line, then `A) ...` lines."""
        lines = "\n".join(f"{letter}) {option}" for letter, option in zip(LETTERS, self.options, strict=True))
        return f"{self.question}\n\n{lines}"


def preprocess(text: str | None) -> str:
    """lm-eval-harness' GPQA clean-up as the reference applies it to the options.

    A missing cell becomes a single space (the reference's quirk); otherwise strip, turn
    ` [title]` into `. `, and replace double spaces once (a triple space leaves a double).
    """
    if text is None:
        return " "
    return text.strip().replace(" [title]", ". ").replace("  ", " ")


def _cell(row: Mapping[str, Any], key: str, where: str) -> str | None:
    value = row[key]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if not isinstance(value, str):
        raise GpqaDataError(f"{where}: column {key!r} should be text, got {type(value).__name__} {value!r}")
    return value


def build_items(rows: Iterable[Mapping[str, Any]], source: str, seed: int = SHUFFLE_SEED) -> list[GpqaItem]:
    """All rows of the split, in order, with the reference's preprocessing and shuffle."""
    rng = random.Random(seed)
    items: list[GpqaItem] = []
    seen: set[str] = set()
    for index, row in enumerate(rows):
        where = f"{source}, row {index}"
        missing = [key for key in REQUIRED_COLUMNS if key not in row]
        if missing:
            raise GpqaDataError(f"{where}: missing column(s) {missing}; expected the GPQA CSV columns {list(REQUIRED_COLUMNS)}")
        record_id = _cell(row, RECORD_ID, where)
        question = _cell(row, QUESTION, where)
        if not record_id or question is None:
            raise GpqaDataError(f"{where}: empty {RECORD_ID!r} or {QUESTION!r}")
        if record_id in seen:
            raise GpqaDataError(f"{where}: duplicate {RECORD_ID} {record_id!r}")
        seen.add(record_id)
        correct = preprocess(_cell(row, CORRECT, where))
        choices = [preprocess(_cell(row, key, where)) for key in INCORRECT] + [correct]
        rng.shuffle(choices)
        # list.index: if an incorrect option equals the correct one after preprocessing, the
        # reference takes the first position, and so does this.
        answer = LETTERS[choices.index(correct)]
        items.append(
            GpqaItem(
                id=record_id,
                question=question.strip("\n"),
                options=(choices[0], choices[1], choices[2], choices[3]),
                answer=answer,
                domain=_cell(row, DOMAIN, where) or "",
                subdomain=_cell(row, SUBDOMAIN, where) or "",
            )
        )
    if not items:
        raise GpqaDataError(f"{source}: no rows")
    return items


def read_csv_rows(path: Path) -> list[dict[str, Any]]:
    """The CSV as the hub's loader reads it: pandas defaults, so empty and 'N/A'-like cells are None.

    A well-formed file (UTF-8 without BOM, strict quoting, a header of distinct names, every row as
    wide as the header) is read with the csv module, which gives what pandas gives for it, without
    importing pandas (half a second, the most of GPQA's collection). Anything else goes to pandas
    itself, so its readings and its errors stay the reference's.
    """
    rows = _read_plain_csv(path)
    if rows is not None:
        return rows
    import pandas as pd

    try:
        frame = pd.read_csv(path, dtype=str)
    except Exception as exc:  # pandas raises several parser error types
        raise GpqaDataError(f"{path}: not a readable GPQA CSV ({exc})") from exc
    return [{key: (None if _is_missing(value) else value) for key, value in row.items()} for row in frame.to_dict("records")]


# pandas' default na_values (pandas._libs.parsers.STR_NA_VALUES; tests/gpqa compares the two)
PANDAS_NA_VALUES = frozenset({
    "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
    "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
})


def _read_plain_csv(path: Path) -> list[dict[str, Any]] | None:
    """The rows as pandas would read them, or None when the file is not plainly one that the csv module reads alike."""
    import csv

    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if text.startswith("\ufeff") or "\0" in text:
        return None
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        return None
    records = [record for record in records if record]  # pandas skips blank lines
    if not records:
        return None
    header = records[0]
    if len(set(header)) != len(header) or "" in header:
        return None
    rows = []
    for record in records[1:]:
        if len(record) != len(header):
            return None
        rows.append({key: (None if value in PANDAS_NA_VALUES else value) for key, value in zip(header, record)})
    return rows


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def read_hub_rows(revision: str | None) -> tuple[list[dict[str, Any]], str]:
    """The gated hub split (needs HF_TOKEN or a cached login). The token never appears in errors."""
    import datasets

    token = os.environ.get("HF_TOKEN") or None
    try:
        split = datasets.load_dataset(HUB_ID, HUB_CONFIG, split=HUB_SPLIT, revision=revision, token=token)
    except Exception as exc:
        raise GpqaDataError(
            f"could not load {HUB_ID} ({HUB_CONFIG}, {HUB_SPLIT}) from the hub: {type(exc).__name__}. "
            "The dataset is gated: accept its terms on the hub and set HF_TOKEN, or pass --data-dir "
            f"with {LOCAL_FILE}."
        ) from None
    return [dict(row) for row in split], revision or "main"


def fingerprint(items: list[GpqaItem]) -> str:
    """sha256 of what the model sees and is graded on (ids, problems, letters): stable across sources."""
    payload = json.dumps([[item.id, item.problem, item.answer] for item in items], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def load_gpqa(data_dir: Path | None, options: GpqaOptions | None = None) -> Dataset:
    """The 198 GPQA Diamond items from `<data_dir>/gpqa/gpqa_diamond.csv`, or from the hub if no data_dir."""
    options = options or GpqaOptions()
    if data_dir is not None:
        path = Path(data_dir) / LOCAL_FILE
        if not path.is_file():
            raise GpqaDataError(f"{path}: not found; expected the GPQA authors' gpqa_diamond.csv there")
        rows = read_csv_rows(path)
        source = str(path)
        revision = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    else:
        rows, revision = read_hub_rows(options.revision)
        source = f"hf://{HUB_ID}/{HUB_CONFIG}/{HUB_SPLIT}"
    items = build_items(rows, source, options.shuffle_seed)
    return Dataset(
        items=items,
        source=source,
        revision=revision,
        notes={"shuffle_seed": options.shuffle_seed, "items_sha256": fingerprint(items)},
    )
