"""Loading the v4-only categories from ../shared/data/bfcl/v4, checked against what the reference
builds from the same files (digests in data_v4/reference_outputs.json)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from evals.bfcl.data import BfclDataError
from evals.bfcl.v4.data import (
    PYTHON_HINT,
    BfclV4DataError,
    data_folder,
    load_agentic,
    load_memory,
    load_prereqs,
    load_web_search,
)
from evals.bfcl.v4.prompts import AGENTIC_RESPONSE_FORMAT

REFERENCE = json.loads((Path(__file__).parent / "data_v4" / "reference_outputs.json").read_text(encoding="utf-8"))


def digest(rows) -> str:
    return hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()


def test_web_search_categories(shared_data):
    base = load_web_search(shared_data, "web_search_base")
    no_snippet = load_agentic(shared_data, "web_search_no_snippet")
    assert len(base) == len(no_snippet) == 100
    assert base[0].id == "web_search_base_0" and no_snippet[99].id == "web_search_no_snippet_99"
    assert base[0].show_snippet is True and no_snippet[0].show_snippet is False
    assert base[0].ground_truth == ["Zhang Yiming"] and base[0].num_hops == 3
    assert Counter(item.num_hops for item in base) == {2: 27, 3: 33, 4: 40}
    assert base[0].turns[0][0] == {"role": "system", "content": AGENTIC_RESPONSE_FORMAT}
    assert [f["name"] for f in base[0].functions] == ["search_engine_query", "fetch_url_content"]
    assert base[0].functions[0]["description"].endswith(PYTHON_HINT)
    # exactly what the reference prepares (ids, messages, function docs)
    assert digest([[i.id, i.turns, i.functions] for i in no_snippet]) == REFERENCE["web_search_no_snippet_sha256"]


def test_memory_categories_and_prereqs(shared_data):
    items = load_memory(shared_data, "memory_rec_sum")
    prereqs = load_prereqs(shared_data, "memory_rec_sum")
    assert len(items) == 155 and Counter(i.scenario for i in items) == {"student": 50, "customer": 30, "healthcare": 25, "finance": 25, "notetaker": 25}
    assert {k: len(v) for k, v in prereqs.items()} == {"student": 10, "customer": 10, "finance": 7, "healthcare": 5, "notetaker": 5}
    assert items[0].id == "memory_rec_sum_0-customer-0" and items[0].ground_truth == ["Michael"]
    assert prereqs["finance"][0].id == "memory_rec_sum_prereq_15-finance-0" and prereqs["finance"][0].position == 0
    assert all(c.turns[0][0]["role"] == "user" for convs in prereqs.values() for c in convs)  # no answer-format prompt
    # the reference's list: each scenario's prerequisites (last scenario first), then the 155 questions
    reference_order = [c for s in reversed(list(prereqs)) for c in prereqs[s]]
    rows = [[c.id, c.turns, c.functions] for c in reference_order] + [[i.id, i.turns, i.functions] for i in items]
    assert digest(rows) == REFERENCE["memory_rec_sum_sha256"]
    kv = load_memory(shared_data, "memory_kv")
    assert kv[0].involved_class == "MemoryAPI_kv" and len(kv[0].functions) == 15
    assert len(load_memory(shared_data, "memory_vector")[0].functions) == 12


def test_bad_data_is_reported_with_the_file(tmp_path, shared_data):
    with pytest.raises(BfclV4DataError, match="BFCL_v4_web_search.json"):
        data_folder(tmp_path)
    folder = tmp_path / "bfcl" / "v4"
    (folder / "possible_answer").mkdir(parents=True)
    (folder / "multi_turn_func_doc").mkdir()
    source = data_folder(shared_data)
    (folder / "BFCL_v4_web_search.json").write_text((source / "BFCL_v4_web_search.json").read_text())
    (folder / "multi_turn_func_doc" / "web_search.json").write_text((source / "multi_turn_func_doc" / "web_search.json").read_text())
    answers = (source / "possible_answer" / "BFCL_v4_web_search.json").read_text().splitlines()
    (folder / "possible_answer" / "BFCL_v4_web_search.json").write_text("\n".join(answers[:50]))
    with pytest.raises(BfclV4DataError, match="ids do not match"):
        load_web_search(tmp_path, "web_search_base")
    (folder / "possible_answer" / "BFCL_v4_web_search.json").write_text("\n".join(answers[:-1] + ["{oops"]))
    with pytest.raises(BfclDataError, match=r"BFCL_v4_web_search.json:100: not valid JSON"):
        load_web_search(tmp_path, "web_search_base")
    with pytest.raises(ValueError, match="not a web search category"):
        load_web_search(tmp_path, "web_search_fancy")
