"""Loading cais/hle (test split) from the hub or a local mirror into small typed items.

NeMo-Skills' dataset/hle/prepare.py keeps the rows whose `image` is empty (its `text` split, 2,158
rows when the model card was made) and maps `category` to `subset_for_metrics`. This loader does the
same, counts what it skipped, and can keep image rows for a model that takes images.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from evals.hle.options import HleOptions

# Columns of the hub dataset (its card's features), in the card's order.
HLE_COLUMNS = (
    "id",
    "question",
    "image",
    "image_preview",
    "answer",
    "answer_type",
    "author_name",
    "rationale",
    "rationale_image",
    "raw_subject",
    "category",
    "canary",
)
# The columns NeMo-Skills' prepare.py keeps (it drops image_preview and rationale_image).
USED_COLUMNS = (
    "id",
    "question",
    "answer",
    "answer_type",
    "rationale",
    "raw_subject",
    "category",
    "author_name",
    "canary",
    "image",
)
# HLE_CATEGORIES_MAP of prepare.py (keys): the categories of the dataset.
CATEGORIES = (
    "Other",
    "Humanities/Social Science",
    "Math",
    "Physics",
    "Computer Science/AI",
    "Biology/Medicine",
    "Chemistry",
    "Engineering",
)
ANSWER_TYPES = ("exactMatch", "multipleChoice")
_ID_RE = re.compile(r"^[A-Za-z0-9_.:-]+$")


class HleDataError(ValueError):
    """The HLE data cannot be used: the message names the file or source, the row and the key."""


@dataclass(frozen=True)
class HleItem:
    """One HLE question as the task needs it (rationale, author and canary stay in the source)."""

    id: str
    question: str
    answer: str
    answer_type: str
    category: str
    raw_subject: str
    image: str = ""  # "" for a text row; otherwise the image as the dataset gives it (a data URL)

    @property
    def has_image(self) -> bool:
        return bool(self.image)


@dataclass(frozen=True)
class LoadedRows:
    """The kept items and the counts the report shows."""

    items: list[HleItem]
    rows: int
    image_rows: int
    image_rows_skipped: int
    category_filtered: int

    def notes(self) -> dict[str, Any]:
        return {
            "rows_in_source": self.rows,
            "image_rows": self.image_rows,
            "image_rows_skipped": self.image_rows_skipped,
            "rows_outside_categories": self.category_filtered,
            "items": len(self.items),
        }


def row_to_item(row: dict[str, Any], where: str) -> HleItem:
    """Check one raw row against the hub schema and keep what the task uses."""
    if not isinstance(row, dict):
        raise HleDataError(f"{where}: expected an object with the HLE columns, got {type(row).__name__}")
    missing = [key for key in USED_COLUMNS if key not in row]
    if missing:
        raise HleDataError(f"{where}: missing key(s) {', '.join(missing)} (expected the cais/hle columns)")
    values: dict[str, str] = {}
    for key in ("id", "question", "answer", "answer_type", "category", "raw_subject"):
        value = row[key]
        if not isinstance(value, str):
            raise HleDataError(f"{where}: key {key!r} must be a string, got {type(value).__name__}")
        values[key] = value
    image = row["image"]
    if image is None:  # prepare.py tests truthiness: None is a text row like ""
        image = ""
    if not isinstance(image, str):
        raise HleDataError(f"{where}: key 'image' must be a string ('' for a text row), got {type(image).__name__}")
    if not _ID_RE.match(values["id"]):
        raise HleDataError(f"{where}: id {values['id']!r} has characters outside [A-Za-z0-9_.:-]")
    return HleItem(image=image, **values)


def select(rows: Iterable[tuple[str, dict[str, Any]]], options: HleOptions) -> LoadedRows:
    """Keep text rows (and image rows when the model takes images) in the categories asked for."""
    unknown = [c for c in options.categories if c not in CATEGORIES]
    if unknown:
        raise HleDataError(f"hle options.categories: unknown {unknown}; expected some of {list(CATEGORIES)}")
    items: list[HleItem] = []
    seen: set[str] = set()
    total = image_rows = skipped = filtered = 0
    for where, row in rows:
        item = row_to_item(row, where)
        total += 1
        if item.id in seen:
            raise HleDataError(f"{where}: duplicate id {item.id!r}")
        seen.add(item.id)
        if options.categories and item.category not in options.categories:
            filtered += 1
            continue
        if item.has_image:
            image_rows += 1
            if not options.images:
                skipped += 1
                continue
        items.append(item)
    return LoadedRows(items, total, image_rows, skipped, filtered)


# --- local mirror -------------------------------------------------------------------------------


def mirror_files(data_dir: Path) -> list[Path]:
    """The files of a local mirror: `<data_dir>/hle/` (or `data_dir` itself) holding the test split
    as `test.jsonl`, `test.parquet`, `test-*.parquet` or `data/test-*.parquet` (the hub layout)."""
    base = data_dir / "hle" if (data_dir / "hle").is_dir() else data_dir
    for pattern in ("test.jsonl", "test.parquet", "test-*.parquet", "data/test-*.parquet", "data/test.jsonl"):
        found = sorted(base.glob(pattern))
        if found:
            return found
    raise HleDataError(
        f"no HLE test split under {base}: expected test.jsonl, test.parquet, test-*.parquet or "
        "data/test-*.parquet with the cais/hle columns"
    )


def read_mirror(paths: list[Path]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (where, row) from JSONL or parquet files, in file order."""
    for path in paths:
        if path.suffix == ".jsonl":
            with path.open("rt", encoding="utf-8") as handle:
                for number, line in enumerate(handle, start=1):
                    if not line.strip():
                        continue
                    try:
                        row = json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise HleDataError(f"{path}:{number}: not a JSON object ({exc.msg})") from None
                    yield f"{path}:{number}", row
        else:
            import pyarrow.parquet as pq

            try:
                schema = pq.read_schema(path)
            except Exception as exc:  # pyarrow raises several types for a damaged file
                raise HleDataError(f"{path}: not a readable parquet file ({exc})") from None
            missing = [c for c in USED_COLUMNS if c not in schema.names]
            if missing:
                raise HleDataError(f"{path}: missing column(s) {', '.join(missing)} (expected the cais/hle columns)")
            table = pq.read_table(path, columns=list(USED_COLUMNS))  # skips the image previews
            for number, row in enumerate(table.to_pylist()):
                yield f"{path} row {number}", row


