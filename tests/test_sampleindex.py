"""The byte-offset index of samples.jsonl (fixtures/sampleindex.py): classes, last line wins, built once, quick reads."""

from __future__ import annotations

import json
from pathlib import Path

from fixtures import sampleindex
from tests.support.reportrun import report_run, run_folder  # noqa: F401  (report_run is a fixture)
from tests.support.synthetic_run import write_synthetic_run


def sample(item: str, repeat: int, correct: bool | None, **extra) -> dict:
    verdict = None if correct is None else {"correct": correct, "extracted": extra.pop("extracted", "A"), "expected": "A",
                                            "reason": "r", "scores": {}, "subsets": {"category": "x"}, "details": {}}
    line = {"index": int(item), "task": "t", "item": item, "repeat": repeat,
            "generation": {"request": {}, "content": extra.pop("content", "Answer: A"), "reasoning": None, "finish_reason": extra.pop("finish", "stop"),
                           "usage": {"completion_tokens": 10}, "truncated": False, "latency_s": 0.5}, "verdict": verdict}
    line.update(extra)
    return line


def test_index_keeps_the_last_line_of_a_case_classifies_and_is_built_once(tmp_path: Path):
    lines = [sample("1", 0, False), sample("1", 1, True), sample("2", 0, None, error="HTTP 500"),
             sample("3", 0, False, extracted=None, finish="length"), sample("1", 0, True)]  # a re-run appended 1-r0 again
    path = tmp_path / "samples.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    index = sampleindex.task_index("t", tmp_path)
    assert [(e.item, e.repeat, e.status) for e in index.entries] == [("1", 0, "right"), ("1", 1, "right"), ("2", 0, "error"), ("3", 0, "wrong")]
    assert index.duplicates == 1
    assert sampleindex.read_line(path, index.entries[0])["verdict"]["correct"] is True  # the last line's offset
    assert index.verdict_classes(index.entries[3]) == ["wrong", "truncated", "unextracted"]
    assert index.class_counts() == {"right": 2, "wrong": 1, "error": 1, "truncated": 1, "unextracted": 1}  # each case in each of its classes
    saved = tmp_path / sampleindex.INDEX_NAME
    assert saved.exists()
    assert sampleindex.load("t", path, saved).entries == index.entries  # reused as long as samples.jsonl is unchanged
    with path.open("a") as handle:
        handle.write(json.dumps(sample("4", 0, True)) + "\n")
    assert sampleindex.load("t", path, saved) is None  # stale: rebuilt on the next use
    assert len(sampleindex.task_index("t", tmp_path).entries) == 5
    path.write_text(path.read_text() + "{not json\n")
    try:
        sampleindex.task_index("t", tmp_path)
    except ValueError as exc:
        assert f"{path}:7" in str(exc)
    else:
        raise AssertionError("a bad line must be an error naming the file and line")


def test_the_quick_read_of_a_line_gives_the_same_entry_as_parsing_it_whole(report_run, tmp_path: Path):
    """quick_sample skips the request and reasoning; where it answers, the entry must be the full parse's."""
    write_synthetic_run(tmp_path / "synthetic", 600, repeats=2)
    paths = sorted((tmp_path / "synthetic").glob("*/samples.jsonl")) + sorted(run_folder(report_run).glob("*/samples.jsonl"))
    quick = 0
    for path in paths:
        for raw in path.read_bytes().splitlines():
            full = json.loads(raw)
            fast = sampleindex.quick_sample(raw)
            single = full["generation"] is None or "request" in full["generation"]
            assert (fast is not None) == single, (path, raw[:200])  # multi-step generations are parsed whole
            if fast is not None:
                quick += 1
                assert sampleindex.entry_of(fast, 0, len(raw)) == sampleindex.entry_of(full, 0, len(raw))
    assert quick > 400
    odd = {"index": 1, "task": "t", "item": "i", "repeat": 0,
           "generation": {"request": {}, "content": "a", "reasoning": None, "tool_calls": [{"content": "x, \"reasoning\": 1"}],
                          "finish_reason": "stop", "usage": {"finish_reason": "nested"}, "latency_s": 1.0},
           "verdict": {"correct": True, "details": {"verdict": 1}}}
    raw = json.dumps(odd).encode()
    fast = sampleindex.quick_sample(raw)
    assert fast is None or sampleindex.entry_of(fast, 0, 1) == sampleindex.entry_of(odd, 0, 1)
    assert sampleindex.quick_sample(raw[:-5]) is None  # a cut line is left to the full parse, which names it


def test_the_index_a_run_saves_while_writing_its_samples_is_the_one_a_scan_of_the_file_builds(report_run):
    assert "not written" not in report_run.stderr, report_run.stderr
    for folder in sorted(p for p in run_folder(report_run).iterdir() if (p / "samples.jsonl").exists()):
        path = folder / "samples.jsonl"
        saved = sampleindex.load(folder.name, path, folder / sampleindex.INDEX_NAME)
        built = sampleindex.build(folder.name, path)
        assert saved is not None and built.entries, folder
        assert (saved.entries, saved.uses_answers, saved.duplicates) == (built.entries, built.uses_answers, 0)
        assert [sampleindex.read_line(path, e)["item"] for e in saved.entries] == [e.item for e in built.entries]
