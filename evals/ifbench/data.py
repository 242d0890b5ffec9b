"""IFBench test prompts: the 294-row file the model card was scored on, or the 300-row hub copy.

Sources (option `source`):
- "github" (default): `data/IFBench_test.jsonl` as published from July 2025 until its April 2026
  fix, i.e. the file at the pinned reference commit c6767a1 (294 rows; key 268 is a corrupted row
  upstream, keys 269-274 are absent). NeMo-Skills downloaded that file for the model-card run. It
  is read from `<data_dir>/ifbench/IFBench_test.jsonl`, else downloaded from GitHub at the pinned
  commit; either way its sha256 is checked.
- "hub": the Hugging Face dataset `allenai/IFBench_test` (split "train", the later 300-row fix) at
  a pinned revision, or from a local copy of its files in `<data_dir>/ifbench/IFBench_test_hub/`.
- "file": any local JSONL/parquet file in the same schema (option `path`).

Every row is loaded as the reference loads it, including the corrupted key 268: nothing is dropped.
"""

from __future__ import annotations

import hashlib
import json
import random
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from evals.ifbench.registry import InstructionArgumentError, build

REFERENCE_COMMIT = "c6767a19bd82ac0536cab950f2f8f6bcc6fabe7c"
GITHUB_FILE = "IFBench_test.jsonl"
GITHUB_URL = f"https://raw.githubusercontent.com/allenai/IFBench/{REFERENCE_COMMIT}/data/{GITHUB_FILE}"
GITHUB_SHA256 = "11c3d683dcc7f4908a4d3cacd05c9a8bbd5484af2f8fde969e7abe2b8bad3e34"
GITHUB_ROWS = 294
HUB_DATASET = "allenai/IFBench_test"
HUB_SPLIT = "train"
HUB_LOCAL_DIR = "IFBench_test_hub"
# Not checked against the hub from here (no access); pinned by a third party's IFBench loader.
DEFAULT_HUB_REVISION = "2e8a48de45ff3bf41242f927254ca81b59ca3ae2"
KNOWN_CORRUPTED_KEYS = ("268",)


class IfbenchDataError(ValueError):
    """A row of an IFBench data file does not have the expected shape."""


@dataclass(frozen=True)
class IfbenchItem:
    """One IFBench prompt: the raw prompt (sent as the only user message) and its instructions."""

    id: str
    key: str
    prompt: str
    instruction_id_list: tuple[str, ...]
    kwargs: tuple[Mapping[str, Any], ...]  # as in the file, None values included

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(instruction_id.split(":")[0] for instruction_id in self.instruction_id_list)


@dataclass(frozen=True)
class IfbenchOptions:
    """Task options (YAML `options:` of the ifbench task)."""

    source: str = "github"  # "github" | "hub" | "file"
    path: str | None = None  # for source "file"
    hub_revision: str = DEFAULT_HUB_REVISION
    headline: str = "prompt_loose"  # which per-case score decides `correct`: prompt_loose | prompt_strict
    allow_download: bool = True
    cache_dir: str | None = None  # where a downloaded GitHub file is kept (default ~/.cache/nemotron-evals/ifbench)

    def __post_init__(self) -> None:
        if self.source not in ("github", "hub", "file"):
            raise ValueError(f"ifbench option source={self.source!r}: expected 'github', 'hub' or 'file'")
        if self.source == "file" and not self.path:
            raise ValueError("ifbench option source='file' needs option path")
        if self.headline not in ("prompt_loose", "prompt_strict"):
            raise ValueError(f"ifbench option headline={self.headline!r}: expected 'prompt_loose' or 'prompt_strict'")


