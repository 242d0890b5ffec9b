"""MMLU-Pro test split (TIGER-Lab/MMLU-Pro, 12,032 items) from the hub or a local parquet mirror."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from fixtures.tasks import Dataset

HUB_ID = "TIGER-Lab/MMLU-Pro"
# main of TIGER-Lab/MMLU-Pro as pinned by other harnesses (2026); NeMo-Skills loads the unpinned main.
HUB_REVISION = "b189ec765aa7ed75c8acfea42df31fdae71f97be"
LOCAL_FILE = Path("mmlu_pro") / "test-00000-of-00001.parquet"
REQUIRED_COLUMNS = ("question_id", "question", "options", "answer", "category")


@dataclass(frozen=True)
class MmluProItem:
    id: str
    question: str
    options: tuple[str, ...]
    answer: str
    category: str


def _row_to_item(row: dict, where: str) -> MmluProItem:
    missing = [c for c in REQUIRED_COLUMNS if c not in row]
    if missing:
        raise ValueError(f"{where}: missing column(s) {', '.join(missing)}; expected {', '.join(REQUIRED_COLUMNS)}")
    options = row["options"]
    if not isinstance(options, (list, tuple)) or not options:
        raise ValueError(f"{where} question_id {row['question_id']}: 'options' must be a non-empty list")
    answer = str(row["answer"])
    if len(answer) != 1 or not "A" <= answer <= chr(ord("A") + len(options) - 1):
        raise ValueError(f"{where} question_id {row['question_id']}: answer {answer!r} is not one of its option letters")
    return MmluProItem(
        id=str(row["question_id"]),
        question=str(row["question"]),
        options=tuple(str(o) for o in options),
        answer=answer,
        category=str(row["category"]),
    )


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_local(path: Path) -> Dataset:
    import pyarrow.parquet as pq

    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: expected the MMLU-Pro test parquet ({LOCAL_FILE}) under --data-dir")
    try:
        rows = pq.ParquetFile(path).read(columns=list(REQUIRED_COLUMNS)).to_pylist()  # read_table would import pyarrow.dataset: 0.2 s
    except (OSError, ValueError) as exc:  # pyarrow's messages ("Parquet magic bytes not found") name no file
        raise ValueError(
            f"{path}: not a readable parquet file ({type(exc).__name__}: {exc}); it may be truncated or corrupt: "
            f"download it again (expected the MMLU-Pro test parquet, {LOCAL_FILE})"
        ) from None
    items = [_row_to_item(row, str(path)) for row in rows]
    return Dataset(items=items, source=str(path), revision=f"sha256:{file_sha256(path)}")


def load_hub() -> Dataset:
    import datasets

    rows = datasets.load_dataset(HUB_ID, split="test", revision=HUB_REVISION)
    items = [_row_to_item(row, f"{HUB_ID}@{HUB_REVISION}") for row in rows]
    return Dataset(items=items, source=f"hf:{HUB_ID} (test)", revision=HUB_REVISION)


def load(data_dir: Path | None, options: object = None) -> Dataset:
    return load_local(data_dir / LOCAL_FILE) if data_dir is not None else load_hub()
