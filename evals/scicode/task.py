"""SciCode as the harness runs it: problems from the hub or --data-dir, targets checked before any request."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from fixtures.tasks import Dataset, Task

from evals.scicode.data import download_split_files, files_match_reference, find_split_files, load_problems
from evals.scicode.generate import generate
from evals.scicode.metrics import aggregate
from evals.scicode.options import SciCodeOptions
from evals.scicode.targets import resolve_targets


@lru_cache(maxsize=8)
def _targets(path: str | None, sha256: str | None, url: str | None, cache_dir: str | None, download: bool) -> Path:
    options = SciCodeOptions(targets_path=path, targets_sha256=sha256, targets_url=url,
                             targets_cache_dir=cache_dir, download_targets=download)
    return resolve_targets(options)


def targets_path(options: SciCodeOptions) -> Path:
    """The resolved test_data.h5 (checked once per process: its checksum, when set, reads 1 GB)."""
    return _targets(options.targets_path, options.targets_sha256, options.targets_url,
                    options.targets_cache_dir, options.download_targets)


def load(data_dir: Path | None, options: SciCodeOptions | None) -> Dataset:
    options = options or SciCodeOptions()
    targets = targets_path(options)  # no targets, no run: fail before the first request
    if data_dir is not None:
        files = find_split_files(Path(data_dir), options.split)
        source = str(Path(data_dir).resolve())
    else:
        files = download_split_files(options.split, options.hub_repo, options.hub_revision)
        source = f"hf:{options.hub_repo}@{options.hub_revision}"
    problems, digest = load_problems(files)
    notes: dict[str, Any] = {
        "split": options.split,
        "files_match_published": files_match_reference(files),
        "num_subtasks": sum(len(p.scored_steps) for p in problems),
        "prefilled_steps": sorted(p.steps[i].step_number for p in problems for i in p.prefilled),
        "targets_path": str(targets),
        "targets_sha256": options.targets_sha256 or "not configured (unverified)",
    }
    return Dataset(items=problems, source=source, revision=f"sha256:{digest}", notes=notes)


TASK = Task(
    name="scicode",
    title="SciCode",
    load=load,
    generate=generate,
    options_type=SciCodeOptions,
    aggregate=aggregate,
)
