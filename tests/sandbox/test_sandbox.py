"""The code sandbox: ordinary runs, limits, and hostile programs (each contained, a failure, the run goes on)."""

from __future__ import annotations

import ast
import os
import socket
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from fixtures.sandbox import REPO_ROOT, Sandbox, SandboxLimits
from tests.support.sysdeps import require, require_full_isolation

SECRETS = {"NGC_API_KEY": "nvapi-secret-123", "HF_TOKEN": "hf_secret_456", "JUDGE_API_KEY": "judge-secret-789"}


@pytest.fixture(scope="module")
def box():
    with Sandbox(workers=2) as sandbox:
        yield sandbox


def still_works(box: Sandbox) -> None:
    """After a hostile program, an ordinary one still runs normally."""
    result = box.run_python("print(6 * 7)")
    assert result.ok and result.stdout == b"42\n"


def test_runs_program_with_stdin_and_files(box):
    result = box.run_python(
        "import sys\nprint(sys.stdin.read().upper(), open('data/x.txt').read())",
        stdin=b"hello",
        files={"data/x.txt": b"file-content"},
    )
    assert result.ok, result.stderr
    assert result.stdout == b"HELLO file-content\n"
    assert result.exit_code == 0 and not result.timed_out and result.signal is None


def test_exit_code_and_stderr_of_a_failing_program(box):
    result = box.run_python("raise SystemExit(3)")
    assert result.exit_code == 3 and not result.ok
    result = box.run_python("1/0")
    assert result.exit_code == 1 and b"ZeroDivisionError" in result.stderr


def test_rejects_file_names_outside_the_workdir(box):
    with pytest.raises(ValueError, match="relative path"):
        box.run_python("pass", files={"../evil.py": b""})
    with pytest.raises(ValueError, match="relative path"):
        box.run_python("pass", files={"/etc/evil": b""})


def test_isolation_is_reported(box):
    iso = box.isolation
    assert iso["network"] in ("namespace", "none-available")
    assert {"protections", "missing", "user", "rlimits", "env_allow", "workers"} <= iso.keys()
    assert iso["workers"] == 2


def test_environment_is_scrubbed_of_secrets(box, monkeypatch):
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SOME_OTHER_VARIABLE", "not-allowed")
    result = box.run_python("import os\nprint(sorted(os.environ.items()))")
    assert result.ok
    for name, value in SECRETS.items():
        assert name.encode() not in result.stdout and value.encode() not in result.stdout
    assert b"SOME_OTHER_VARIABLE" not in result.stdout
    assert b"OMP_NUM_THREADS" in result.stdout


def test_env_allow_cannot_name_secrets():
    with pytest.raises(ValueError, match="secrets"):
        Sandbox(env_allow=["PATH", "NGC_API_KEY"])


def test_cannot_read_secrets_from_the_parent_process(box, monkeypatch):
    if not box.protections["pid_namespace"]:
        require(False, "needs bubblewrap (apt-get install bubblewrap): without it /proc/<ppid>/environ is readable as the same user")
    monkeypatch.setenv("NGC_API_KEY", SECRETS["NGC_API_KEY"])
    probe = (
        "import os\nfound = []\n"
        "for pid in [os.getppid(), 1, " + str(os.getpid()) + "]:\n"
        "    try:\n        found.append(open(f'/proc/{pid}/environ', 'rb').read())\n"
        "    except OSError as e:\n        found.append(repr(e).encode())\n"
        "print(found)\n"
    )
    result = box.run_python(probe)
    assert SECRETS["NGC_API_KEY"].encode() not in result.stdout
    assert b"Permission denied" in result.stdout or b"FileNotFoundError" in result.stdout


def test_workdir_is_private_and_removed(box):
    result = box.run_python("import os\nprint(os.getcwd())\nopen('scratch.bin', 'wb').write(b'x' * 1000)")
    assert result.ok
    workdir = Path(result.stdout.decode().strip())
    assert not workdir.exists()


