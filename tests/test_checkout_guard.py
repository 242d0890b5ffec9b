"""The checkout guard (tests/support/checkout_guard.py): a marker file a program left in the checkout fails the run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.checkout_guard import leftovers, marker_files, untracked_pwned

REPO = Path(__file__).resolve().parents[1]

WRITER = '''
from pathlib import Path

def test_clean():
    pass

def test_writes_into_the_checkout(request):
    (Path(request.config.rootpath) / "deep" / "evals-hostile-0123.txt").write_text("pwned")
'''


def _project(tmp_path: Path, test_source: str) -> Path:
    root = tmp_path / "checkout"
    (root / "deep").mkdir(parents=True)
    (root / "pytest.ini").write_text("[pytest]\n")
    (root / "conftest.py").write_text(
        "from tests.support.checkout_guard import _checkout_stays_clean, pytest_sessionfinish  # noqa: F401\n")
    (root / "test_it.py").write_text(test_source)
    return root


def _pytest(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", "test_it.py"],
                          cwd=root, env=env, capture_output=True, text=True, timeout=300)


def test_marker_names_are_found_anywhere_and_ignored_folders_at_the_end(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "pwned-1.txt").write_text("x")
    (tmp_path / ".venv" / "lib").mkdir(parents=True)
    (tmp_path / ".venv" / "lib" / "evals-hostile-abc.txt").write_text("x")
    (tmp_path / "ordinary.txt").write_text("nothing here")
    assert marker_files(tmp_path, quick=True) == [os.path.join("a", "b", "pwned-1.txt")]
    assert marker_files(tmp_path) == [os.path.join(".venv", "lib", "evals-hostile-abc.txt"), os.path.join("a", "b", "pwned-1.txt")]


def test_untracked_files_holding_pwned_are_found_whatever_their_name(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("ignored/\n")
    (tmp_path / "notes.txt").write_text("pwned")
    (tmp_path / "fine.txt").write_text("hello")
    (tmp_path / "ignored").mkdir()
    (tmp_path / "ignored" / "x.txt").write_text("pwned")  # ignored: only a marker name is caught there
    assert untracked_pwned(tmp_path) == ["notes.txt"]
    assert leftovers(tmp_path) == ["notes.txt"]


def test_a_test_that_writes_a_marker_fails_and_so_does_the_run(tmp_path):
    root = _project(tmp_path, WRITER)
    run = _pytest(root)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "2 passed, 1 error" in run.stdout and "a program wrote into the checkout" in run.stdout, run.stdout
    assert "\ncheckout_guard: hostile-program marker files" in run.stdout
    assert (root / "deep" / "evals-hostile-0123.txt").exists()  # left for the user to look at


def test_a_marker_left_by_an_earlier_run_fails_a_run_whose_tests_pass(tmp_path):
    root = _project(tmp_path, "def test_clean():\n    pass\n")
    (root / "pwned-earlier.txt").write_text("pwned")
    run = _pytest(root)
    assert "1 passed" in run.stdout and run.returncode == 1, run.stdout + run.stderr
    assert "pwned-earlier.txt" in run.stdout
    (root / "pwned-earlier.txt").unlink()
    assert _pytest(root).returncode == 0


def test_this_checkout_is_clean():
    """What the session check would report now (a marker committed or left by an earlier run)."""
    assert leftovers(REPO) == []
