"""Synthetic rows in the exact cais/hle schema (never real HLE rows: its authors ask that they stay
off the public web). They cover text and image rows, both answer types and every category."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from evals.hle.data import CATEGORIES, HLE_COLUMNS

# A 1x1 transparent PNG.
PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
DATA_URL = "data:image/png;base64," + base64.b64encode(PNG_1X1).decode("ascii")
CANARY = "SYNTHETIC TEST ROW: not part of Humanity's Last Exam"


def row(
    index: int,
    *,
    category: str = "Math",
    answer_type: str = "exactMatch",
    image: bool = False,
    question: str | None = None,
    answer: str | None = None,
) -> dict[str, Any]:
    """One synthetic row with every column of the hub dataset, in its order."""
    values = {
        "id": f"synth{index:04d}",
        "question": question if question is not None else f"Synthetic question {index}: what is {index} + {index}?",
        "image": DATA_URL if image else "",
        "image_preview": {"bytes": PNG_1X1, "path": None} if image else None,
        "answer": answer if answer is not None else str(2 * index),
        "answer_type": answer_type,
        "author_name": "Synthetic Author",
        "rationale": f"{index} + {index} = {2 * index}.",
        "rationale_image": None,
        "raw_subject": f"Synthetic {category}",
        "category": category,
        "canary": CANARY,
    }
    assert tuple(values) == HLE_COLUMNS
    return values


def rows() -> list[dict[str, Any]]:
    """Twelve rows: one text row per category (alternating answer types), then four image rows."""
    out = [
        row(i, category=category, answer_type="exactMatch" if i % 2 == 0 else "multipleChoice")
        for i, category in enumerate(CATEGORIES)
    ]
    mc = "Synthetic question 1: which letter comes first?\n\nAnswer Choices:\nA. b\nB. a\nC. c"
    out[1] = row(1, category=CATEGORIES[1], answer_type="multipleChoice", question=mc, answer="B")
    out += [
        row(8, category="Physics", image=True),
        row(9, category="Chemistry", answer_type="multipleChoice", image=True),
        row(10, category="Math", image=True),
        row(11, category="Other", answer_type="multipleChoice", image=True),
    ]
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def write_jsonl(path: Path, data: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for values in data:
            handle.write(json.dumps(_jsonable(values)) + "\n")
    return path


def write_parquet(path: Path, data: list[dict[str, Any]]) -> Path:
    """Parquet with the hub's types: image_preview / rationale_image as {bytes, path} structs."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    image_struct = pa.struct([("bytes", pa.binary()), ("path", pa.string())])
    schema = pa.schema(
        [(name, image_struct if name in ("image_preview", "rationale_image") else pa.string()) for name in HLE_COLUMNS]
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(data, schema=schema), path)
    return path