def test_cannot_clobber_or_read_the_suite_files(box, tmp_path):
    """Under full isolation only: without it this program would run against the real checkout.
    Existing files are opened for writing without truncation, so a failure would change nothing."""
    require_full_isolation(box)
    marker = f"pwned-{uuid.uuid4().hex}"
    target_repo = REPO_ROOT / f"{marker}.txt"
    target_tmp = Path("/tmp") / f"{marker}.txt"
    conftest = REPO_ROOT / "conftest.py"
    before = conftest.read_bytes()
    program = f"""
import os
outcome = {{}}
for path in [{str(target_repo)!r}, {str(target_tmp)!r}, os.path.expanduser('~root/{marker}')]:
    try:
        with open(path, 'x') as f:
            f.write('pwned')
        outcome[path] = 'written'
    except OSError as e:
        outcome[path] = type(e).__name__
try:
    os.close(os.open({str(conftest)!r}, os.O_WRONLY))
    outcome['conftest'] = 'writable'
except OSError as e:
    outcome['conftest'] = type(e).__name__
try:
    outcome['read'] = open({str(conftest)!r}).read()[:20]
except OSError as e:
    outcome['read'] = type(e).__name__
print(outcome)
"""
    result = box.run_python(program)
    assert result.ok, result.stderr
    outcome = ast.literal_eval(result.stdout.decode())
    assert not target_repo.exists() and outcome[str(target_repo)] in ("PermissionError", "FileNotFoundError"), outcome
    assert not target_tmp.exists()  # written, but into the sandbox's private throwaway /tmp
    assert conftest.read_bytes() == before
    assert outcome["conftest"] == outcome["read"] == "FileNotFoundError", outcome  # the repository is hidden
    still_works(box)


def test_infinite_loop_is_killed_at_the_wall_limit(box):
    start = time.monotonic()
    result = box.run_python("while True:\n    pass\n", limits=SandboxLimits(wall_s=1.0))
    assert result.timed_out and not result.ok
    assert time.monotonic() - start < 60  # ended by the limit, not hanging
    still_works(box)


def test_cpu_limit_counts_as_timeout(box):
    result = box.run_python("while True:\n    pass\n", limits=SandboxLimits(wall_s=10.0, cpu_s=1))
    assert result.timed_out and not result.ok
    assert result.signal == 24  # SIGXCPU: the CPU limit ended it, not the 10 s wall clock


def test_sleeping_children_in_the_background_are_killed(box):
    require_full_isolation(box)
    program = (
        "import subprocess, sys\n"
        "subprocess.Popen([sys.executable, '-c', 'import os, time\\nos.setsid()\\ntime.sleep(60)'], start_new_session=True)\n"
        "print('parent done')\n"
    )
    result = box.run_python(program, limits=SandboxLimits(wall_s=5))
    assert result.stdout == b"parent done\n" and not result.timed_out


def test_fork_bomb_is_contained(box):
    require_full_isolation(box)
    bomb = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"
    start = time.monotonic()
    result = box.run_python(bomb, limits=SandboxLimits(wall_s=2.0, max_processes=32))
    assert not result.ok
    assert time.monotonic() - start < 60
    still_works(box)


def test_memory_bomb_fails_without_hurting_the_machine(box):
    require_full_isolation(box)
    result = box.run_python("blocks = []\nwhile True:\n    blocks.append(bytearray(100 * 2**20))\n", limits=SandboxLimits(memory_mb=512))
    assert not result.ok and not result.timed_out
    assert b"MemoryError" in result.stderr or result.signal is not None
    still_works(box)


def test_file_size_limit(box):
    result = box.run_python("open('big', 'wb').write(b'x' * (8 * 2**20))", limits=SandboxLimits(file_size_mb=1))
    assert not result.ok


def test_printing_gigabytes_is_cut_off(box):
    require_full_isolation(box)
    start = time.monotonic()
    limits = SandboxLimits(wall_s=30, output_bytes=100_000)
    result = box.run_python("import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n", limits=limits)
    assert result.output_truncated and not result.ok
    assert len(result.stdout) == 100_000
    assert time.monotonic() - start < 60
    still_works(box)


