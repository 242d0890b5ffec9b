"""Load BFCL single-turn items from a local copy of bfcl_eval/data (v4 or v3 file names).

Layout expected under the data dir (as in ../shared/data/bfcl/v4 and .../v3):
    BFCL_v4_<category>.json              one JSON object per line (id, question, function)
    possible_answer/BFCL_v4_<category>.json   (id, ground_truth) for the AST categories
The v3 file set uses BFCL_v3_ and the v3 stems (simple, java, javascript).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evals.bfcl.categories import CATEGORIES, FILE_SETS, MULTI_TURN_HOOK, Category, Kind, category


@dataclass(frozen=True)
class BfclItem:
    """One single-turn BFCL entry. `functions` are the original docs (what the checker reads)."""

    id: str
    category: str
    question: list[list[dict[str, Any]]]
    functions: list[dict[str, Any]]
    ground_truth: list[dict[str, Any]] | None = None
    file_set: str = "v4"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def cat(self) -> Category:
        return CATEGORIES[self.category]


class BfclDataError(ValueError):
    """A data file is missing or a row is not what the loader expects."""


def read_jsonl(path: Path, key: str = "id") -> list[dict[str, Any]]:
    """Read a JSON-lines file of objects that all carry `key`; a bad line names the file and line number."""
    if not path.is_file():
        raise BfclDataError(f"BFCL data file not found: {path}")
    rows = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BfclDataError(f"{path}:{lineno}: not valid JSON ({exc.msg})") from exc
            if not isinstance(row, dict) or key not in row:
                raise BfclDataError(f"{path}:{lineno}: expected a JSON object with {key!r}")
            rows.append(row)
    return rows


def question_path(data_dir: Path, cat: Category, file_set: str) -> Path:
    return Path(data_dir) / cat.file_name(file_set)


def answer_path(data_dir: Path, cat: Category, file_set: str) -> Path:
    return Path(data_dir) / "possible_answer" / cat.file_name(file_set)


def load_category(data_dir: Path, name: str, file_set: str = "v4") -> list[BfclItem]:
    """Items of one single-turn category in file order, ground truth attached by id."""
    if file_set not in FILE_SETS:
        raise BfclDataError(f"unknown BFCL file set {file_set!r}; expected one of {FILE_SETS}")
    cat = category(name)
    if not cat.single_turn:
        raise BfclDataError(f"{cat.name} is a multi-turn category ({MULTI_TURN_HOOK})")
    qpath = question_path(data_dir, cat, file_set)
    rows = read_jsonl(qpath)
    answers: dict[str, Any] = {}
    answer_rows: list[dict[str, Any]] = []
    if cat.kind is Kind.AST:
        apath = answer_path(data_dir, cat, file_set)
        answer_rows = read_jsonl(apath)
        for row in answer_rows:
            if "ground_truth" not in row:
                raise BfclDataError(f"{apath}: row {row['id']!r} has no 'ground_truth'")
            answers[row["id"]] = row["ground_truth"]
    items = []
    seen: dict[str, int] = {}
    for position, row in enumerate(rows):
        for key in ("question", "function"):
            if key not in row:
                raise BfclDataError(f"{qpath}: row {row['id']!r} has no {key!r}")
        if not isinstance(row["question"], list) or not row["question"] or not isinstance(row["question"][0], list):
            raise BfclDataError(f"{qpath}: row {row['id']!r}: 'question' must be a non-empty list of turns")
        gt = None
        extra = {k: v for k, v in row.items() if k not in ("id", "question", "function")}
        if cat.kind is Kind.AST:
            if row["id"] in answers:
                gt = answers[row["id"]]
            elif len(answer_rows) == len(rows) and answer_rows[position]["id"] not in {r["id"] for r in rows}:
                # BFCL_v3_live_multiple pairs 'live_multiple_1052-79-0' with answer id '...-279-0': the v3
                # checker sorted both files by id and paired them by position, so do the same here.
                gt = answer_rows[position]["ground_truth"]
                extra["ground_truth_id"] = answer_rows[position]["id"]
            else:
                raise BfclDataError(f"{answer_path(data_dir, cat, file_set)}: no ground truth for {row['id']!r}")
        item_id = row["id"]
        seen[item_id] = seen.get(item_id, 0) + 1
        if seen[item_id] > 1:
            # BFCL_v3_live_relevance.json holds two different rows with id 'live_relevance_3-3-0';
            # both are scored, so the repeat gets a distinct, stable id
            extra["data_id"] = item_id
            item_id = f"{item_id}.dup{seen[item_id] - 1}"
        items.append(
            BfclItem(
                id=item_id,
                category=cat.name,
                question=row["question"],
                functions=row["function"],
                ground_truth=gt,
                file_set=file_set,
                extra=extra,
            )
        )
    return items


def files_checksum(data_dir: Path, names: list[str], file_set: str) -> str:
    """sha256 over the question and answer files of the given categories (the dataset 'revision')."""
    h = hashlib.sha256()
    for name in names:
        cat = category(name)
        for path in (question_path(data_dir, cat, file_set), answer_path(data_dir, cat, file_set)):
            if path.is_file():
                h.update(path.name.encode())
                h.update(path.read_bytes())
    return "sha256:" + h.hexdigest()[:16]
