"""AIME 2025 loading: NeMo-Skills' file and the pinned hub dataset."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest

from evals.aime2025.data import HUB_REVISION, AimeDataError, load_aime
from evals.aime2025.prompt import AimeOptions
from evals.common.math_equal import math_equal

# Answers of AIME 2025 I (1-15) then II (1-15), in the order of NeMo-Skills' aime25 file.
ANSWERS = (
    "70 588 16 117 279 504 821 77 62 81 259 510 204 60 735 "
    "468 49 82 106 336 293 237 610 149 907 113 19 248 104 240"
).split()


def test_real_file(real_aime_dir: Path):
    dataset = load_aime(real_aime_dir)
    assert [item.id for item in dataset.items] == [f"aime25-{k}" for k in range(30)]
    assert [item.expected_answer for item in dataset.items] == ANSWERS
    assert dataset.revision == "sha256:b672f9c6660b68dd42f5fc705b17405f24eaa9991c98991d63463c6b683468a8"
    assert all(item.problem.strip() for item in dataset.items)


def test_real_answers_are_judged(real_aime_dir: Path):
    """Every gold answer accepts itself, a zero-padded form and a fraction of it, and rejects its successor."""
    for item in load_aime(real_aime_dir).items[:10]:
        gold = item.expected_answer
        assert math_equal(gold, gold)
        assert math_equal(gold, gold.zfill(3))
        assert math_equal(gold, f"\\frac{{{2 * int(gold)}}}{{2}}")
        assert not math_equal(gold, str(int(gold) + 1))


def test_bad_line_names_file_and_line(tmp_path: Path):
    path = tmp_path / "aime2025" / "test.jsonl"
    path.parent.mkdir()
    path.write_text(json.dumps({"id": "aime25-0", "problem": "p", "expected_answer": "1"}) + "\n{oops\n")
    with pytest.raises(AimeDataError, match=r"test.jsonl, line 2: not JSON"):
        load_aime(tmp_path)
    path.write_text(json.dumps({"id": "aime25-0", "problem": "p"}) + "\n")
    with pytest.raises(AimeDataError, match=r"test.jsonl, line 1: missing key 'expected_answer'"):
        load_aime(tmp_path)


def test_missing_file(tmp_path: Path):
    with pytest.raises(AimeDataError, match=r"aime2025/test.jsonl: not found"):
        load_aime(tmp_path)


def test_hub_loader(monkeypatch):
    calls = []

    def load_dataset(name, config, split, revision):
        calls.append((name, config, split, revision))
        part = 1 if config == "AIME2025-I" else 2
        return [{"question": f"synthetic {part}-{n}", "answer": str(100 * part + n)} for n in range(15)]

    monkeypatch.setitem(sys.modules, "datasets", types.SimpleNamespace(load_dataset=load_dataset))
    dataset = load_aime(None, AimeOptions())
    assert calls == [
        ("opencompass/AIME2025", "AIME2025-I", "test", HUB_REVISION),
        ("opencompass/AIME2025", "AIME2025-II", "test", HUB_REVISION),
    ]
    assert [item.id for item in dataset.items] == [f"aime25-{k}" for k in range(30)]
    assert dataset.items[15].problem == "synthetic 2-0" and dataset.items[15].expected_answer == "200"
    assert dataset.revision == HUB_REVISION
    load_aime(None, AimeOptions(revision="deadbeef"))
    assert calls[-1][3] == "deadbeef"


def test_duplicate_id_is_named(tmp_path: Path):
    path = tmp_path / "aime2025" / "test.jsonl"
    path.parent.mkdir()
    rows = [{"id": f"aime25-{n}", "problem": "p", "expected_answer": "1"} for n in (0, 1, 2, 1)]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    with pytest.raises(AimeDataError, match=r"test.jsonl: duplicate id 'aime25-1' \(problems 2 and 4\)"):
        load_aime(tmp_path)
