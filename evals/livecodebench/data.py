"""LiveCodeBench data: rows of livecodebench/code_generation_lite, split selection, lazy private tests.

The hub files (test.jsonl ... test6.jsonl) are gigabytes because of the encoded private tests. Loading
keeps everything but those: each row's private tests are cut out of the raw line before it is parsed,
and only the file and byte offset are remembered; the tests are decoded when a case is scored.
"""

from __future__ import annotations

import base64
import calendar
import hashlib
import io
import json
import os
import pickle
import re
import tempfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

HUB_REPO = "livecodebench/code_generation_lite"
#: Cumulative file sets of the hub's loading script (release_vN = test.jsonl ... testN.jsonl).
RELEASE_FILES: dict[str, tuple[str, ...]] = {
    f"release_v{n}": tuple(["test.jsonl"] + [f"test{i}.jsonl" for i in range(2, n + 1)]) for n in range(1, 7)
}
DEFAULT_SPLIT = "test_v5_2407_2412"
_SPLIT = re.compile(r"^test_(v[1-6])_(\d{2})(\d{2})_(\d{2})(\d{2})$")
_PRIVATE_KEY = re.compile(rb'"private_test_cases"\s*:\s*"')
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_.:-]")


class DataError(ValueError):
    """A data file or row is not what the loader expects; the message names it."""


@dataclass(frozen=True)
class TestCase:
    input: str
    output: str
    testtype: str  # "stdin" | "functional"


@dataclass(frozen=True)
class Tests:
    """What the runner gets: public tests then private tests, and the function name (None = stdin)."""

    __test__ = False  # not a pytest test class

    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    fn_name: str | None

    def __len__(self) -> int:
        return len(self.inputs)


@dataclass(frozen=True)
class LcbProblem:
    id: str
    question_id: str
    question_title: str
    question_content: str
    platform: str
    contest_id: str
    contest_date: str
    starter_code: str
    difficulty: str
    public_tests: tuple[TestCase, ...]
    fn_name: str | None
    release_version: str
    source_file: str
    offset: int  # byte offset of the row in source_file (private tests are read from there)


@dataclass(frozen=True)
class SplitSpec:
    release_version: str
    start: date
    end: date


def parse_split(name: str) -> SplitSpec:
    """`test_v5_2407_2412` -> release_v5, 2024-07-01 .. 2024-12-31 (NeMo-Skills' month-range split names)."""
    m = _SPLIT.match(name)
    if not m:
        raise DataError(f"split {name!r}: expected test_v<N>_<YYMM>_<YYMM>, e.g. {DEFAULT_SPLIT}")
    version, sy, sm, ey, em = m.groups()
    start_year, start_month, end_year, end_month = 2000 + int(sy), int(sm), 2000 + int(ey), int(em)
    if not (1 <= start_month <= 12 and 1 <= end_month <= 12):
        raise DataError(f"split {name!r}: month out of range")
    last_day = calendar.monthrange(end_year, end_month)[1]
    return SplitSpec(f"release_{version}", date(start_year, start_month, 1), date(end_year, end_month, last_day))


def resolve_split(split: str, release_version: str | None, start_date: str | None, end_date: str | None) -> SplitSpec:
    """A named split, optionally overridden by an explicit release and inclusive date range (YYYY-MM-DD)."""
    spec = parse_split(split)
    release = release_version or spec.release_version
    if release not in RELEASE_FILES:
        raise DataError(f"release_version {release!r}: expected one of {sorted(RELEASE_FILES)}")
    try:
        start = date.fromisoformat(start_date) if start_date else spec.start
        end = date.fromisoformat(end_date) if end_date else spec.end
    except ValueError as exc:
        raise DataError(f"start_date/end_date: expected YYYY-MM-DD ({exc})") from None
    return SplitSpec(release, start, end)


def contest_day(value: str, where: str) -> date:
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S").date()
    except (TypeError, ValueError):
        raise DataError(f"{where}: contest_date {value!r} is not YYYY-MM-DDTHH:MM:SS") from None


def _light_row(line: bytes) -> dict[str, Any]:
    """Parse a row with its private_test_cases string replaced by "" (without decoding it)."""
    m = _PRIVATE_KEY.search(line)
    if m is not None:
        end = line.find(b'"', m.end())
        if end != -1 and line.find(b"\\", m.end(), end) == -1:
            return json.loads(line[: m.end()] + line[end:])
    row = json.loads(line)
    row["private_test_cases"] = ""
    return row


