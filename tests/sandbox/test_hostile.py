"""The hostile corpus (tests/sandbox/hostile.py) as root and as an unprivileged user; nothing outlives a killed run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from fixtures.sandbox import REPO_ROOT, Sandbox, bwrap_path, sweep_stale
from tests.sandbox import hostile
from tests.support.sysdeps import require

SECRET_NAME, SECRET = "NGC_API_KEY", "nvapi-hostile-" + uuid.uuid4().hex
UNPRIVILEGED_UID = 2_000_000 + os.getpid() % 100_000
_PACKAGE = ("fixtures/__init__.py", "fixtures/sandbox.py", "fixtures/sandbox_zygote.py", "fixtures/sandbox_seccomp.py")


def require_bwrap() -> None:
    require(bwrap_path() is not None, "bubblewrap is not installed (apt-get install bubblewrap)")


def interpreter_paths(python: str) -> list[str]:
    prefixes = {os.path.dirname(os.path.dirname(p)) for p in (os.path.abspath(python), os.path.realpath(python))}
    if os.path.realpath(python) == os.path.realpath(sys.executable):
        prefixes |= {os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix)}
    return sorted(prefixes)


def context(base: Path, home: str, python: str) -> dict:
    """What must stay out of reach, laid out under `base` (output folder, its cache, a data folder)."""
    out, cache, data = base / "out", base / "out" / "cache", base / "data"
    for d in (out, cache, data):
        d.mkdir(parents=True, exist_ok=True)
    (data / "livecodebench-hidden-tests.jsonl").write_text("secret rows\n")
    # a folder above the interpreter (a virtual environment inside the checkout, as on CI) exists as
    # an empty directory on the way to it: then only what it holds must be absent
    above = lambda p: any(i.startswith(str(p).rstrip("/") + "/") for i in interpreter_paths(python))  # noqa: E731
    folders = [p for p in (REPO_ROOT, REPO_ROOT.parent) if str(p) != "/" and not above(p)]
    forbidden = [*map(str, folders), str(REPO_ROOT / "conftest.py"), str(REPO_ROOT / "fixtures"), str(REPO_ROOT / "evals"),
                 str(out), str(cache), str(data)]
    if os.environ.get("EVALS_SHARED_DATA"):
        forbidden.append(os.environ["EVALS_SHARED_DATA"])
    return {
        "marker": "evals-hostile-" + uuid.uuid4().hex[:12],
        "sleep_marker": f"{4000 + os.getpid() % 1000}.{uuid.uuid4().int % 10**6:06d}",
        "forbidden": forbidden,
        "writable_on_host": [str(REPO_ROOT), str(out), str(cache), str(data), home],
        "home": home,
        "interpreter_paths": interpreter_paths(python),
        "top_level_allowed": sorted({p.split("/")[1] for p in interpreter_paths(python)}),
        "harness_pid": os.getpid(),
        "secret_name": SECRET_NAME,
        "secret": SECRET,
    }


@pytest.fixture
def listeners():
    """A TCP port and an abstract Unix socket on the host that no program may reach."""
    import socket

    tcp = socket.socket()
    tcp.bind(("127.0.0.1", 0))
    tcp.listen(8)
    unix = socket.socket(socket.AF_UNIX)
    name = "evals-hostile-" + uuid.uuid4().hex[:8]
    unix.bind("\0" + name)
    unix.listen(8)
    yield tcp.getsockname()[1], name
    tcp.close()
    unix.close()


def test_hostile_corpus_as_root(tmp_path, listeners, monkeypatch):
    require(os.geteuid() == 0, "needs root (CI runs as root)")
    require_bwrap()
    monkeypatch.setenv(SECRET_NAME, SECRET)
    ctx = context(tmp_path, str(Path.home()), sys.executable)
    ctx["port"], ctx["abstract"] = listeners
    with Sandbox(workers=2) as box:
        assert box.backend == "bwrap" and not box.missing(), box.isolation
        outcomes = hostile.run_corpus(box, ctx)
    assert hostile.problems(ctx, outcomes) == []
    assert hostile.host_leftovers(ctx) == []


def unprivileged_python() -> str | None:
    """An interpreter another uid can run: ours when its folders are traversable, else the system's."""
    for candidate in (sys.executable, "/usr/bin/python3"):
        real = os.path.realpath(candidate)
        if os.path.exists(real) and all(os.stat(p).st_mode & 0o001 for p in Path(real).parents):
            return candidate
    return None


