"""The record of every search and page fetch of a run, so that it can be re-scored and replayed.

One SQLite file under the run's output folder (safe for concurrent writers: several pytest-xdist
workers and threads). A search is keyed by (keywords, max_results, region), a fetch by the URL; each
row keeps where it came from (`duckduckgo`, `serpapi`, ...) and when, and a fetch keeps the raw page
(the `fetch_url_content` modes are applied when the page is served, so a page serves every mode).
`export_json` / `import_json` move a record between machines as plain JSON.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS searches (
    key TEXT PRIMARY KEY, keywords TEXT, max_results TEXT, region TEXT,
    results TEXT, error TEXT, source TEXT, recorded_at REAL);
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY, final_url TEXT, status INTEGER, content_type TEXT, text TEXT,
    truncated INTEGER, error TEXT, source TEXT, recorded_at REAL);
"""


@dataclass(frozen=True)
class SearchRecord:
    keywords: str
    max_results: Any
    region: Any
    results: list[dict[str, Any]] | None  # the engine's results as {title, href, body}
    error: str | None  # what the reference would return as {"error": ...}
    source: str
    recorded_at: float = 0.0


@dataclass(frozen=True)
class PageRecord:
    url: str
    final_url: str | None
    status: int | None
    content_type: str | None
    text: str | None  # raw page text (None when the fetch failed)
    truncated: bool
    error: str | None  # the failure text (after "An error occurred while fetching {url}: ")
    source: str
    recorded_at: float = 0.0


def search_key(keywords: Any, max_results: Any, region: Any) -> str:
    return json.dumps([str(keywords), repr(max_results), repr(region)])


class WebStore:
    """Append-only record of searches and pages (first record of a key wins)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with self._connect() as db:
            db.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=60)
        db.execute("PRAGMA busy_timeout = 60000")
        return db

    # -- searches
    def get_search(self, keywords: Any, max_results: Any, region: Any) -> SearchRecord | None:
        with self._lock, self._connect() as db:
            row = db.execute(
                "SELECT keywords, max_results, region, results, error, source, recorded_at FROM searches WHERE key = ?",
                (search_key(keywords, max_results, region),),
            ).fetchone()
        if row is None:
            return None
        return SearchRecord(row[0], json.loads(row[1]), json.loads(row[2]),
                            json.loads(row[3]) if row[3] is not None else None, row[4], row[5], row[6])  # fmt: skip

    def put_search(self, record: SearchRecord) -> SearchRecord:
        record = record if record.recorded_at else SearchRecord(**{**asdict(record), "recorded_at": time.time()})
        with self._lock, self._connect() as db:
            db.execute(
                "INSERT OR IGNORE INTO searches VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    search_key(record.keywords, record.max_results, record.region),
                    str(record.keywords),
                    json.dumps(record.max_results, default=repr),
                    json.dumps(record.region, default=repr),
                    json.dumps(record.results) if record.results is not None else None,
                    record.error,
                    record.source,
                    record.recorded_at,
                ),
            )
        return self.get_search(record.keywords, record.max_results, record.region) or record

    # -- pages
    def get_page(self, url: str) -> PageRecord | None:
        with self._lock, self._connect() as db:
            row = db.execute(
                "SELECT url, final_url, status, content_type, text, truncated, error, source, recorded_at"
                " FROM pages WHERE url = ?",
                (url,),
            ).fetchone()
        if row is None:
            return None
        return PageRecord(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6], row[7], row[8])

    def put_page(self, record: PageRecord) -> PageRecord:
        record = record if record.recorded_at else PageRecord(**{**asdict(record), "recorded_at": time.time()})
        with self._lock, self._connect() as db:
            db.execute(
                "INSERT OR IGNORE INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (record.url, record.final_url, record.status, record.content_type, record.text,
                 int(record.truncated), record.error, record.source, record.recorded_at),
            )  # fmt: skip
        return self.get_page(record.url) or record

    # -- summaries and portability
    def sources(self) -> dict[str, int]:
        """How many searches and pages came from each source."""
        with self._lock, self._connect() as db:
            rows = db.execute(
                "SELECT source, COUNT(*) FROM (SELECT source FROM searches UNION ALL SELECT source FROM pages) GROUP BY source"
            ).fetchall()
        return {source: count for source, count in rows}

    def export_json(self, path: Path | str) -> None:
        with self._lock, self._connect() as db:
            searches = db.execute("SELECT keywords, max_results, region, results, error, source, recorded_at FROM searches ORDER BY key").fetchall()
            pages = db.execute("SELECT url, final_url, status, content_type, text, truncated, error, source, recorded_at FROM pages ORDER BY url").fetchall()
        data = {
            "searches": [
                asdict(SearchRecord(r[0], json.loads(r[1]), json.loads(r[2]), json.loads(r[3]) if r[3] else None, r[4], r[5], r[6]))
                for r in searches
            ],
            "pages": [asdict(PageRecord(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7], r[8])) for r in pages],
        }
        Path(path).write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")

    def import_json(self, path: Path | str) -> None:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            searches = [SearchRecord(**row) for row in data["searches"]]
            pages = [PageRecord(**row) for row in data["pages"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}: not a web record export ({exc}); expected {{'searches': [...], 'pages': [...]}}") from None
        for record in searches:
            self.put_search(record)
        for page in pages:
            self.put_page(page)