def files_checksum(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return "sha256:" + digest.hexdigest()


# --- hub ----------------------------------------------------------------------------------------


def read_hub(options: HleOptions) -> tuple[Iterator[tuple[str, dict[str, Any]]], str | None]:
    """Rows of the gated hub dataset (token from the env var the options name) and its commit."""
    token = os.environ.get(options.hf_token_env) or None
    try:
        import datasets

        dataset = datasets.load_dataset(options.hub_id, split=options.hub_split, revision=options.revision, token=token)
    except Exception as exc:
        message = _scrub(f"{type(exc).__name__}: {exc}", token)
        hint = (
            f"{options.hub_id} is gated: accept its terms on the hub and set {options.hf_token_env}, "
            "or give --data-dir with a local mirror (test.jsonl or parquet with the cais/hle columns)"
        )
        raise HleDataError(f"cannot load {options.hub_id} split {options.hub_split}: {message}. {hint}") from None
    drop = [c for c in dataset.column_names if c not in USED_COLUMNS]
    dataset = dataset.remove_columns(drop)
    revision = options.revision
    try:
        from huggingface_hub import HfApi

        revision = HfApi().dataset_info(options.hub_id, revision=options.revision, token=token).sha or revision
    except Exception:  # the commit is informative only; the rows already loaded
        pass

    def rows() -> Iterator[tuple[str, dict[str, Any]]]:
        for number, row in enumerate(dataset):
            yield f"{options.hub_id} ({options.hub_split}) row {number}", row

    return rows(), revision


def _scrub(text: str, secret: str | None) -> str:
    return text.replace(secret, "***") if secret else text


def load_rows(data_dir: Path | None, options: HleOptions) -> tuple[LoadedRows, str, str | None]:
    """(kept rows with counts, source, revision): the local mirror when data_dir is given, else the hub."""
    if data_dir is not None:
        paths = mirror_files(Path(data_dir))
        loaded = select(read_mirror(paths), options)
        source = str(paths[0] if len(paths) == 1 else paths[0].parent)
        return loaded, source, files_checksum(paths)
    rows, revision = read_hub(options)
    return select(rows, options), f"hf:{options.hub_id}:{options.hub_split}", revision
