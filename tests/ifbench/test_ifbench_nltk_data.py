"""A missing NLTK data package is an error that says how to provide it, after NLTK's downloader was tried."""

from __future__ import annotations

import nltk
import pytest

from evals.ifbench.nltk_data import NltkDataMissing, ensure_nltk_data


def test_missing_data_raises_with_instructions(monkeypatch, tmp_path):
    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])
    monkeypatch.delenv("NLTK_DATA", raising=False)
    with pytest.raises(NltkDataMissing) as error:
        ensure_nltk_data(download=False)
    message = str(error.value)
    for package in ("punkt_tab", "averaged_perceptron_tagger_eng", "stopwords"):
        assert package in message
    assert "NLTK_DATA" in message and "python -m nltk.downloader" in message


def test_downloader_is_tried_then_the_error_is_raised(monkeypatch, tmp_path):
    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])
    monkeypatch.delenv("NLTK_DATA", raising=False)
    calls = []

    def failing_download(package, **kwargs):
        calls.append(package)
        raise OSError("no network")

    monkeypatch.setattr(nltk, "download", failing_download)
    with pytest.raises(NltkDataMissing):
        ensure_nltk_data(download=True)
    assert calls == ["punkt_tab", "averaged_perceptron_tagger_eng", "stopwords"]


def test_nltk_data_env_is_honoured(monkeypatch, nltk_ready):
    available = [p for p in nltk.data.path]
    monkeypatch.setattr(nltk.data, "path", [])
    monkeypatch.setenv("NLTK_DATA", __import__("os").pathsep.join(available))
    ensure_nltk_data(download=False)


def test_nltk_data_inside_the_data_dir_is_searched(tmp_path):
    import nltk

    from evals.ifbench.nltk_data import add_search_path

    folder = tmp_path / "nltk_data"
    folder.mkdir()
    add_search_path(folder)
    try:
        assert nltk.data.path[0] == str(folder)
    finally:
        nltk.data.path.remove(str(folder))
    add_search_path(tmp_path / "absent")
    assert str(tmp_path / "absent") not in nltk.data.path
