"""Nothing a hostile program writes may land in the checkout: the suite's own tests fail if it does.

The hostile probes (tests/sandbox, tests/livecodebench, tests/scicode) name what they try to write
`evals-hostile-*`, `pwned-*` or `evals-pwned*` and write `pwned` into it. Two such files were once
committed from a development run; so each test fails when a file of that kind appears in the
checkout while it runs, and the session fails (exit status 1, the files named on the terminal)
when any is there at its end, also in ignored folders (.venv, build/) and for untracked files
that start with `pwned` whatever their name. The files are left in place for the user to look at.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

#: Marker names of the hostile probes (lower case; matched anywhere in a file or folder name).
MARKER_NAMES = ("evals-hostile-", "pwned")
_SKIP_DIRS = {".git"}
_QUICK_SKIP = _SKIP_DIRS | {".venv", "node_modules"}


def _named(name: str) -> bool:
    lower = name.lower()
    return any(marker in lower for marker in MARKER_NAMES)


def marker_files(root: Path, *, quick: bool = False) -> list[str]:
    """Paths (relative to `root`) of files and folders in the checkout that carry a marker name;
    `quick` leaves out .venv (checked at the end of the session, ~50,000 files)."""
    found = []
    skip = _QUICK_SKIP if quick else _SKIP_DIRS
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in skip]
        for name in dirnames + filenames:
            if _named(name):
                found.append(os.path.relpath(os.path.join(dirpath, name), root))
    return sorted(found)


def untracked_pwned(root: Path) -> list[str]:
    """Untracked, not ignored files of a git checkout that start with `pwned` (any name)."""
    try:
        listing = subprocess.run(["git", "-C", str(root), "ls-files", "--others", "--exclude-standard", "-z"],
                                 capture_output=True, timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return []  # not a git checkout (or no git): the name check still runs
    found = []
    for rel in filter(None, listing.decode("utf-8", "replace").split("\0")):
        try:
            with open(os.path.join(root, rel), "rb") as f:
                head = f.read(16)
        except OSError:
            continue
        if head.lower().startswith(b"pwned"):
            found.append(rel)
    return found


def leftovers(root: Path) -> list[str]:
    """Everything the end-of-session check reports."""
    return sorted(set(marker_files(root)) | set(untracked_pwned(root)))


def _root(config: pytest.Config) -> Path:
    return Path(config.rootpath)


@pytest.fixture(autouse=True)
def _checkout_stays_clean(request: pytest.FixtureRequest):
    """Fails the test during which a marker file appeared in the checkout."""
    root = _root(request.config)
    before = set(marker_files(root, quick=True))
    yield
    new = sorted(set(marker_files(root, quick=True)) - before)
    if new:
        pytest.fail(f"a program wrote into the checkout {root}: {new} (left there; remove them)", pytrace=False)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if hasattr(session.config, "workerinput"):
        return  # an xdist worker: the controller checks once
    root = _root(session.config)
    found = leftovers(root)
    if not found:
        return
    line = f"checkout_guard: hostile-program marker files in the checkout {root}: {found} (remove them)"
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write("\n" + line + "\n", red=True, bold=True)
    else:
        print(line)
    if session.exitstatus == pytest.ExitCode.OK or session.exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