def test_no_network(box):
    if box.isolation["network"] != "namespace":
        require(False, f"no network namespace on this machine: {box.notes}")
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    try:
        program = (
            "import socket\nfor host in ['127.0.0.1', '1.1.1.1']:\n"
            "    try:\n        socket.create_connection((host, " + str(port) + "), timeout=2)\n        print('connected', host)\n"
            "    except OSError as e:\n        print('refused', host, type(e).__name__)\n"
        )
        result = box.run_python(program)
        assert b"connected" not in result.stdout and result.stdout.count(b"refused") == 2
    finally:
        server.close()
    still_works(box)


def test_cannot_kill_the_test_process(box):
    if not box.protections["pid_namespace"]:
        require(False, "needs bubblewrap (apt-get install bubblewrap): without a PID namespace a program may signal its parent")
    program = f"import os, signal\nos.kill(1, signal.SIGKILL)\nos.kill({os.getpid()}, signal.SIGKILL)\n"
    result = box.run_python(program)
    assert not result.ok and b"ProcessLookupError" in result.stderr
    still_works(box)  # and we are still alive to check it


def test_at_most_workers_programs_at_once(box):
    program = "import time\nprint(time.time())\ntime.sleep(0.6)\nprint(time.time())\n"
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = list(pool.map(lambda _: box.run_python(program), range(4)))
    spans = [tuple(float(x) for x in r.stdout.split()) for r in runs]
    assert all(r.ok for r in runs)
    peak = max(sum(1 for s, e in spans if s <= t < e) for t, _ in spans)
    assert peak <= 2


def test_without_bubblewrap_the_report_says_so_and_programs_still_run(monkeypatch):
    monkeypatch.setenv("NGC_API_KEY", SECRETS["NGC_API_KEY"])
    with Sandbox(workers=1, backend="plain", network="none-available") as plain:
        iso = plain.isolation
        assert iso["backend"] == "plain" and iso["network"] == "none-available"
        assert {"filesystem", "pid_namespace", "seccomp", "private_tmp", "network"} <= set(plain.missing())
        assert len(plain.warnings()) >= len(plain.missing())
        result = plain.run_python("import os\nprint(os.environ.get('NGC_API_KEY'), flush=True)\nwhile True:\n    pass\n", limits=SandboxLimits(wall_s=1))
        assert result.timed_out and result.stdout == b"None\n"
    with pytest.raises(Exception, match="missing protections"):
        Sandbox(workers=1, backend="plain", require="full")


def test_a_program_flooding_its_channel_cannot_wedge_the_harness(box):
    """The program writes message lines without reading while the harness answers each with 256 KB:
    neither side may block the other; the wall-clock limit ends it."""
    flood = "import os\nwhile True:\n    os.write(3, b'x' * 1000 + b'\\n')\n"
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(
        box.run_python(flood, limits=SandboxLimits(wall_s=3), on_message=lambda line: b"y" * 2**18)), daemon=True)
    worker.start()
    worker.join(timeout=120)
    assert outcome and not outcome[0].ok, "the run did not end"
    still_works(box)


def test_the_message_channel_carries_lines_both_ways(box):
    echo = "import os\nos.write(3, b'hello\\n')\nprint(os.read(3, 100).decode().strip())\n"
    result = box.run_python(echo, on_message=lambda line: line.upper() + b"!")
    assert result.ok and result.stdout == b"HELLO!\n"


def test_a_sandbox_started_from_a_thread_outlives_that_thread():
    """bubblewrap's parent-death signal follows the thread that started it: the sandbox starts its
    zygotes from its own thread, so a worker thread that ends takes nothing with it."""
    with Sandbox(workers=1) as box:
        first: list = []
        view = [str(Path(__file__))]  # another filesystem view: a new zygote, started for the thread's run
        worker = threading.Thread(target=lambda: first.append(box.run_python("print(1)", read_paths=view)))
        worker.start()
        worker.join()
        pid = box._zygotes[0].proc.pid
        time.sleep(0.3)
        assert first[0].ok and box.run_python("print(2)", read_paths=view).stdout == b"2\n"
        assert box._zygotes[0].proc.pid == pid
