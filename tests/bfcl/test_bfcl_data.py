"""Loading both file sets: counts, ids, ground truth pairing, errors that name the file."""

from __future__ import annotations

import json

import pytest

from evals.bfcl.categories import MULTI_TURN_HOOK, SINGLE_TURN, category_of_id
from evals.bfcl.data import BfclDataError, files_checksum, load_category
from tests.bfcl.conftest import bfcl_dir

COUNTS = {
    "v4": {"simple_python": 400, "simple_java": 100, "simple_javascript": 50, "multiple": 200, "parallel": 200,
           "parallel_multiple": 200, "irrelevance": 240, "live_simple": 258, "live_multiple": 1053, "live_parallel": 16,
           "live_parallel_multiple": 24, "live_irrelevance": 884, "live_relevance": 16},
    "v3": {"simple_python": 400, "simple_java": 100, "simple_javascript": 50, "multiple": 200, "parallel": 200,
           "parallel_multiple": 200, "irrelevance": 240, "live_simple": 258, "live_multiple": 1053, "live_parallel": 16,
           "live_parallel_multiple": 24, "live_irrelevance": 882, "live_relevance": 18},
}


@pytest.mark.parametrize("file_set", ["v4", "v3"])
def test_counts_and_ids(file_set: str) -> None:
    data = bfcl_dir(file_set)
    seen: set[str] = set()
    for name in SINGLE_TURN:
        items = load_category(data, name, file_set)
        assert len(items) == COUNTS[file_set][name], name
        for it in items:
            assert it.category == name and it.file_set == file_set
            assert category_of_id(it.id).name == name
            assert (it.ground_truth is not None) == (name not in ("irrelevance", "live_irrelevance", "live_relevance"))
        seen.update(it.id for it in items)
    assert sum(COUNTS[file_set].values()) == len(seen)


def test_v3_names_and_positional_pairing() -> None:
    items = load_category(bfcl_dir("v3"), "simple_java", "v3")
    assert items[0].id == "java_0"
    last = load_category(bfcl_dir("v3"), "live_multiple", "v3")[-1]
    assert last.id == "live_multiple_1052-79-0"
    assert last.extra["ground_truth_id"] == "live_multiple_1052-279-0"


def test_duplicate_v3_id_is_kept_under_a_distinct_id() -> None:
    items = load_category(bfcl_dir("v3"), "live_relevance", "v3")
    dup = [it for it in items if it.id.startswith("live_relevance_3-3-0")]
    assert [it.id for it in dup] == ["live_relevance_3-3-0", "live_relevance_3-3-0.dup1"]
    assert dup[1].extra["data_id"] == "live_relevance_3-3-0"
    assert dup[0].question != dup[1].question


def test_multi_turn_is_not_loaded_here() -> None:
    with pytest.raises(BfclDataError, match="evals/bfcl/multi_turn"):
        load_category(bfcl_dir("v4"), "multi_turn_base", "v4")
    assert "evals/bfcl/multi_turn" in MULTI_TURN_HOOK


def test_errors_name_the_file(tmp_path) -> None:
    with pytest.raises(BfclDataError, match="BFCL_v4_parallel.json"):
        load_category(tmp_path, "parallel", "v4")
    (tmp_path / "BFCL_v4_irrelevance.json").write_text('{"id": "irrelevance_0", "question": [[]], "function": []}\nnot json\n')
    with pytest.raises(BfclDataError, match=r"BFCL_v4_irrelevance.json:2"):
        load_category(tmp_path, "irrelevance", "v4")
    (tmp_path / "BFCL_v4_irrelevance.json").write_text(json.dumps({"id": "irrelevance_0", "question": [[]]}) + "\n")
    with pytest.raises(BfclDataError, match="'function'"):
        load_category(tmp_path, "irrelevance", "v4")
    with pytest.raises(BfclDataError, match="file set"):
        load_category(tmp_path, "irrelevance", "v5")


def test_checksum_is_stable() -> None:
    data = bfcl_dir("v4")
    assert files_checksum(data, ["parallel"], "v4") == files_checksum(data, ["parallel"], "v4")
    assert files_checksum(data, ["parallel"], "v4") != files_checksum(data, ["multiple"], "v4")
