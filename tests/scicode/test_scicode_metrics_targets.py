"""Metrics as NeMo-Skills' SciCodeMetrics computes them, and finding test_data.h5 before any request."""

from __future__ import annotations

import hashlib

import h5py
import pytest

from evals.scicode.metrics import ProblemRun, aggregate, scicode_metrics
from evals.scicode.options import SciCodeOptions
from evals.scicode.targets import TargetsUnavailable, resolve_targets

# Three problems of 3, 1 and 2 generated steps, two repeats, passing [3, 1], [1, 0] and [0, 0] steps.
RUNS = [ProblemRun("a", 0, 3, 3), ProblemRun("a", 1, 1, 3), ProblemRun("b", 0, 1, 1), ProblemRun("b", 1, 0, 1),
        ProblemRun("c", 0, 0, 2), ProblemRun("c", 1, 0, 2)]


def test_metrics_equal_nemo_skills_on_the_same_outcomes():
    # The values NeMo-Skills 7205c43 SciCodeMetrics.get_metrics() returns for these outcomes (run for this test).
    got = scicode_metrics(RUNS)
    expected = {
        "pass@1": (33.333333333333336, 58.333333333333336),  # its pass@1 of a count score is the first repeat's count
        "pass@1[avg-of-1]": (66.66666666666667, 66.66666666666667),
        "pass@2": (66.66666666666667, 66.66666666666667),
        "pass@1[avg-of-2]": (33.333333333333336, 41.666666666666664),
    }
    assert set(got) == set(expected)
    for mode, (problem, subtask) in expected.items():
        assert got[mode]["problem_accuracy"] == pytest.approx(problem, rel=1e-12)
        assert got[mode]["subtask_accuracy"] == pytest.approx(subtask, rel=1e-12)
        assert (got[mode]["num_problems"], got[mode]["num_subtasks"]) == (3, 6)


def test_subtask_accuracy_is_a_micro_average_over_steps():
    runs = [ProblemRun("long", 0, 9, 10), ProblemRun("short", 0, 0, 1)]
    assert scicode_metrics(runs)["pass@1"]["subtask_accuracy"] == pytest.approx(100 * 9 / 11)  # not (0.9 + 0) / 2


def test_aggregate_reads_the_harness_records_and_heads_with_subtask_accuracy():
    records = [
        {"case": {"item": r.problem_id, "repeat": r.repeat},
         "verdict": {"correct": r.passed == r.total, "scores": {"subtask_fraction": r.passed / r.total},
                     "subsets": {"num_steps": str(r.total)}}}
        for r in RUNS
    ]
    extra = aggregate(records, repeats=2)
    assert extra["headline"] == {"metric": "pass@1[avg-of-2]", "score": "subtask_accuracy",
                                 "value": pytest.approx(41.666666666666664)}
    assert extra["pass@1[avg-of-2]"]["problem_accuracy"] == pytest.approx(33.333333333333336)
    # per repeat: (3 + 1 + 0) / 6 and (1 + 0 + 0) / 6
    assert extra["subtask_accuracy_spread"]["run_values"] == pytest.approx([66.66666666666667, 16.666666666666668])
    broken = [{"case": {"item": "x", "repeat": 0}, "verdict": {"scores": {}, "subsets": {}}}]
    with pytest.raises(ValueError, match="x-r0"):
        aggregate(broken, repeats=1)


def test_repeats_that_disagree_on_the_steps_are_an_error():
    with pytest.raises(ValueError, match="problem a"):
        scicode_metrics([ProblemRun("a", 0, 1, 3), ProblemRun("a", 1, 1, 2)])


# ---- targets ----

def _h5(path):
    with h5py.File(path, "w") as f:
        f["1.1/test1/var1"] = 1.0
    return path


def test_configured_targets_path(tmp_path):
    path = _h5(tmp_path / "test_data.h5")
    assert resolve_targets(SciCodeOptions(targets_path=str(path))) == path.resolve()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert resolve_targets(SciCodeOptions(targets_path=str(path), targets_sha256=digest)) == path.resolve()
    with pytest.raises(TargetsUnavailable, match="expected 00"):
        resolve_targets(SciCodeOptions(targets_path=str(path), targets_sha256="00" * 32))


def test_missing_targets_say_where_to_get_them(tmp_path):
    with pytest.raises(TargetsUnavailable) as info:
        resolve_targets(SciCodeOptions(targets_path=str(tmp_path / "nope.h5")))
    message = str(info.value)
    assert "17G_k65N_6yFFZ2O-jQH00Lh6iaw3z-AW" in message and "targets_path" in message
    with pytest.raises(TargetsUnavailable, match="download_targets"):
        resolve_targets(SciCodeOptions(targets_cache_dir=str(tmp_path / "cache")))


def test_a_file_that_is_not_hdf5_is_refused(tmp_path):
    bad = tmp_path / "test_data.h5"
    bad.write_text("<html>Google Drive virus scan warning</html>")
    with pytest.raises(TargetsUnavailable, match="not an HDF5 file"):
        resolve_targets(SciCodeOptions(targets_path=str(bad)))


def test_cached_copy_and_download(tmp_path):
    source = _h5(tmp_path / "published.h5")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    cache = tmp_path / "cache"
    options = SciCodeOptions(targets_cache_dir=str(cache), targets_url=source.as_uri(), download_targets=True,
                             targets_sha256=digest)
    got = resolve_targets(options)
    assert got == (cache / "test_data.h5").resolve() and got.read_bytes() == source.read_bytes()
    assert resolve_targets(SciCodeOptions(targets_cache_dir=str(cache))) == got  # found in the cache
    wrong = SciCodeOptions(targets_cache_dir=str(tmp_path / "c2"), targets_url=source.as_uri(),
                           download_targets=True, targets_sha256="ab" * 32)
    with pytest.raises(TargetsUnavailable, match="downloaded file"):
        resolve_targets(wrong)
    assert not (tmp_path / "c2" / "test_data.h5").exists() and not list((tmp_path / "c2").glob("*.part"))
    with pytest.raises(TargetsUnavailable, match="could not download"):
        resolve_targets(SciCodeOptions(targets_cache_dir=str(tmp_path / "c3"), download_targets=True,
                                       targets_url=(tmp_path / "absent.h5").as_uri()))


def test_a_targets_file_only_its_owner_reads_is_enough(tmp_path):
    """Only the harness reads test_data.h5 (the sandbox never sees it): mode 0600 is fine."""
    path = _h5(tmp_path / "test_data.h5")
    path.chmod(0o600)
    assert resolve_targets(SciCodeOptions(targets_path=str(path))) == path
