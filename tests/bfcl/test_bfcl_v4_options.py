"""bfcl_v4 options, and categories that cannot run here being listed as skipped with the reason."""

from __future__ import annotations

import sys

import pytest

from evals.bfcl.categories import V3_CATEGORIES
from evals.bfcl.task_v4 import load
from evals.bfcl.v4 import memory_vector
from evals.bfcl.v4.options import BfclV4Options
from evals.bfcl.v4.run import PendingItem, vector_extra_missing, web_backend_problem, web_source_label
from fixtures.config import ConfigError


def test_defaults_are_the_22_scoring_categories_without_format_sensitivity():
    options = BfclV4Options()
    assert len(options.categories) == 22 and "format_sensitivity" not in options.categories
    assert options.v3().categories == list(V3_CATEGORIES) and options.v3().file_set == "v4"
    assert options.web_search_backend == "duckduckgo" and options.fetch_timeout_s == 20.0


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"web_search_backend": "google"}, "web_search_backend='google'"),
        ({"categories": ["web_search_base", "memory_graph"]}, "memory_graph"),
        ({"web_search_backend": "recorded"}, "needs replay_record"),
        ({"fetch_max_bytes": 0}, "must be positive"),
        ({"mode": "xml"}, "mode='xml'"),
    ],
)
def test_bad_options_name_the_key(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        BfclV4Options(**kwargs)


def test_web_backend_problems(monkeypatch, tmp_path):
    monkeypatch.delenv("MY_SERP_KEY", raising=False)
    assert "$MY_SERP_KEY" in web_backend_problem(BfclV4Options(web_search_backend="serpapi", serpapi_key_env="MY_SERP_KEY"))
    monkeypatch.setenv("MY_SERP_KEY", "k")
    assert web_backend_problem(BfclV4Options(web_search_backend="serpapi", serpapi_key_env="MY_SERP_KEY")) is None
    with pytest.raises(FileNotFoundError, match="no web record"):
        web_backend_problem(BfclV4Options(web_search_backend="recorded", replay_record=str(tmp_path / "none.json")))
    monkeypatch.setitem(sys.modules, "ddgs", None)
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None if name == "ddgs" else object())
    assert "pip install" in web_backend_problem(BfclV4Options())


def test_vector_without_the_extra_is_skipped_with_the_install_hint(monkeypatch, shared_data):
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None if name == "faiss" else object())
    reason = vector_extra_missing()
    assert "nemotron-evals[bfcl-vector]" in reason and "faiss" in reason
    dataset = load(shared_data, BfclV4Options(categories=["memory_vector", "memory_kv"]))
    pending = [i for i in dataset.items if isinstance(i, PendingItem)]
    assert len(pending) == 155 and all(i.category == "memory_vector" and i.reason == reason for i in pending)
    assert len(dataset.items) == 310 and "memory_vector" in dataset.notes


def test_load_encoder_error_names_the_extra(monkeypatch):
    monkeypatch.setattr(memory_vector, "_ENCODER", None)
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(memory_vector.VectorExtraMissing, match=r"nemotron-evals\[bfcl-vector\]"):
        memory_vector.load_encoder()


def test_format_sensitivity_runs_by_name_with_pytest_safe_ids(shared_data):
    dataset = load(shared_data, BfclV4Options(categories=["format_sensitivity"]))
    assert len(dataset.items) == 5200
    assert all(set(i.id) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-") for i in dataset.items)
    assert dataset.items[0].id == "format_sensitivity_0:python.tag.python.plaintext.classic:simple_python_19"


def test_web_source_labels():
    assert web_source_label([]) == "none"
    assert web_source_label(["duckduckgo", "duckduckgo"]) == "live"
    assert web_source_label(["recorded:serpapi"]) == "replayed"
    assert web_source_label(["recorded:duckduckgo", "missing", "serpapi"]) == "live+replayed+missing"
