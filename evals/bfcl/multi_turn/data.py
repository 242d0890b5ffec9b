"""Load the BFCL multi-turn entries with their function docs and ground truth.

Files (bfcl_eval/data layout, as mirrored in ../shared/data/bfcl/v4 and v3):
`BFCL_v4_<category>.json` (or `BFCL_v3_...`), `possible_answer/` with the same name, and
`multi_turn_func_doc/<class file>.json`; all JSON-lines.

Function docs are assembled as bfcl_eval's `populate_test_cases_with_predefined_functions` does:
the docs of every involved class in `involved_classes` order, then for miss_func each held-out name
is removed from that list (first match) and kept, per turn, in `held_out`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .apis import CLASS_FUNC_DOCS
from evals.bfcl.data import BfclDataError, read_jsonl

CATEGORIES = (
    "multi_turn_base",
    "multi_turn_miss_func",
    "multi_turn_miss_param",
    "multi_turn_long_context",
)
VERSIONS = ("BFCL_v4", "BFCL_v3")


@dataclass
class MultiTurnItem:
    id: str
    category: str
    question: list[list[dict[str, Any]]]
    initial_config: dict[str, Any]
    involved_classes: list[str]
    ground_truth: list[list[str]]
    functions: list[dict[str, Any]]
    held_out: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    path: list[str] = field(default_factory=list)

    @property
    def long_context(self) -> bool:
        """The reference loads the long-context extra state for ids of long_context (and composite)."""
        category = self.id.rsplit("_", 1)[0]
        return "long_context" in category or "composite" in category


DataError = BfclDataError  # one error type for every BFCL data problem


def find_version(data_dir: Path, category: str) -> str:
    """The file prefix present in data_dir for a category (BFCL_v4 preferred)."""
    for version in VERSIONS:
        if (data_dir / f"{version}_{category}.json").is_file():
            return version
    raise DataError(
        f"no {category} file in {data_dir}: expected {' or '.join(f'{v}_{category}.json' for v in VERSIONS)}"
    )


def load_func_docs(data_dir: Path, class_name: str) -> list[dict[str, Any]]:
    try:
        file_name = CLASS_FUNC_DOCS[class_name]
    except KeyError:
        raise DataError(f"unknown class {class_name!r} in involved_classes") from None
    return read_jsonl(data_dir / "multi_turn_func_doc" / file_name, key="name")


def load_category(data_dir: Path, category: str, version: str | None = None) -> list[MultiTurnItem]:
    """All entries of one multi-turn category, in file order, joined with their ground truth."""
    if category not in CATEGORIES:
        raise DataError(f"unknown multi-turn category {category!r}; expected one of {CATEGORIES}")
    data_dir = Path(data_dir)
    version = version or find_version(data_dir, category)
    question_file = data_dir / f"{version}_{category}.json"
    answer_file = data_dir / "possible_answer" / f"{version}_{category}.json"
    rows = read_jsonl(question_file)
    answers = {row["id"]: row for row in read_jsonl(answer_file)}
    doc_cache: dict[str, list[dict[str, Any]]] = {}
    items = []
    for row in rows:
        for key in ("question", "initial_config", "involved_classes"):
            if key not in row:
                raise DataError(f"{question_file}: row {row['id']} has no {key!r}")
        answer = answers.get(row["id"])
        if answer is None or "ground_truth" not in answer:
            raise DataError(f"{answer_file}: no ground_truth for {row['id']}")
        if len(answer["ground_truth"]) != len(row["question"]):
            raise DataError(
                f"{row['id']}: {len(row['question'])} question turns but {len(answer['ground_truth'])} ground-truth turns"
            )
        functions: list[dict[str, Any]] = []
        for class_name in row["involved_classes"]:
            if class_name not in doc_cache:
                doc_cache[class_name] = load_func_docs(data_dir, class_name)
            functions.extend(doc_cache[class_name])  # shared, read-only docs (ToolDocs and convert_to_tools copy them)
        held_out: dict[str, list[dict[str, Any]]] = {}
        for turn, names in row.get("missed_function", {}).items():
            held_out[turn] = []
            for name in names:
                for i, doc in enumerate(functions):
                    if doc["name"] == name:
                        held_out[turn].append(functions.pop(i))
                        break
        items.append(
            MultiTurnItem(
                id=row["id"],
                category=category,
                question=row["question"],
                initial_config=row["initial_config"],
                involved_classes=list(row["involved_classes"]),
                ground_truth=answer["ground_truth"],
                functions=functions,
                held_out=held_out,
                path=list(row.get("path", [])),
            )
        )
    return items


def file_checksum(data_dir: Path, category: str, version: str | None = None) -> str:
    """sha256 (first 16 hex digits) of the question and answer files, for the dataset revision."""
    data_dir = Path(data_dir)
    version = version or find_version(data_dir, category)
    digest = hashlib.sha256()
    for path in (data_dir / f"{version}_{category}.json", data_dir / "possible_answer" / f"{version}_{category}.json"):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
