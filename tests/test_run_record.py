"""The run record tells the truth: bad flags stop the run at once; retries, truncation, time limits,
unextracted answers and cut error lists are counted in results.json and said on the terminal."""

from __future__ import annotations

import pytest

from tests.support.evalrun import run_evals, write_config
from tests.test_mmlu_pro import FIXTURE_DATA


def mmlu_args(config) -> list[str]:
    return ["-k", "mmlu_pro", "--config", str(config), "--data-dir", str(FIXTURE_DATA)]


@pytest.mark.parametrize(
    "flags, line",
    [
        (["--limit", "-1"], "--limit -1: expected 0 or more items; leave --limit out"),
        (["--repeats", "0"], "--repeats 0: expected at least 1"),
        (["--repeats", "-1"], "--repeats -1: expected at least 1"),
        (["--request-timeout", "0"], "--request-timeout 0: expected more than 0 seconds"),
        (["--max-retries", "-1"], "--max-retries -1: expected 0 or more; pass --max-retries 0 to never retry"),
        (["--set", "tasks.mmlu-pro.repeats=3"], "tasks.mmlu-pro: unknown task; expected one of aime2025, bfcl_v3"),
        (["--set", "tasks.mmlu_pro.parallelism=0"], "tasks.mmlu_pro.parallelism: expected at least 1, got 0 (from --set"),
        (["--set", "tasks.mmlu_pro.options.x=1"], "tasks.mmlu_pro.options: this task takes no options"),
    ],
)
def test_bad_flags_stop_the_run_before_any_request(loopback, tmp_path, flags, line):
    config = write_config(tmp_path / "c.yaml", loopback.url)
    run = run_evals([*mmlu_args(config), *flags], tmp_path / "out")
    assert run.returncode == 4, run.stdout + run.stderr
    errors = [l for l in run.stderr.splitlines() if l.startswith("ERROR:")]
    assert len(errors) == 1 and line in errors[0], run.stderr
    assert str(config) not in errors[0]  # a flag caused it: the line names the flag, not the file
    assert loopback.count == 0
    assert "evaluation results" not in run.stdout  # no empty results section under a usage error


def test_misspelled_task_in_the_config_file_is_named_with_the_file(loopback, tmp_path):
    config = write_config(tmp_path / "c.yaml", loopback.url, tasks={"mmlu-pro": {"repeats": 3}})
    run = run_evals(mmlu_args(config), tmp_path / "out")
    assert run.returncode == 4
    assert f"tasks.mmlu-pro: unknown task; expected one of aime2025, bfcl_v3, bfcl_v4, gpqa, hle, ifbench, " \
           f"livecodebench, mmlu_pro, scicode (fix the task name) (in {config})" in run.stderr
    assert loopback.count == 0


def test_limit_zero_says_it_selected_nothing(loopback, tmp_path):
    config = write_config(tmp_path / "c.yaml", loopback.url)
    run = run_evals([*mmlu_args(config), "--limit", "0"], tmp_path / "out")
    assert run.returncode == 0 and loopback.count == 0
    assert "--limit 0 (run.limit) selects no items: this run sent no request and scored nothing" in run.stdout
    assert "mmlu_pro (limit 0: no items selected)" in run.stdout
