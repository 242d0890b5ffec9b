"""The TASK's pieces without a server: data source resolution, multi-turn placeholders, aggregation."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import pytest

from evals.bfcl import source
from evals.bfcl.categories import MULTI_TURN
from evals.bfcl.options import BfclOptions
from evals.bfcl.task_v3 import PendingMultiTurnItem, aggregate, generate, load, score_case
from fixtures.config import ConfigError
from tests.bfcl.conftest import bfcl_dir, shared_data


def test_load_from_the_shared_layout() -> None:
    bfcl_dir("v4")
    dataset = load(shared_data(), BfclOptions())
    pending = [i for i in dataset.items if isinstance(i, PendingMultiTurnItem)]
    assert len(dataset.items) == 3641 + 800 and len(pending) == 800
    assert {p.category for p in pending} == set(MULTI_TURN)
    assert "evals/bfcl/multi_turn" in pending[0].reason
    assert dataset.revision.startswith("sha256:") and dataset.source.endswith("bfcl/v4")
    assert "overall_multi_turn counts 0" in dataset.notes["multi_turn"]
    assert len({i.id for i in dataset.items}) == len(dataset.items)


def test_load_v3_files_pointing_at_the_folder_itself() -> None:
    dataset = load(bfcl_dir("v3"), BfclOptions(file_set="v3", categories=["simple_java", "live_relevance"]))
    assert [i.id for i in dataset.items][:1] == ["java_0"] and len(dataset.items) == 118


def test_missing_data_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="BFCL_v4_"):
        load(tmp_path, BfclOptions())


def test_pending_items_skip_without_a_request() -> None:
    item = PendingMultiTurnItem("multi_turn_base_0", "multi_turn_base", "why")

    class NoModel:
        async def chat(self, *args, **kwargs):  # pragma: no cover - must not be called
            raise AssertionError("no request for a pending multi-turn item")

    class Ctx:
        model = NoModel()
        options = BfclOptions()

    assert asyncio.run(generate(Ctx(), item)) == {"skipped": "why"}
    assert score_case(item, {"skipped": "why"}, BfclOptions()) is None


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
    assert any("multi-turn" in n for n in out["notes"]) and any("single-turn" in n for n in out["notes"])


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
