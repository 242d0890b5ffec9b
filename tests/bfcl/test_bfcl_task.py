"""The TASK's pieces without a server: data source resolution, multi-turn placeholders, aggregation."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from evals.bfcl import source
from evals.bfcl.categories import MULTI_TURN
from evals.bfcl.multi_turn import MultiTurnItem
from evals.bfcl.options import BfclOptions
from evals.bfcl.task_v3 import aggregate, load
from fixtures.config import ConfigError
from tests.bfcl.conftest import bfcl_dir, shared_data


def test_load_from_the_shared_layout() -> None:
    bfcl_dir("v4")
    dataset = load(shared_data(), BfclOptions())
    multi = [i for i in dataset.items if isinstance(i, MultiTurnItem)]  # evals/bfcl/multi_turn is wired
    assert len(dataset.items) == 3641 + 800 and len(multi) == 800
    assert {i.category for i in multi} == set(MULTI_TURN)
    assert dataset.revision.startswith("sha256:") and dataset.source.endswith("bfcl/v4")
    assert "multi_turn" not in dataset.notes
    assert len({i.id for i in dataset.items}) == len(dataset.items)


def test_load_v3_files_pointing_at_the_folder_itself() -> None:
    dataset = load(bfcl_dir("v3"), BfclOptions(file_set="v3", categories=["simple_java", "live_relevance"]))
    assert [i.id for i in dataset.items][:1] == ["java_0"] and len(dataset.items) == 118


def test_missing_data_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="BFCL_v4_"):
        load(tmp_path, BfclOptions())


def _record(item: str, category: str, correct: bool, repeat: int = 0) -> dict:
    return {"case": {"item": item, "repeat": repeat}, "verdict": {"correct": correct, "subsets": {"category": category}}}


def test_aggregate_averages_repeats_per_item_then_items() -> None:
    records = [
        _record("a", "simple_python", True, 0), _record("a", "simple_python", False, 1),  # item a: 0.5
        _record("b", "simple_python", True, 0), _record("b", "simple_python", True, 1),  # item b: 1.0
        _record("c", "irrelevance", False, 0), _record("c", "irrelevance", False, 1),
    ]
    out = aggregate(records, 2, {})
    assert out["category_accuracy"] == {"simple_python": 75.0, "irrelevance": 0.0}
    assert out["category_counts"] == {"simple_python": 2, "irrelevance": 1}
    # non-live: mean(mean(75, 0, 0), 0, 0, 0, irrelevance 0) = 5; live 0; multi-turn 0
    assert out["bfcl_v3"]["overall_non_live"]["accuracy"] == pytest.approx(5.0)
    assert out["headline"] == {"metric": "overall_accuracy", "score": "overall_accuracy", "value": pytest.approx(5.0 / 3)}
    assert len(out["notes"]) == 1 and "multi_turn_base" in out["notes"][0] and "live_simple" in out["notes"][0]


def test_options_errors_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="mode"):
        BfclOptions(mode="native")


def test_wheel_cache_hit_needs_no_download(tmp_path, monkeypatch) -> None:
    target = tmp_path / f"bfcl-eval-{source.WHEELS['v4'].version}"
    target.mkdir()
    (target / ".complete").write_text("x")
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: pytest.fail("no download expected"))
    assert source.wheel_dir("v4", tmp_path) == target / "bfcl_eval" / "data"


def test_wheel_with_the_wrong_checksum_is_refused(tmp_path, monkeypatch) -> None:
    def fake_pip(command, **kwargs):
        dest = Path(command[command.index("-d") + 1])
        (dest / source.WHEELS["v3"].filename).write_bytes(b"not the wheel")
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_pip)
    with pytest.raises(RuntimeError, match="differs from the pinned"):
        source.wheel_dir("v3", tmp_path)
    assert not (tmp_path / f"bfcl-eval-{source.WHEELS['v3'].version}" / ".complete").exists()


def test_failed_download_says_how_to_fix_it(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(subprocess, "run", lambda command, **k: subprocess.CompletedProcess(command, 1, "", "ERROR: no network"))
    with pytest.raises(RuntimeError, match="--data-dir"):
        source.wheel_dir("v4", tmp_path)