def iter_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(byte offset, light row) for each line of a hub file."""
    offset = 0
    with open(path, "rb") as f:
        for lineno, line in enumerate(f, 1):
            here, offset = offset, offset + len(line)
            if not line.strip():
                continue
            try:
                yield here, _light_row(line)
            except json.JSONDecodeError as exc:
                raise DataError(f"{path}:{lineno}: not a JSON object ({exc})") from None


_REQUIRED = (
    "question_title", "question_content", "platform", "question_id", "contest_id", "contest_date",
    "starter_code", "difficulty", "public_test_cases", "private_test_cases", "metadata",
)


def problem_from_row(row: dict[str, Any], release: str, path: Path, offset: int) -> LcbProblem:
    where = f"{path}@{offset}"
    missing = [k for k in _REQUIRED if k not in row]
    if missing:
        raise DataError(f"{where}: row lacks {missing}")
    try:
        public = json.loads(row["public_test_cases"]) if row["public_test_cases"] else []
        metadata = json.loads(row["metadata"])
    except (TypeError, json.JSONDecodeError) as exc:
        raise DataError(f"{where} ({row['question_id']}): public_test_cases/metadata are not JSON ({exc})") from None
    qid = str(row["question_id"])
    return LcbProblem(
        id=_ID_UNSAFE.sub("_", qid),
        question_id=qid,
        question_title=row["question_title"],
        question_content=row["question_content"],
        platform=row["platform"],
        contest_id=str(row["contest_id"]),
        contest_date=row["contest_date"],
        starter_code=row["starter_code"],
        difficulty=row["difficulty"],
        public_tests=tuple(TestCase(t["input"], t["output"], t["testtype"]) for t in public),
        fn_name=metadata.get("func_name"),
        release_version=release,
        source_file=str(path),
        offset=offset,
    )


def default_index_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nemotron-evals" / "livecodebench"


def indexed_rows(path: Path, index_dir: Path | None) -> list[tuple[int, dict[str, Any]]]:
    """iter_rows(path), remembered in `index_dir` (keyed by path, size and mtime): reading gigabytes
    once is unavoidable, at every collection it is not. The index holds no private tests."""
    if index_dir is None:
        return list(iter_rows(path))
    st = path.stat()
    key = hashlib.sha256(f"{path.resolve()}:{st.st_size}:{st.st_mtime_ns}".encode()).hexdigest()[:24]
    index = Path(index_dir) / f"{path.name}.{key}.json"
    if index.is_file():
        try:
            return [(offset, row) for offset, row in json.loads(index.read_text(encoding="utf-8"))]
        except (ValueError, TypeError):
            pass  # a damaged index is rebuilt
    rows = list(iter_rows(path))
    try:
        index.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=index.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(rows, f)
        os.replace(tmp, index)
    except OSError:
        pass  # no writable cache: load from the files each time
    return rows


def load_problems(data_dir: Path, spec: SplitSpec, index_dir: Path | None = None) -> list[LcbProblem]:
    """Problems of `spec.release_version` with start <= contest day <= end, in file order."""
    problems: list[LcbProblem] = []
    seen: set[str] = set()
    for name in RELEASE_FILES[spec.release_version]:
        path = Path(data_dir) / name
        if not path.is_file():
            raise DataError(
                f"{path}: missing; --data-dir must hold the files of {HUB_REPO} "
                f"({', '.join(RELEASE_FILES[spec.release_version])} for {spec.release_version})"
            )
        for offset, row in indexed_rows(path, index_dir):
            day = contest_day(row.get("contest_date"), f"{path}@{offset}")
            if not spec.start <= day <= spec.end:
                continue
            problem = problem_from_row(row, spec.release_version, path, offset)
            if problem.id in seen:
                raise DataError(f"{path}@{offset}: duplicate question_id {problem.question_id!r}")
            seen.add(problem.id)
            problems.append(problem)
    return problems


class _StringsOnly(pickle.Unpickler):
    """The encoded tests are a pickled JSON string: refuse any pickle that names a class or function."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"refusing {module}.{name} in private_test_cases")


def decode_private_tests(text: str) -> list[dict[str, Any]]:
    """As the reference: JSON if it parses, else json.loads(pickle.loads(zlib.decompress(b64decode(text))))."""
    try:
        return json.loads(text)
    except Exception:
        raw = zlib.decompress(base64.b64decode(text.encode("utf-8")))
        return json.loads(_StringsOnly(io.BytesIO(raw)).load())


def encode_private_tests(tests: list[dict[str, Any]]) -> str:
    """The hub's encoding (used to build fixture rows): base64(zlib(pickle(json string)))."""
    return base64.b64encode(zlib.compress(pickle.dumps(json.dumps(tests)))).decode("ascii")


@lru_cache(maxsize=4)
def _private_tests(source_file: str, offset: int, mtime_ns: int) -> tuple[TestCase, ...]:
    with open(source_file, "rb") as f:
        f.seek(offset)
        row = json.loads(f.readline())
    try:
        decoded = decode_private_tests(row["private_test_cases"])
        return tuple(TestCase(t["input"], t["output"], t["testtype"]) for t in decoded)
    except Exception as exc:
        raise DataError(f"{source_file}@{offset} ({row.get('question_id')}): private_test_cases: {exc}") from None


def load_tests(problem: LcbProblem) -> Tests:
    """Public then private tests, as the reference's get_evaluation_sample orders them."""
    private = _private_tests(problem.source_file, problem.offset, Path(problem.source_file).stat().st_mtime_ns)
    every = problem.public_tests + private
    return Tests(tuple(t.input for t in every), tuple(t.output for t in every), problem.fn_name)
