"""The 30 AIME 2025 problems (AIME I then AIME II), with stable ids aime25-0..29.

Local mirror: `<data_dir>/aime2025/test.jsonl`, NeMo-Skills' `dataset/aime25/test.txt` (the file
the model-card run used: `id`, `problem`, `expected_answer`, `reference_solution`).
Hub: `opencompass/AIME2025` (configs AIME2025-I and AIME2025-II, split `test`, fields `question`,
`answer`) at a pinned revision. Its problem texts are formatted differently from NeMo-Skills' file
and it stores II-5's answer as `336^\\circ` (math_equal accepts 336 for it); ids follow the same
order, so aime25-k is the same problem from either source.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from fixtures.tasks import Dataset

from evals.aime2025.prompt import DEFAULT_PROMPT

LOCAL_FILE = Path("aime2025") / "test.jsonl"
HUB_ID = "opencompass/AIME2025"
HUB_CONFIGS = ("AIME2025-I", "AIME2025-II")
HUB_SPLIT = "test"
# Pinned revision of opencompass/AIME2025 (as pinned by public evaluation code; not checked from here).
HUB_REVISION = "a6ad95f611d72cf628a80b58bd0432ef6638f958"
ID_PREFIX = "aime25-"


class AimeDataError(ValueError):
    """The AIME rows are not in the expected format; the message names the source, row and key."""


@dataclass(frozen=True)
class AimeItem:
    id: str
    problem: str
    expected_answer: str


def _text(row: Mapping[str, Any], key: str, where: str) -> str:
    if key not in row:
        raise AimeDataError(f"{where}: missing key {key!r}")
    value = row[key]
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise AimeDataError(f"{where}: key {key!r} should be text or an integer, got {type(value).__name__}")
    text = str(value)
    if not text.strip():
        raise AimeDataError(f"{where}: key {key!r} is empty")
    return text


def read_jsonl(path: Path) -> list[AimeItem]:
    """NeMo-Skills' aime25 file: one JSON object per line with id, problem and expected_answer."""
    items: list[AimeItem] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}, line {number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise AimeDataError(f"{where}: not JSON ({exc.msg})") from None
            if not isinstance(row, dict):
                raise AimeDataError(f"{where}: expected a JSON object")
            items.append(
                AimeItem(
                    id=_text(row, "id", where),
                    problem=_text(row, "problem", where),
                    expected_answer=_text(row, "expected_answer", where),
                )
            )
    _check_ids(items, str(path))
    return items


def read_hub(revision: str) -> list[AimeItem]:
    """opencompass/AIME2025 at `revision`: AIME I then II, numbered aime25-0..29 in that order."""
    import datasets

    items: list[AimeItem] = []
    for config in HUB_CONFIGS:
        try:
            split = datasets.load_dataset(HUB_ID, config, split=HUB_SPLIT, revision=revision)
        except Exception as exc:
            raise AimeDataError(
                f"could not load {HUB_ID} ({config}, {HUB_SPLIT}, revision {revision}) from the hub: "
                f"{type(exc).__name__}: {exc}. Pass --data-dir with {LOCAL_FILE} to use the local file."
            ) from None
        for index, row in enumerate(split):
            where = f"hf://{HUB_ID}/{config}@{revision}, row {index}"
            items.append(
                AimeItem(
                    id=f"{ID_PREFIX}{len(items)}",
                    problem=_text(row, "question", where),
                    expected_answer=_text(row, "answer", where),
                )
            )
    _check_ids(items, f"hf://{HUB_ID}@{revision}")
    return items


def _check_ids(items: list[AimeItem], source: str) -> None:
    ids = [item.id for item in items]
    if not items:
        raise AimeDataError(f"{source}: no rows")
    first: dict[str, int] = {}
    for n, item_id in enumerate(ids, start=1):
        if item_id in first:
            raise AimeDataError(
                f"{source}: duplicate id {item_id!r} (problems {first[item_id]} and {n}); every problem needs its own id"
            )
        first[item_id] = n


def load_aime(data_dir: Path | None, options: Any = None) -> Dataset:
    """From `<data_dir>/aime2025/test.jsonl` when a data dir is given, else from the pinned hub dataset."""
    revision = getattr(options, "revision", None) or HUB_REVISION
    notes = {
        # The model card used math-oai.yaml, which is not public: results.json says which prompt stood in.
        "prompt": getattr(options, "prompt", None) or DEFAULT_PROMPT,
        "prompt_note": "model card prompt math-oai.yaml is not public; closest public NeMo-Skills template used",
        "math_equal": "NeMo-Skills 7205c43" + (" before 5cc1dcc" if getattr(options, "legacy_int_literals", False) else ""),
    }
    if data_dir is not None:
        path = Path(data_dir) / LOCAL_FILE
        if not path.is_file():
            raise AimeDataError(f"{path}: not found; expected NeMo-Skills' aime25 test file (JSON lines) there")
        items = read_jsonl(path)
        digest = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
        return Dataset(items=items, source=str(path), revision=digest, notes=notes)
    items = read_hub(revision)
    return Dataset(items=items, source=f"hf://{HUB_ID}", revision=revision, notes=notes)