@dataclass(frozen=True)
class LoadedRows:
    rows: list[dict[str, Any]]
    source: str
    revision: str | None
    notes: dict[str, Any] = field(default_factory=dict)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    with path.open("r", encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise IfbenchDataError(f"{path}: line {number} is not valid JSON ({error.msg})") from error
    return rows


def _item_id(key: str) -> str:
    return key if all(ch.isalnum() or ch in "_.:-" for ch in key) and key else "k" + hashlib.sha1(key.encode()).hexdigest()[:10]


def normalise_rows(rows: Iterable[Mapping[str, Any]], origin: str) -> list[IfbenchItem]:
    """Typed items in file order; every row is validated (ids known, kwargs fit) with errors naming the row."""
    items: list[IfbenchItem] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        where = f"{origin}: row {number}"
        if not isinstance(row, Mapping):
            raise IfbenchDataError(f"{where}: expected a JSON object, got {type(row).__name__}")
        missing = [name for name in ("key", "prompt", "instruction_id_list", "kwargs") if name not in row]
        if missing:
            raise IfbenchDataError(f"{where}: missing field(s) {missing}")
        key = str(row["key"])
        where = f"{origin}: row {number} (key {key})"
        if key in seen:
            raise IfbenchDataError(f"{where}: duplicate key")
        seen.add(key)
        prompt, ids, kwargs = row["prompt"], row["instruction_id_list"], row["kwargs"]
        if not isinstance(prompt, str):
            raise IfbenchDataError(f"{where}: prompt is {type(prompt).__name__}, expected a string")
        if not isinstance(ids, (list, tuple)) or not all(isinstance(i, str) for i in ids):
            raise IfbenchDataError(f"{where}: instruction_id_list must be a list of strings")
        if not isinstance(kwargs, (list, tuple)) or len(kwargs) != len(ids) or not all(isinstance(k, Mapping) for k in kwargs):
            raise IfbenchDataError(f"{where}: kwargs must be a list of {len(ids)} objects, one per instruction")
        for instruction_id, arguments in zip(ids, kwargs):
            try:
                build(instruction_id, {k: v for k, v in arguments.items() if v is not None}, random.Random(0))
            except InstructionArgumentError as error:
                raise IfbenchDataError(f"{where}: {error}") from error
        items.append(
            IfbenchItem(
                id=_item_id(key),
                key=key,
                prompt=prompt,
                instruction_id_list=tuple(ids),
                kwargs=tuple(dict(k) for k in kwargs),
            )
        )
    if not items:
        raise IfbenchDataError(f"{origin}: no rows")
    return items


def _cache_dir(options: IfbenchOptions) -> Path:
    return Path(options.cache_dir).expanduser() if options.cache_dir else Path.home() / ".cache" / "nemotron-evals" / "ifbench"


def _github_rows(data_dir: Path | None, options: IfbenchOptions) -> LoadedRows:
    candidates = []
    if data_dir is not None:
        candidates.append(Path(data_dir) / "ifbench" / GITHUB_FILE)
    cached = _cache_dir(options) / f"{REFERENCE_COMMIT[:7]}-{GITHUB_FILE}"
    candidates.append(cached)
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        if not options.allow_download:
            raise FileNotFoundError(
                f"IFBench test file not found at {', '.join(map(str, candidates))} and downloads are disabled; "
                f"put {GITHUB_URL} there"
            )
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".part")
        try:
            urllib.request.urlretrieve(GITHUB_URL, partial)
        except OSError as error:
            raise FileNotFoundError(
                f"IFBench test file not found locally ({', '.join(map(str, candidates))}) and the download of "
                f"{GITHUB_URL} failed ({error}); give --data-dir with ifbench/{GITHUB_FILE}"
            ) from error
        partial.replace(cached)
        path = cached
    digest = sha256_of(path)
    if digest != GITHUB_SHA256:
        raise IfbenchDataError(
            f"{path}: sha256 {digest} is not that of {GITHUB_FILE} at IFBench {REFERENCE_COMMIT[:7]} "
            f"({GITHUB_SHA256}); for another version use source 'file' (or 'hub')"
        )
    return LoadedRows(
        rows=read_jsonl(path),
        source=f"github:allenai/IFBench@{REFERENCE_COMMIT}/data/{GITHUB_FILE} (read from {path})",
        revision=f"sha256:{digest}",
        notes={"corrupted_upstream_keys": list(KNOWN_CORRUPTED_KEYS), "absent_keys": [str(k) for k in range(269, 275)]},
    )


def _hub_rows(data_dir: Path | None, options: IfbenchOptions) -> LoadedRows:
    import datasets  # heavy import, only for this source

    local = Path(data_dir) / "ifbench" / HUB_LOCAL_DIR if data_dir is not None else None
    if local is not None and local.is_dir():
        dataset = datasets.load_dataset(str(local), split=HUB_SPLIT)
        source, revision = f"{HUB_DATASET} (local copy {local})", None
    else:
        dataset = datasets.load_dataset(HUB_DATASET, split=HUB_SPLIT, revision=options.hub_revision)
        source, revision = f"hf:{HUB_DATASET}", options.hub_revision
    return LoadedRows(rows=[dict(row) for row in dataset], source=source, revision=revision)


def _file_rows(path: Path) -> LoadedRows:
    if not path.is_file():
        raise FileNotFoundError(f"IFBench data file {path} does not exist")
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        rows = pq.read_table(path).to_pylist()
    else:
        rows = read_jsonl(path)
    return LoadedRows(rows=rows, source=str(path), revision=f"sha256:{sha256_of(path)}")


def load_rows(data_dir: Path | None, options: IfbenchOptions) -> LoadedRows:
    if options.source == "github":
        return _github_rows(data_dir, options)
    if options.source == "hub":
        return _hub_rows(data_dir, options)
    return _file_rows(Path(options.path).expanduser())


def load_items(data_dir: Path | None, options: IfbenchOptions | None = None) -> tuple[list[IfbenchItem], LoadedRows]:
    options = options or IfbenchOptions()
    loaded = load_rows(data_dir, options)
    return normalise_rows(loaded.rows, loaded.source), loaded
