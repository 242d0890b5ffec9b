"""The response cache keeps its SQLite work off the caller's thread: misses from memory, writes in batches."""

from __future__ import annotations

import sqlite3
import time

from fixtures.cache import ResponseCache

BODY = {"choices": [{"message": {"role": "assistant", "content": "B"}, "finish_reason": "stop"}]}


def statements(cache: ResponseCache) -> list[str]:
    """The SQL that the calling thread's connection runs from now on."""
    seen: list[str] = []
    cache._connection().set_trace_callback(seen.append)
    return seen


def rows_on_disk(path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("SELECT key FROM responses")}


def test_a_miss_asks_sqlite_nothing_and_a_put_is_readable_at_once(tmp_path):
    cache = ResponseCache(tmp_path / "c.sqlite", flush_interval=60)
    seen = statements(cache)
    assert all(cache.get(f"missing-{i}") is None for i in range(100))
    cache.put("k", BODY)
    assert cache.get("k") == BODY  # before the writer thread wrote it
    assert seen == []
    cache.close()
    assert rows_on_disk(tmp_path / "c.sqlite") == {"k"}


def test_the_writer_thread_writes_batches_and_a_reopened_cache_reads_them(tmp_path):
    path = tmp_path / "c.sqlite"
    cache = ResponseCache(path, flush_interval=0.05)
    for i in range(50):
        cache.put(f"k{i}", {**BODY, "id": i})
    deadline = time.monotonic() + 30
    while len(rows_on_disk(path)) < 50 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(rows_on_disk(path)) == 50  # written without close
    cache.close()
    again = ResponseCache(path)
    seen = statements(again)
    assert again.get("k7") == {**BODY, "id": 7} and any("SELECT body" in s for s in seen)
    assert again.count() == 50
    again.close()


def test_a_later_put_of_a_key_wins(tmp_path):
    path = tmp_path / "c.sqlite"
    cache = ResponseCache(path, flush_interval=60)
    cache.put("k", {**BODY, "id": 1})
    cache.flush()
    cache.put("k", {**BODY, "id": 2})
    cache.close()
    assert ResponseCache(path).get("k") == {**BODY, "id": 2}


def test_a_failed_write_is_counted_and_named_not_lost_silently(tmp_path):
    path = tmp_path / "c.sqlite"
    ResponseCache(path).close()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TRIGGER full BEFORE INSERT ON responses BEGIN SELECT RAISE(ABORT, 'disk is full'); END")
    cache = ResponseCache(path, flush_interval=60)
    cache.put("a", BODY)
    cache.put("b", BODY)
    cache.close()
    assert cache.unwritten == 2 and "disk is full" in (cache.write_error or "")
    assert cache.get("a") is None  # not claimed as cached once it could not be written