@pytest.fixture
def as_user(tmp_path):
    """(python, base, run): a world-readable copy of the sandbox and the corpus, run as an unprivileged uid."""
    require(os.geteuid() == 0, "needs root to become an unprivileged uid (CI runs as root)")
    require(shutil.which("setpriv") is not None, "setpriv (util-linux) is not installed")
    require_bwrap()
    python = unprivileged_python()
    require(python is not None, "no interpreter an unprivileged uid can run (apt-get install python3)")
    base = Path(tempfile.mkdtemp(prefix="evals-hostile-user-"))
    os.chmod(base, 0o755)
    (base / "pkg" / "fixtures").mkdir(parents=True)
    for rel in _PACKAGE:
        shutil.copyfile(REPO_ROOT / rel, base / "pkg" / rel)
    shutil.copyfile(Path(hostile.__file__), base / "pkg" / "hostile.py")
    home = base / "home"
    home.mkdir()
    (home / ".netrc").write_text("machine example password hunter2\n")
    for dirpath, dirnames, filenames in os.walk(base):
        for name in dirnames + filenames:
            os.chmod(os.path.join(dirpath, name), 0o755)

    def run(mode: str, ctx: dict, **popen) -> subprocess.Popen:
        for d in [home, base / "out", base / "out" / "cache", base / "data"]:
            for dirpath, dirnames, filenames in os.walk(d):
                os.chown(dirpath, UNPRIVILEGED_UID, UNPRIVILEGED_UID)
                for name in filenames:
                    os.chown(os.path.join(dirpath, name), UNPRIVILEGED_UID, UNPRIVILEGED_UID)
        path = base / f"ctx-{mode}.json"
        path.write_text(json.dumps(ctx))
        os.chmod(path, 0o644)
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "PYTHONPATH": str(base / "pkg"), "LANG": "C.UTF-8"}
        command = ["setpriv", f"--reuid={UNPRIVILEGED_UID}", f"--regid={UNPRIVILEGED_UID}", "--clear-groups", "--",
                   python, str(base / "pkg" / "hostile.py"), mode, str(path)]
        return subprocess.Popen(command, cwd=str(base), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)

    yield python, base, run
    shutil.rmtree(base, ignore_errors=True)


def test_hostile_corpus_as_an_unprivileged_user(as_user, listeners):
    python, base, run = as_user
    ctx = context(base, str(base / "home"), python)
    ctx["port"], ctx["abstract"] = listeners
    proc = run("run", ctx)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr[-3000:]
    outcomes = json.loads(stdout)
    assert outcomes["uid"] == UNPRIVILEGED_UID
    iso = outcomes["isolation"]
    assert iso["backend"] == "bwrap" and iso["missing"] == [] and "userns" in iso["summary"], iso
    assert hostile.problems(ctx, outcomes) == []
    assert hostile.host_leftovers(ctx) == []


def _wait_until_gone(ctx: dict, seconds: float = 20) -> list[str]:
    deadline = time.monotonic() + seconds
    while hostile.host_leftovers(ctx) and time.monotonic() < deadline:
        time.sleep(0.05)
    return hostile.host_leftovers(ctx)


def _kill_while_running(proc: subprocess.Popen) -> dict:
    assert proc.stdout
    line = proc.stdout.readline()
    assert line, proc.stderr.read() if proc.stderr else ""
    report = json.loads(line)
    assert len(report["running"]) == 2, report  # the daemon and the sleeper are alive
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return report


def test_nothing_outlives_a_killed_run_as_root(tmp_path):
    require(os.geteuid() == 0, "needs root (CI runs as root)")
    require_bwrap()
    ctx = context(tmp_path, str(Path.home()), sys.executable)
    path = tmp_path / "ctx.json"
    path.write_text(json.dumps(ctx))
    proc = subprocess.Popen([sys.executable, hostile.__file__, "hold", str(path)], cwd=REPO_ROOT, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    report = _kill_while_running(proc)
    assert _wait_until_gone(ctx) == []
    assert os.path.isdir(report["base"])  # left by the killed run ...
    assert sweep_stale() >= 1 and not os.path.exists(report["base"])  # ... and removed by the next one


def test_nothing_outlives_a_killed_run_as_an_unprivileged_user(as_user):
    python, base, run = as_user
    ctx = context(base, str(base / "home"), python)
    report = _kill_while_running(run("hold", ctx))
    assert _wait_until_gone(ctx) == []
    assert os.path.isdir(report["base"])
    sweeper = subprocess.run(
        ["setpriv", f"--reuid={UNPRIVILEGED_UID}", f"--regid={UNPRIVILEGED_UID}", "--clear-groups", "--", python, "-c",
         "from fixtures.sandbox import sweep_stale; print(sweep_stale())"],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(base / "pkg")}, capture_output=True, text=True, timeout=60,
    )
    assert sweeper.returncode == 0, sweeper.stderr
    assert int(sweeper.stdout) >= 1 and not os.path.exists(report["base"])


def test_the_corpus_refuses_to_run_without_full_isolation():
    """Its probes write into the checkout and signal every process they can: never without the sandbox."""
    boxes = [Sandbox(workers=1, backend="plain")]
    if bwrap_path() is not None:
        boxes.append(Sandbox(workers=1, network="none-available"))
    for box in boxes:
        with box:
            assert box.missing()
            with pytest.raises(RuntimeError, match="without full isolation"):
                hostile.run_corpus(box, {})


def test_without_a_network_namespace_only_the_network_is_reached(tmp_path, listeners, monkeypatch):
    """--sandbox-network none-available (what a machine without user namespaces for networking
    gets): the secret in /proc/<parent>/environ, ptrace of the parent and every other protection
    still hold; 127.0.0.1 is reachable, as the terminal line at the start of the run says."""
    require(os.geteuid() == 0, "needs root (CI runs as root)")
    require_bwrap()
    monkeypatch.setenv(SECRET_NAME, SECRET)
    ctx = context(tmp_path, str(Path.home()), sys.executable)
    ctx["port"], ctx["abstract"] = listeners
    with Sandbox(workers=2, network="none-available") as box:
        assert box.missing() == ["network"], box.isolation
        assert any(line.startswith("sandbox: no network:") for line in box.warnings())
        outcomes = hostile.run_corpus(box, ctx, allow_missing=("network",))
    found = hostile.problems(ctx, outcomes)
    assert len(found) == 1 and found[0].startswith("network reached"), found
    assert json.loads(outcomes["network"]["stdout"])["tcp"] == "connected"  # the probe itself works
    assert hostile.host_leftovers(ctx) == []
