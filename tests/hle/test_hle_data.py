"""Loading HLE: the local mirror in both formats, the text-only filter and its counts, bad input."""

from __future__ import annotations

import json

import pytest

from evals.hle import data
from evals.hle.data import HleDataError, load_rows
from evals.hle.options import HleOptions
from evals.hle.task import load
from tests.hle import synthetic


@pytest.fixture(params=["jsonl", "parquet"])
def mirror(request, tmp_path):
    if request.param == "jsonl":
        synthetic.write_jsonl(tmp_path / "hle" / "test.jsonl", synthetic.rows())
    else:
        synthetic.write_parquet(tmp_path / "hle" / "data" / "test-00000-of-00001.parquet", synthetic.rows())
    return tmp_path


def test_text_only_by_default_counts_skipped_image_rows(mirror):
    loaded, source, revision = load_rows(mirror, HleOptions())
    assert [item.id for item in loaded.items] == [f"synth{i:04d}" for i in range(8)]
    assert all(not item.has_image for item in loaded.items)
    assert loaded.rows == 12 and loaded.image_rows == 4 and loaded.image_rows_skipped == 4
    assert loaded.notes()["image_rows_skipped"] == 4 and loaded.notes()["items"] == 8
    assert revision.startswith("sha256:") and len(revision) == len("sha256:") + 64
    assert "hle" in source


def test_items_keep_the_fields_the_task_uses(mirror):
    loaded, _, _ = load_rows(mirror, HleOptions())
    mc = loaded.items[1]
    assert mc.answer == "B" and mc.answer_type == "multipleChoice"
    assert mc.question.startswith("Synthetic question 1: which letter comes first?\n\nAnswer Choices:\nA. b")
    assert mc.category == "Humanities/Social Science" and mc.raw_subject == "Synthetic Humanities/Social Science"
    assert {item.answer_type for item in loaded.items} == {"exactMatch", "multipleChoice"}
    assert {item.category for item in loaded.items} == set(data.CATEGORIES)


def test_images_option_keeps_image_rows_with_their_data_url(mirror):
    loaded, _, _ = load_rows(mirror, HleOptions(images=True))
    assert len(loaded.items) == 12 and loaded.image_rows == 4 and loaded.image_rows_skipped == 0
    images = [item for item in loaded.items if item.has_image]
    assert [item.id for item in images] == ["synth0008", "synth0009", "synth0010", "synth0011"]
    assert all(item.image == synthetic.DATA_URL for item in images)


def test_category_filter(mirror):
    loaded, _, _ = load_rows(mirror, HleOptions(categories=["Math", "Physics"], images=True))
    assert [item.id for item in loaded.items] == ["synth0002", "synth0003", "synth0008", "synth0010"]
    assert loaded.category_filtered == 8
    with pytest.raises(HleDataError, match="unknown \\['Maths'\\]"):
        load_rows(mirror, HleOptions(categories=["Maths"]))


def test_task_load_returns_a_dataset_with_counts(mirror):
    dataset = load(mirror, {"images": False})
    assert len(dataset.items) == 8
    assert dataset.notes["image_rows_skipped"] == 4
    assert dataset.revision.startswith("sha256:")


def test_mirror_may_be_the_folder_itself(tmp_path):
    synthetic.write_jsonl(tmp_path / "test.jsonl", synthetic.rows()[:3])
    loaded, _, _ = load_rows(tmp_path, HleOptions())
    assert len(loaded.items) == 3


def test_missing_mirror_names_what_is_expected(tmp_path):
    with pytest.raises(HleDataError, match="no HLE test split under .*test.jsonl"):
        load_rows(tmp_path, HleOptions())


def test_missing_key_names_file_row_and_key(tmp_path):
    rows = synthetic.rows()[:3]
    del rows[2]["answer"]
    path = synthetic.write_jsonl(tmp_path / "test.jsonl", rows)
    with pytest.raises(HleDataError, match=f"{path}:3: missing key\\(s\\) answer"):
        load_rows(tmp_path, HleOptions())


def test_wrong_type_and_bad_json_and_bad_id(tmp_path):
    rows = synthetic.rows()[:2]
    rows[1]["category"] = 3
    synthetic.write_jsonl(tmp_path / "test.jsonl", rows)
    with pytest.raises(HleDataError, match=":2: key 'category' must be a string, got int"):
        load_rows(tmp_path, HleOptions())
    (tmp_path / "test.jsonl").write_text(json.dumps(synthetic.row(0)) + "\n{not json\n")
    with pytest.raises(HleDataError, match=":2: not a JSON object"):
        load_rows(tmp_path, HleOptions())
    synthetic.write_jsonl(tmp_path / "test.jsonl", [dict(synthetic.row(0), id="a b")])
    with pytest.raises(HleDataError, match="outside \\[A-Za-z0-9_.:-\\]"):
        load_rows(tmp_path, HleOptions())
    synthetic.write_jsonl(tmp_path / "test.jsonl", [synthetic.row(0), synthetic.row(0)])
    with pytest.raises(HleDataError, match=":2: duplicate id 'synth0000'"):
        load_rows(tmp_path, HleOptions())


def test_parquet_missing_column(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist([{k: v for k, v in synthetic.row(0).items() if k not in ("canary", "image_preview")}])
    pq.write_table(table, tmp_path / "test.parquet")
    with pytest.raises(HleDataError, match="test.parquet: missing column\\(s\\) canary"):
        load_rows(tmp_path, HleOptions())


def test_none_image_is_a_text_row():
    item = data.row_to_item(dict(synthetic.row(0), image=None), "x")
    assert item.image == "" and not item.has_image


def test_hub_failure_names_the_token_variable_and_never_the_token(monkeypatch):
    import datasets

    secret = "hf_SECRET_do_not_print_123"
    monkeypatch.setenv("HF_TOKEN", secret)

    def refuse(*args, **kwargs):
        assert kwargs["token"] == secret and kwargs["split"] == "test" and args == ("cais/hle",)
        raise ConnectionError(f"401 Unauthorized for token {secret}")

    monkeypatch.setattr(datasets, "load_dataset", refuse)
    with pytest.raises(HleDataError) as info:
        load_rows(None, HleOptions())
    message = str(info.value)
    assert secret not in message
    assert "set HF_TOKEN" in message and "cais/hle" in message and "--data-dir" in message


def test_options_are_checked():
    with pytest.raises(ValueError, match="tasks.hle.options.judge_style: expected one of nemo_skills, official; got .gpt."):
        HleOptions(judge_style="gpt")
    with pytest.raises(ValueError, match="judge_attempts"):
        HleOptions(judge_attempts=0)


def test_hub_rows_go_through_the_same_checks(monkeypatch):
    import types

    import datasets
    import huggingface_hub

    calls = {}

    def fake_load(*args, **kwargs):
        calls.update(kwargs, args=args)
        return datasets.Dataset.from_list(synthetic.rows())

    def fake_info(self, repo_id, revision=None, token=None):
        assert repo_id == "cais/hle"
        return types.SimpleNamespace(sha="0123abcd" * 5)

    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setattr(datasets, "load_dataset", fake_load)
    monkeypatch.setattr(huggingface_hub.HfApi, "dataset_info", fake_info)
    loaded, source, revision = load_rows(None, HleOptions(revision="main"))
    assert calls == {"args": ("cais/hle",), "split": "test", "revision": "main", "token": None}
    assert source == "hf:cais/hle:test" and revision == "0123abcd" * 5
    assert [item.id for item in loaded.items] == [f"synth{i:04d}" for i in range(8)]
    assert loaded.image_rows_skipped == 4
