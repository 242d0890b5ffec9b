"""results.json's second pass (the headline over the untruncated cases) computes only the headline,
and it is the headline the full aggregation gives for the same cases."""

from __future__ import annotations

import pytest

from fixtures.config import load_config, resolve_task
from fixtures.results import aggregate_task, is_truncated
from fixtures.samples import records_from_samples
from tests.support.synthetic_run import TASK_MIX, write_synthetic_run


@pytest.mark.parametrize("task", TASK_MIX)
def test_the_headline_only_pass_gives_the_full_passes_headline(tmp_path, task):
    folder = write_synthetic_run(tmp_path / "run", cases=240, repeats=4, tasks=[task], errors_every=13)
    settings = resolve_task(load_config(None, {}, [f"tasks.{task}.repeats=4"]), task)
    records = records_from_samples(folder / task / "samples.jsonl")
    for cases in (records, [r for r in records if not is_truncated(r)], records[::3]):
        full = aggregate_task(task, settings, cases, split_truncated=False)
        quick = aggregate_task(task, settings, cases, split_truncated=False, headline_only=True)
        assert quick == {"headline": full["headline"], "cases": {"scored": full["cases"]["scored"]}}
        assert full["cases"]["scored"] > 0 and full["headline"]["value"] is not None
