"""A cache row that cannot be decoded, or is not a response, is a miss: re-sent, replaced, and reported once."""

from __future__ import annotations

import json
import sqlite3
import zlib

import pytest

from tests.support.evalrun import run_evals, write_config
from tests.test_mmlu_pro import FIXTURE_DATA, answer_book, scripted


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one-process", "xdist"])
def test_corrupt_cache_rows_are_resent_replaced_and_named(loopback, tmp_path, workers):
    """Under xdist each worker heals its own cases' rows and the controller adds up their counts."""
    book = answer_book()
    loopback.handler = scripted(book)
    config = write_config(tmp_path / "c.yaml", loopback.url)
    args = ["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA), *workers]
    out = tmp_path / "out"
    first = run_evals(args, out, "first")
    assert first.returncode == 0, first.stdout
    cache = out / "cache" / "responses.sqlite"
    with sqlite3.connect(cache) as db:
        keys = [row[0] for row in db.execute("SELECT key FROM responses ORDER BY key LIMIT 3")]
        bad = [b"\x78\x9c not zlib at all", zlib.compress(b"{not json"), zlib.compress(json.dumps({"choices": "none"}).encode())]
        for key, blob in zip(keys, bad):
            db.execute("UPDATE responses SET body = ? WHERE key = ?", (blob, key))
    sent = loopback.count

    healed = run_evals(args, out, "second")
    assert healed.returncode == 0, healed.stdout
    assert loopback.count - sent == 3
    lines = [line for line in healed.stdout.splitlines() if "response cache" in line]
    assert len(lines) == 1 and str(cache) in lines[0] and "3 row(s) could not be decoded" in lines[0] and "3 row(s) were replaced" in lines[0]
    for key in ("headline", "cases", "metrics"):
        assert healed.results("mmlu_pro")[key] == first.results("mmlu_pro")[key]

    again = run_evals(args, out, "third")
    assert again.returncode == 0 and loopback.count - sent == 3  # the replaced rows are read back now
    assert "response cache" not in again.stdout
