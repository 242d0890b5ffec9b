"""Loading the multi-turn entries and building their tools, on the real BFCL files."""

from __future__ import annotations

import json

import pytest

from evals.bfcl.multi_turn.data import CATEGORIES, DataError, load_category
from evals.bfcl.multi_turn.tools import PYTHON_HINT, ToolDocs, tools_for

from .mt_helpers import bfcl_dir, item_by_id, items


@pytest.mark.parametrize("category", CATEGORIES)
def test_each_category_has_200_entries_with_ground_truth_per_turn(category):
    loaded = items(category)
    assert len(loaded) == 200
    assert [it.id for it in loaded[:2]] == [f"{category}_0", f"{category}_1"]
    for it in loaded:
        assert len(it.ground_truth) == len(it.question)
        assert it.long_context == (category == "multi_turn_long_context")


def test_v3_file_names_load_too():
    loaded = load_category(bfcl_dir("v3"), "multi_turn_base")
    assert len(loaded) == 200 and loaded[0].id == "multi_turn_base_0"


def test_functions_follow_involved_classes_order():
    it = item_by_id("multi_turn_base_14")
    assert it.involved_classes == ["MessageAPI", "GorillaFileSystem"]
    names = [doc["name"] for doc in it.functions]
    assert names[:10] == sorted(names[:10]) and "add_contact" == names[0] and "cat" == names[10]
    assert len(names) == 10 + 18


def test_miss_func_holds_out_the_named_docs():
    it = item_by_id("multi_turn_miss_func_0")
    assert {k: [d["name"] for d in v] for k, v in it.held_out.items()} == {"3": ["sort"]}
    assert "sort" not in [doc["name"] for doc in it.functions]
    assert it.question[3] == []


def test_missing_files_are_named(tmp_path):
    with pytest.raises(DataError, match="no multi_turn_base file"):
        load_category(tmp_path, "multi_turn_base")
    with pytest.raises(DataError, match="unknown multi-turn category"):
        load_category(tmp_path, "multi_turn_composite")


def test_tools_are_nemo_skills_convert_to_tool_of_hinted_docs():
    it = item_by_id("multi_turn_base_14")
    tools = ToolDocs(it.functions).tools()
    by_name = {t["function"]["name"]: t["function"] for t in tools}
    cat = by_name["cat"]
    assert cat["description"].endswith("currrent directory." + PYTHON_HINT)
    assert cat["parameters"]["type"] == "object" and cat["parameters"]["properties"]["file_name"]["type"] == "string"
    assert "response" in cat  # kept as in the reference
    assert it.functions[0]["description"].endswith(PYTHON_HINT) is False  # the item's docs stay raw


def test_float_parameters_get_number_type_and_note():
    doc = {"name": "a.b", "description": "d", "parameters": {"type": "dict", "properties": {
        "x": {"type": "float", "description": "X."}, "xs": {"type": "array", "items": {"type": "float"}, "description": "L."}}}}
    (tool,) = tools_for([doc])
    assert tool["function"]["name"] == "a_b"
    assert tool["function"]["parameters"]["properties"]["x"] == {
        "type": "number", "description": "X. This is a float type value.", "format": "float"}
    assert tool["function"]["parameters"]["properties"]["xs"]["items"] == {"type": "number"}
    assert doc["parameters"]["type"] == "dict"  # input untouched


def test_holdout_rehints_earlier_docs_like_nemo_skills():
    it = item_by_id("multi_turn_miss_func_0")
    docs = ToolDocs(it.functions)
    before = {t["function"]["name"]: t["function"]["description"] for t in docs.tools()}
    docs.add_held_out(it.held_out["3"])
    after = {t["function"]["name"]: t["function"]["description"] for t in docs.tools()}
    assert list(after)[-1] == "sort"
    assert after["sort"].count(PYTHON_HINT) == 1
    assert after["cd"] == before["cd"] + PYTHON_HINT  # hinted twice from here on
    assert json.dumps(after["cd"]).count("Python 3 syntax") == 2
