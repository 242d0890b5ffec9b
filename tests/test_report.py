"""report.html: written by every run and by `evals report`, opened from disk in headless Chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.browser import browser, foreign, require_browser
from tests.support.evalrun import REPO
from tests.support.reportrun import TASKS, report_run, run_folder  # noqa: F401  (report_run is a fixture)


def evals(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fixtures.cli", *args], cwd=REPO, capture_output=True, text=True, timeout=120)


def test_writing_a_report_imports_neither_matplotlib_nor_numpy(report_run, tmp_path: Path):
    """The figures are SVG written by hand: neither import (half a second of CPU) is paid by a run or by `evals report`."""
    copy = tmp_path / "run"
    shutil.copytree(run_folder(report_run), copy)
    (copy / "report.html").unlink()
    code = ("import sys, fixtures.plugin\nfrom fixtures.report import write_report\n"
            f"path = write_report({str(copy)!r})\n"
            "print(path.stat().st_size > 0, sorted(m for m in ('matplotlib', 'numpy') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "True []", done.stdout + done.stderr
    html = (copy / "report.html").read_text()
    assert html.count("<svg") >= 1 + 4 * 3  # the overview and each task's verdicts, repeats, distributions


def test_every_run_writes_a_report_that_opens_from_disk_offline(report_run, tmp_path: Path):
    require_browser()
    folder = run_folder(report_run)
    report = folder / "report.html"
    assert report.exists(), report_run.stderr[-2000:]
    html = report.read_text()
    assert "<script" not in html.lower()  # the page needs none; model text never reaches it
    assert len(html) < 400_000
    with browser() as page:
        page.open(report.as_uri())
        assert page.errors() == []
        assert foreign(page.requests) == [] and page.requests == [report.as_uri()]
        labels = page.page.eval_on_selector_all("#overview svg text", "els => els.map(e => e.textContent.trim())")
        for task in [*TASKS, "ifbench"]:
            assert task in labels, labels
        assert "disabled" in labels  # the skipped task is shown as such
        sections = page.page.eval_on_selector_all("section.task h2", "els => els.map(e => e.id)")
        assert sections == [f"task-{t}" for t in ("aime2025", "gpqa", "mmlu_pro", "ifbench")]
        bars = page.page.eval_on_selector_all("#task-mmlu_pro ~ div svg text", "els => els.map(e => e.textContent)")
        assert "biology" in bars and "psychology" in bars  # MMLU-Pro's categories as bars
        page.screenshot(tmp_path / "report.png")
    results = json.loads((folder / "gpqa" / "results.json").read_text())
    assert f"{results['headline']['value']:.2f}" in html


def test_evals_report_rewrites_the_page_and_names_a_bad_folder(report_run, tmp_path: Path):
    copy = tmp_path / "run"
    shutil.copytree(run_folder(report_run), copy)
    (copy / "report.html").unlink()
    done = evals("report", str(copy))
    assert done.returncode == 0, done.stderr
    assert (copy / "report.html").exists() and str(copy / "report.html") in done.stdout
    elsewhere = tmp_path / "elsewhere.html"
    assert evals("report", str(copy), "--out", str(elsewhere)).returncode == 0 and elsewhere.exists()
    bad = evals("report", str(tmp_path / "nothing"))
    assert bad.returncode == 2 and "nothing: not a folder" in bad.stderr


def test_a_comparison_adds_the_forest_plot_decision_and_links_to_flipped_items(report_run, tmp_path: Path):
    require_browser()
    copy = tmp_path / "run"
    shutil.copytree(run_folder(report_run), copy)
    hostile = '<img src=x onerror="window.__evals_pwned=1">'
    compare = {
        "baseline": {"run_id": "base-run", "model": "base-model"}, "candidate": {"run_id": "report-run", "model": "loopback-model"},
        "decision": "NO-GO",
        "tasks": {
            "gpqa": {"metric": "pass@1[avg-of-2]", "baseline": 30.0, "candidate": 16.7, "difference": -13.3, "ci95": [-25.0, -1.6],
                     "p_value": 0.03, "test": "permutation", "mde": 9.0, "items": 6, "max_drop": 2.0, "decision": "NO-GO",
                     "flips": {"worse": ["recSYNTH0001", hostile], "better": []}},
            "mmlu_pro": {"metric": "pass@1[avg-of-2]", "baseline": 12.0, "candidate": 12.8, "difference": 0.8, "ci95": [-3.0, 4.6],
                         "p_value": 0.7, "test": "permutation", "mde": 6.0, "items": 43, "max_drop": 2.0, "decision": "INCONCLUSIVE",
                         "flips": {"worse": [], "better": ["70"]}},
        },
    }
    (copy / "compare.json").write_text(json.dumps(compare))
    assert evals("report", str(copy)).returncode == 0
    with browser() as page:
        page.open((copy / "report.html").as_uri())
        assert page.errors() == [] and foreign(page.requests) == []
        labels = page.page.eval_on_selector_all("#compare svg text", "els => els.map(e => e.textContent.trim())")
        assert "gpqa" in labels and "mmlu_pro" in labels and any(t.startswith("NO-GO") for t in labels)
        links = page.page.eval_on_selector_all("#compare a", "els => els.map(e => [e.textContent, e.getAttribute('href')])")
        assert ["recSYNTH0001", "./#/sample/gpqa/recSYNTH0001"] in links
        assert [hostile, "./#/sample/gpqa/" + "%3Cimg%20src%3Dx%20onerror%3D%22window.__evals_pwned%3D1%22%3E"] in links
        assert page.page.evaluate("window.__evals_pwned") is None
        assert page.page.inner_text("#compare h2").endswith("NO-GO")
        page.screenshot(tmp_path / "report-compare.png")


def test_subsets_become_bars_with_intervals_and_ifbench_gets_its_instruction_groups():
    from fixtures.report.model import MAX_BARS, task_report

    block = {"items": 10, "pass@1[avg-of-8]": 60.0, "spread": {"ci95": [50.0, 70.0]}}
    results = {
        "title": "IFBench", "headline": {"metric": "pass@1[avg-of-8]", "score": "prompt_loose", "value": 61.0, "ci95": None},
        "subsets": {"instructions": {f"combo{i}": {"accuracy": block, "prompt_loose": block} for i in range(MAX_BARS + 1)},
                    "sandbox": {"namespaces": {"accuracy": block}}},
        "task_metrics": {"ifbench": {"per_category": {"count": {"count": 40, "loose_accuracy": 50.0, "strict_accuracy": 40.0},
                                                       "format": {"count": 10, "loose_accuracy": 90.0, "strict_accuracy": 90.0}}}},
        "cases": {"total": 80, "errors": 1},
    }
    report = task_report("ifbench", results, None)
    assert report.hidden_kinds == {"instructions": MAX_BARS + 1}  # too many values to plot: named instead
    (groups,) = report.breakdowns
    assert [(b.label, b.value, b.n) for b in groups.bars] == [("count", 50.0, 40), ("format", 90.0, 10)]
    low, high = groups.bars[0].ci95
    assert low == pytest.approx(50 - 1.96 * 100 * (0.25 / 40) ** 0.5, abs=0.01) and high == pytest.approx(100 - low, abs=0.01)
    bfcl = task_report("bfcl_v4", {"headline": {"metric": "overall_accuracy", "score": "overall_accuracy", "value": 55.0},
                                   "subsets": {"group": {"live": {"accuracy": block}, "non_live": {"accuracy": block}}}}, None)
    assert bfcl.ci95 is None and [b.label for b in bfcl.breakdowns[0].bars] == ["live", "non_live"]
    assert bfcl.breakdowns[0].bars[0].ci95 == (50.0, 70.0) and bfcl.breakdowns[0].bars[0].value == 60.0


def test_a_run_against_a_baseline_reports_the_gate_s_comparison(report_run, tmp_path: Path):
    """`pytest evals --baseline DIR` writes compare.json before the report, so the page shows it."""
    from tests.support.loopback import Reply, completion
    from tests.support.reportrun import handler, loopback_run

    def worse(body: dict) -> Reply:  # the same model, but every GPQA answer is "A"
        if "Synthetic question" in body["messages"][-1]["content"]:
            return Reply(completion("Answer: A"))
        return handler(body)

    run = loopback_run(tmp_path, "candidate", reply=worse, extra=["--baseline", str(run_folder(report_run))])
    folder = run.output_dir / run.run_id
    compare = json.loads((folder / "compare.json").read_text())
    html = (folder / "report.html").read_text()
    assert 'id="compare"' in html and compare["decision"] in html
    assert set(compare["tasks"]) == set(TASKS)
    assert any((row.get("flips") or {}).get("worse") for row in compare["tasks"].values())
    for task, row in compare["tasks"].items():
        assert f">{task}</text>" in html.split('id="compare"')[1]  # a row of the forest plot per compared task
        for item in (row.get("flips") or {}).get("worse", [])[:50]:
            assert f'href="./#/sample/{task}/{item}"' in html


def test_a_headline_without_its_own_interval_takes_the_item_clustered_one_and_an_errored_task_says_so():
    """BFCL's overall formula and SciCode's subtask accuracy have no headline interval: the overview's whisker
    comes from results.json's noise block; a task with nothing scored is a row that says so."""
    from fixtures.report import page
    from fixtures.report.model import RunReport, task_report

    noise = {"metric": "overall_accuracy", "items": 39, "clustered_stderr": 6.4788, "ci95": [30.0548, 59.8304],
             "ci95_method": "Wilson at Kish's effective n = p(1-p)/se^2"}
    bfcl = task_report("bfcl_v3", {"headline": {"metric": "overall_accuracy", "score": "overall_accuracy", "value": 44.44, "stderr": None},
                                   "noise": noise, "cases": {"total": 39}}, None)
    assert bfcl.ci95 == (30.0548, 59.8304) and bfcl.stderr == 6.4788 and bfcl.interval_note.startswith("item-clustered: Wilson")
    other = task_report("gpqa", {"headline": {"metric": "pass@1[avg-of-8]", "value": 70.0, "ci95": None}, "noise": noise}, None)
    assert other.ci95 is None  # another metric's interval is not borrowed
    errored = task_report("hle", {"headline": {"metric": "pass@1", "value": None}, "cases": {"total": 5, "errors": 5}}, None)
    assert errored.status == "errored"
    html = page.render(RunReport("r", "m", "http://127.0.0.1/v1", None, [bfcl, errored], None, None), in_run=True)
    overview = html.split('id="overview"')[1].split("</section>")[0]
    assert "[30.05, 59.83]" in overview and "errored: nothing scored" in overview
    assert "item-clustered: Wilson" in html.split('id="task-bfcl_v3"')[1]
