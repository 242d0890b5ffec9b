"""`evals view`: the sample browser over real and synthetic run folders, driven in headless Chromium."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from tests.support.browser import Browser, browser, foreign, require_browser
from tests.support.evalrun import REPO
from tests.support.reportrun import report_run, run_folder  # noqa: F401  (report_run is a fixture)
from tests.support.synthetic_run import write_synthetic_run


@contextmanager
def evals_view(*folders: Path) -> Iterator[str]:
    """`evals view FOLDER...` in a subprocess on a free port; yields its address."""
    process = subprocess.Popen([sys.executable, "-m", "fixtures.cli", "view", *map(str, folders)], cwd=REPO,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line.startswith("evals view: http://127.0.0.1:"), line + process.stderr.read()
        yield line.split()[2]
    finally:
        process.terminate()
        process.wait(timeout=10)


def get_json(url: str, host: str | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        body = error.read()
        return error.code, json.loads(body) if body.startswith(b"{") else {"text": body.decode()}


def wait_ready(page: Browser) -> None:
    page.page.wait_for_selector("body[data-ready='1']", timeout=30_000)


def go(page: Browser, url: str) -> None:
    page.page.evaluate("document.body.dataset.ready = ''")
    page.page.goto(url)
    wait_ready(page)


def rows(page: Browser) -> list[list[str]]:
    return page.page.eval_on_selector_all("#samples tbody tr", "trs => trs.map(tr => [...tr.cells].map(td => td.textContent))")


def clean(page: Browser) -> None:
    assert page.errors() == []
    assert foreign(page.requests) == []
    assert page.page.evaluate("window.__evals_pwned") is None  # no model text ran as script or markup


def test_viewer_lists_filters_and_opens_the_samples_of_a_run(report_run, tmp_path: Path):
    require_browser()
    folder = run_folder(report_run)
    mmlu = [json.loads(line) for line in (folder / "mmlu_pro" / "samples.jsonl").read_text().splitlines()]
    wrong = sum(1 for s in mmlu if s["verdict"] and not s["verdict"]["correct"])
    with evals_view(folder) as url, browser() as page:
        page.open(url + "#/list?task=mmlu_pro")
        wait_ready(page)
        assert len(rows(page)) == 50 and page.page.inner_text("#range") == f"1–50 of {len(mmlu)}"
        page.page.select_option("#f-verdict", "wrong")
        wait_ready(page)
        listed = rows(page)
        assert page.page.inner_text("#range").endswith(f"of {wrong}") and all("wrong" in r[2] for r in listed)
        page.page.select_option("#f-repeat", "1")
        wait_ready(page)
        assert all(r[1] == "r1" and "wrong" in r[2] for r in rows(page))
        go(page, url + "#/list?task=mmlu_pro&subset=category%3Dlaw")
        expected = sorted({(s["item"], s["repeat"]) for s in mmlu if s["verdict"]["subsets"]["category"] == "law"})
        assert sorted((r[0], int(r[1][1:])) for r in rows(page)) == [(i, r) for i, r in expected]
        hostile = [s for s in mmlu if "__evals_pwned" in s["generation"]["content"]]
        page.page.fill("#f-text", "__evals_pwned")
        page.page.click("#apply")
        wait_ready(page)
        both = sorted(s["item"] for s in hostile if s["verdict"]["subsets"]["category"] == "law")
        assert sorted(r[0] for r in rows(page)) == both  # text search within the subset filter
        go(page, url + "#/list?task=mmlu_pro&text=__evals_pwned")
        assert hostile and sorted(r[0] for r in rows(page)) == sorted(s["item"] for s in hostile)
        page.page.click("#samples tbody tr >> nth=0")
        wait_ready(page)
        first = page.page.inner_text("#item-id")
        cards = page.page.eval_on_selector_all(".case", "cs => cs.map(c => c.dataset.repeat)")
        assert cards == ["0", "1"]  # every repeat of the item side by side
        answers = page.page.eval_on_selector_all(".case .field pre", "ps => ps.map(p => p.textContent)")
        assert any("<script>window.__evals_pwned" in a for a in answers), first
        assert page.page.evaluate("document.scripts.length") == 1  # only /app.js
        assert page.page.eval_on_selector_all(".case img, .case b:not(.field > b)", "els => els.length") == 0
        assert page.page.eval_on_selector_all(".case details.reasoning", "ds => ds.map(d => d.open)") in ([], [False], [False, False])
        page.screenshot(tmp_path / "viewer-item.png")
        clean(page)
        go(page, url + "#/list?task=gpqa&item=recSYNTH0003")
        assert {r[0] for r in rows(page)} == {"recSYNTH0003"} and len(rows(page)) == 2
        page.page.goto(url + "report.html")
        assert "mmlu_pro" in page.page.inner_text("#overview")
        clean(page)


def test_the_server_answers_on_loopback_only_and_names_bad_requests(report_run):
    with evals_view(run_folder(report_run)) as url:
        status, meta = get_json(url + "api/meta")
        assert status == 200 and set(meta["tasks"]) == {"mmlu_pro", "gpqa", "aime2025"}
        assert get_json(url + "api/samples?task=nope")[0] == 400
        status, body = get_json(url + "api/item?task=gpqa&item=nope")
        assert status == 400 and "nope" in body["error"]
        assert get_json(url + "api/meta", host="evil.example:80")[0] == 403  # DNS rebinding
        with urllib.request.urlopen(url, timeout=30) as response:
            assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_a_20000_case_synthetic_run_pages_filters_and_shows_each_benchmark(tmp_path: Path):
    require_browser()
    folder = write_synthetic_run(tmp_path / "synthetic-run", 20_000, repeats=4)
    with evals_view(folder) as url, browser() as page:
        status, meta = get_json(url + "api/meta")
        assert sum(t["cases"] for t in meta["tasks"].values()) == 20_000
        page.open(url + "#/list?task=bfcl_v3")
        wait_ready(page)
        total = meta["tasks"]["bfcl_v3"]["cases"]
        assert page.page.inner_text("#range") == f"1–50 of {total}"
        page.page.click("#next")
        wait_ready(page)
        assert page.page.inner_text("#range") == f"51–100 of {total}"
        for verdict in ("right", "wrong", "error"):
            go(page, url + f"#/list?task=bfcl_v3&verdict={verdict}")
            assert page.page.inner_text("#range").endswith(f"of {meta['tasks']['bfcl_v3']['counts'][verdict]}")
        checks = {
            "bfcl_v3-00001": ("Tool calls per turn", "turn 2"),  # multi-turn: per turn against the ground truth
            "bfcl_v3-00002": ("Tool calls", "get_weather"),
            "livecodebench-00001": ("Tests", "test 1"),
            "scicode-00001": ("Steps", "1.2"),
            "hle-00001": ("Judge reply", "extracted_final_answer"),
            "ifbench-00001": ("Instructions", "format:no_commas"),
        }
        for item, (title, content) in checks.items():
            task = item.rsplit("-", 1)[0]
            go(page, url + f"#/sample/{task}/{item}")
            blocks = page.page.eval_on_selector_all(".case:first-child .block", "bs => bs.map(b => b.textContent)")
            assert any(b.startswith(title) and content in b for b in blocks), (item, blocks)
            assert len(page.page.query_selector_all(".case")) == 4
            if item == "livecodebench-00001":
                page.screenshot(tmp_path / "viewer-item-livecodebench.png")
        marks = page.page.eval_on_selector_all(".case td.pass, .case td.fail", "tds => tds.length")
        assert marks > 0  # IFBench's verdict per instruction, coloured
        go(page, url + "#/list?task=livecodebench")
        page.screenshot(tmp_path / "viewer-list.png")
        go(page, url + "#/sample/mmlu_pro/mmlu_pro-00003")
        clean(page)


def test_two_runs_show_flips_side_by_side(tmp_path: Path):
    require_browser()
    baseline = write_synthetic_run(tmp_path / "baseline", 600, repeats=2, tasks=["mmlu_pro", "hle"], seed=1)
    candidate = write_synthetic_run(tmp_path / "candidate", 600, repeats=2, tasks=["mmlu_pro", "hle"], seed=2)
    with evals_view(baseline, candidate) as url, browser() as page:
        go(page, url + "#/list?task=hle&change=worse")
        listed = rows(page)
        assert listed and all(r[3] == "worse" for r in listed)
        item = listed[0][0]
        go(page, url + f"#/sample/hle/{item}")
        labels = page.page.eval_on_selector_all(".run-label", "ls => ls.map(l => l.textContent)")
        assert labels == ["candidate candidate", "baseline baseline"]
        assert len(page.page.query_selector_all(".repeats")) == 2 and len(page.page.query_selector_all(".case")) == 4
        clean(page)
    (candidate / "compare.json").write_text(json.dumps({"decision": "NO-GO", "tasks": {"hle": {"flips": {"worse": ["hle-00007"], "better": []}}}}))
    with evals_view(baseline, candidate) as url:
        status, data = get_json(url + "api/samples?task=hle&change=worse")
        assert status == 200 and {r["item"] for r in data["rows"]} == {"hle-00007"}  # the gate's own flips win


@pytest.mark.parametrize("where", ["nothing", "not-a-run"])
def test_evals_view_names_a_folder_that_is_not_a_run(tmp_path: Path, where: str):
    target = tmp_path / where
    if where == "not-a-run":
        target.mkdir()
    done = subprocess.run([sys.executable, "-m", "fixtures.cli", "view", str(target)], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and str(target) in done.stderr


def test_evals_view_imports_only_its_own_subcommand():
    """`evals view` starts in a fraction of a second: the other subcommands' imports (numpy, pytest, aiohttp
    through compare, merge and preflight) cost more CPU than opening a 27,000-case run."""
    code = ("import sys\nfrom fixtures import cli\ntry:\n    cli.main(['view', '--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('numpy', '_pytest', 'aiohttp', 'matplotlib') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr
    listing = subprocess.run([sys.executable, "-m", "fixtures.cli", "--help"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert all(name in listing.stdout for name in ("compare", "merge", "preflight", "report", "view"))  # the full list still
