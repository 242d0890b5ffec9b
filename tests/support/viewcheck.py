"""What `evals view` shows for the samples a real benchmark run wrote (the benchmarks' end-to-end tests call it).

The viewer's per-benchmark blocks read what each scorer puts into verdict.details; the synthetic runs of
tests/test_viewer.py only imitate those shapes. Checking the blocks on each benchmark's own end-to-end run
folder catches a scorer and the viewer drifting apart.
"""

from __future__ import annotations

from pathlib import Path


def viewer_blocks(run_dir: Path, task: str) -> dict[str, list[str]]:
    """Per scored case (`item-rR`), the titles of the non-empty blocks the sample browser shows for it."""
    from fixtures.viewer.store import Store

    store = Store(run_dir)
    shown: dict[str, list[str]] = {}
    for item in store.listed.by_item[task]:
        for sample in store.item(task, item)["samples"]:
            if sample["error"]:
                continue
            titles = [b["title"] for b in sample["blocks"] if b.get("rows") or (b.get("text") or "").strip()]
            shown[f"{item}-r{sample['repeat']}"] = titles
    assert shown, f"no scored case of {task} in {run_dir}"
    return shown


def assert_blocks(run_dir: Path, task: str, *titles: str) -> None:
    """Every scored case of `task` shows a block starting with each of `titles` (with something in it)."""
    for case, shown in viewer_blocks(run_dir, task).items():
        for title in titles:
            assert any(t.startswith(title) for t in shown), (case, title, shown)
