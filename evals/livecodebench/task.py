"""LiveCodeBench (code generation, split test_v5_2407_2412 by default) as the harness runs it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from fixtures.tasks import Dataset, Task

from evals.livecodebench.data import HUB_REPO, RELEASE_FILES, default_index_dir, load_problems, resolve_split
from evals.livecodebench.metrics import failure_counts
from evals.livecodebench.prompt import build_request
from evals.livecodebench.score import LcbOptions


def _hub_dir(spec_release: str, revision: str) -> Path:
    """Download the release's files from the hub (gigabytes: prefer --data-dir with a local copy)."""
    from huggingface_hub import hf_hub_download

    paths = [
        hf_hub_download(HUB_REPO, name, repo_type="dataset", revision=revision) for name in RELEASE_FILES[spec_release]
    ]
    return Path(paths[0]).parent


def _fingerprint(data_dir: Path, release: str) -> str:
    """Names, sizes and mtimes of the files read (hashing gigabytes at collection time is too slow)."""
    h = hashlib.sha256()
    for name in RELEASE_FILES[release]:
        st = (data_dir / name).stat()
        h.update(f"{name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return "files:" + h.hexdigest()[:16]


def load(data_dir: Path | None, options: LcbOptions | None = None) -> Dataset:
    options = options or LcbOptions()
    spec = resolve_split(options.split, options.release_version, options.start_date, options.end_date)
    source_dir = data_dir if data_dir is not None else _hub_dir(spec.release_version, options.hub_revision)
    problems = load_problems(source_dir, spec, default_index_dir())
    return Dataset(
        items=problems,
        source=str(source_dir) if data_dir is not None else f"hf://datasets/{HUB_REPO}",
        revision=_fingerprint(source_dir, spec.release_version) if data_dir is not None else options.hub_revision,
        notes={
            "release_version": spec.release_version,
            "contest_dates": [spec.start.isoformat(), spec.end.isoformat()],
            "split": options.split,
        },
    )


TASK = Task(
    name="livecodebench",
    title="LiveCodeBench",
    load=load,
    request=build_request,
    options_type=LcbOptions,
    aggregate=failure_counts,
)
