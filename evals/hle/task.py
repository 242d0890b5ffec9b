"""The HLE task as the harness runs it: load, a two-client generation (model then judge), aggregate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evals.hle.aggregate import aggregate
from evals.hle.data import load_rows
from evals.hle.generate import generate, options_of
from evals.hle.options import HleOptions
from fixtures.tasks import Dataset, Task


def load(data_dir: Path | None, options: Any) -> Dataset:
    opts = options_of(options)
    loaded, source, revision = load_rows(data_dir, opts)
    return Dataset(items=loaded.items, source=source, revision=revision, notes=loaded.notes())


TASK = Task(
    name="hle",
    title="Humanity's Last Exam",
    load=load,
    generate=generate,
    options_type=HleOptions,
    aggregate=aggregate,
)
