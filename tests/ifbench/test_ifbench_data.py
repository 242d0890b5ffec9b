"""Loading the IFBench test prompts: the 294-row file (with its corrupted key 268), other versions, bad rows."""

from __future__ import annotations

import json
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from evals.ifbench.data import (
    GITHUB_SHA256,
    IfbenchDataError,
    IfbenchOptions,
    load_items,
    normalise_rows,
)
from evals.ifbench.registry import INSTRUCTIONS


def _data_dir_with(tmp_path, source):
    (tmp_path / "ifbench").mkdir()
    shutil.copy(source, tmp_path / "ifbench" / "IFBench_test.jsonl")
    return tmp_path


def test_the_294_row_file_loads_every_row(ifbench_test_file, tmp_path):
    items, loaded = load_items(_data_dir_with(tmp_path, ifbench_test_file), IfbenchOptions(allow_download=False))
    assert len(items) == 294
    assert loaded.revision == f"sha256:{GITHUB_SHA256}"
    assert "c6767a19bd82ac0536cab950f2f8f6bcc6fabe7c" in loaded.source
    keys = [item.key for item in items]
    assert keys[:3] == ["0", "1", "2"] and len(set(keys)) == 294
    assert not {str(k) for k in range(269, 275)} & set(keys)
    # Key 268 is a merged, corrupted row upstream: loaded as is, with its one csv_city instruction.
    corrupted = next(item for item in items if item.key == "268")
    assert corrupted.id == "268"
    assert corrupted.instruction_id_list == ("custom:csv_city",)
    assert "\t['words:vowel']\t" in corrupted.prompt
    assert sum(len(item.instruction_id_list) for item in items) == 335
    used = {i for item in items for i in item.instruction_id_list}
    assert used <= set(INSTRUCTIONS) and len(used) == 57  # custom:character_reverse only in the 300-row file
    # Prompts are kept byte for byte, trailing spaces included (keys 0, 1 and 153 have them).
    assert items[0].prompt.endswith("response. ")


def test_another_version_under_the_github_name_is_refused(tmp_path):
    (tmp_path / "ifbench").mkdir()
    (tmp_path / "ifbench" / "IFBench_test.jsonl").write_text(
        json.dumps({"key": "0", "prompt": "p", "instruction_id_list": ["format:no_whitespace"], "kwargs": [{}]}) + "\n"
    )
    with pytest.raises(IfbenchDataError, match="sha256"):
        load_items(tmp_path, IfbenchOptions(allow_download=False))


def test_missing_file_without_download_says_where_to_put_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="raw.githubusercontent.com/allenai/IFBench/c6767a1"):
        load_items(tmp_path, IfbenchOptions(allow_download=False, cache_dir=str(tmp_path / "cache")))


def test_file_source_reads_parquet_with_hub_style_rows(tmp_path):
    # The hub copy is parquet: integer keys, and kwargs structs holding every argument name.
    rows = [
        {"key": 7, "prompt": "Say it", "instruction_id_list": ["count:numbers"], "kwargs": [{"N": 2.0, "word": None}]},
        {"key": 8, "prompt": "Reverse", "instruction_id_list": ["custom:character_reverse"], "kwargs": [{"N": None, "word": None}]},
    ]
    path = tmp_path / "test.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    items, loaded = load_items(None, IfbenchOptions(source="file", path=str(path)))
    assert [item.id for item in items] == ["7", "8"]
    assert items[0].kwargs == ({"N": 2.0, "word": None},)
    assert loaded.revision.startswith("sha256:")


@pytest.mark.parametrize(
    "row, message",
    [
        ({"prompt": "p", "instruction_id_list": [], "kwargs": []}, "missing field"),
        ({"key": "9", "prompt": 3, "instruction_id_list": ["format:no_whitespace"], "kwargs": [{}]}, "prompt is int"),
        ({"key": "9", "prompt": "p", "instruction_id_list": ["format:no_whitespace"], "kwargs": []}, "kwargs must be a list of 1"),
        ({"key": "9", "prompt": "p", "instruction_id_list": ["count:made_up"], "kwargs": [{}]}, "unknown IFBench instruction"),
        ({"key": "9", "prompt": "p", "instruction_id_list": ["count:numbers"], "kwargs": [{"N": None}]}, "'N' is missing"),
    ],
)
def test_bad_rows_are_reported_with_row_and_key(row, message):
    with pytest.raises(IfbenchDataError, match=message) as error:
        normalise_rows([row], "some.jsonl")
    assert "some.jsonl: row 1" in str(error.value)


def test_duplicate_keys_are_refused():
    row = {"key": "1", "prompt": "p", "instruction_id_list": ["format:no_whitespace"], "kwargs": [{}]}
    with pytest.raises(IfbenchDataError, match="duplicate key"):
        normalise_rows([row, dict(row)], "f.jsonl")


def test_options_are_validated():
    with pytest.raises(ValueError, match="source"):
        IfbenchOptions(source="web")
    with pytest.raises(ValueError, match="needs option path"):
        IfbenchOptions(source="file")
    with pytest.raises(ValueError, match="headline"):
        IfbenchOptions(headline="instruction_loose")


def test_hub_source_reads_a_local_copy_of_the_hub_files(tmp_path):
    rows = [
        {"key": 273, "prompt": "Reverse it", "instruction_id_list": ["custom:character_reverse"], "kwargs": [{"N": None}]},
        {"key": 274, "prompt": "Numbers", "instruction_id_list": ["count:numbers"], "kwargs": [{"N": 3.0}]},
    ]
    folder = tmp_path / "ifbench" / "IFBench_test_hub" / "data"
    folder.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(rows), folder / "train-00000-of-00001.parquet")
    items, loaded = load_items(tmp_path, IfbenchOptions(source="hub"))
    assert [item.key for item in items] == ["273", "274"]
    assert items[1].kwargs == ({"N": 3.0},)
    assert "allenai/IFBench_test" in loaded.source and "local copy" in loaded.source
