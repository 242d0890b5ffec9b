"""A corpus of hostile programs and what containment means for each (standard library only).

`run_corpus(box, ctx)` runs every probe through a Sandbox and returns its outcomes; `problems(ctx,
outcomes)` lists every way containment failed. The same corpus runs in the test process as root
(tests/sandbox/test_hostile.py) and, as an unprivileged uid, in a child process started with
setpriv (`python hostile.py CONTEXT.json` prints the outcomes as JSON): both are judged by the same
`problems`. `ctx` names what must stay out of reach: the repository, the output folder and its
response cache, the data folder, the home folder, other checkouts; the harness' pid and a TCP port
and an abstract Unix socket it listens on; a marker that host-side leftovers would carry.
"""

from __future__ import annotations

import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

_SYSCALL = "import ctypes, errno\nlibc = ctypes.CDLL(None, use_errno=True)\n" \
    "def call(nr, *args):\n    r = libc.syscall(nr, *[ctypes.c_long(a) for a in args])\n" \
    "    return 'ok' if r >= 0 else errno.errorcode.get(ctypes.get_errno(), str(ctypes.get_errno()))\n"


def probes(ctx: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """name -> {source, limits (SandboxLimits keywords), warm}."""
    m = ctx["marker"]
    return {
        "reads_forbidden_paths": {"source": (
            "import os, json\n"
            f"paths = {ctx['forbidden']!r}\n"
            "print(json.dumps({p: os.path.exists(p) for p in paths}))\n"
        )},
        "lists_the_root": {"source": "import os, json\nprint(json.dumps(sorted(os.listdir('/'))))\n"},
        "home_shows_only_the_interpreter": {"source": (
            "import os, json\n"
            f"home = {ctx['home']!r}\n"
            "seen = []\n"
            "for d, dirs, files in os.walk(home) if os.path.isdir(home) else []:\n"
            "    seen += [os.path.join(d, f) for f in files]\n"
            "    if len(seen) > 100000: break\n"
            f"allowed = {ctx['interpreter_paths']!r}\n"
            "print(json.dumps([p for p in seen if not any(p.startswith(a.rstrip('/') + '/') for a in allowed)][:20]))\n"
        )},
        "writes_everywhere": {"source": (
            "import os, json\n"
            f"targets = {[os.path.join(p, m + '.txt') for p in ctx['writable_on_host']]!r}\n"
            "out = {}\n"
            "for t in targets:\n"
            "    try:\n        open(t, 'w').write('pwned')\n        out[t] = 'written'\n"
            "    except OSError as e:\n        out[t] = type(e).__name__\n"
            "print(json.dumps(out))\n"
        )},
        "reads_secrets": {"source": (
            "import os, json\n"
            f"out = {{'env': {ctx['secret']!r} in repr(dict(os.environ))}}\n"
            f"for pid in [1, os.getppid(), {ctx['harness_pid']}]:\n"
            "    for what in ('environ', 'mem', 'cmdline'):\n"
            "        try:\n"
            "            with open(f'/proc/{pid}/{what}', 'rb') as f:\n"
            f"                out[f'{{pid}}/{{what}}'] = {ctx['secret']!r}.encode() in f.read(1 << 20)\n"
            "        except OSError as e:\n            out[f'{pid}/{what}'] = type(e).__name__\n"
            "print(json.dumps(out))\n"
        )},
        "fork_bomb": {"source": (
            "import os, time\nn = 0\nstart = time.time()\n"
            "while time.time() - start < 1.5:\n"
            "    try:\n        if os.fork() == 0:\n            time.sleep(30)\n            os._exit(0)\n        n += 1\n"
            "    except OSError:\n        pass\n"
            "print(n, flush=True)\n"
        ), "limits": {"wall_s": 5, "max_processes": 16}},
        "memory_bomb": {"source": "blocks = []\nwhile True:\n    blocks.append(bytearray(64 * 2**20))\n",
                        "limits": {"memory_mb": 512}},
        "fills_scratch": {"source": (
            "import os, json\nout = {}\n"
            f"for d in ['/tmp', '/dev/shm', '/var/tmp', '.']:\n"
            f"    path = os.path.join(d, {m!r})\n"
            "    n = 0\n"
            "    try:\n        with open(path, 'wb') as f:\n"
            "            while n < 1024:\n                f.write(b'x' * 2**20)\n                f.flush()\n                n += 1\n"
            "    except OSError as e:\n        pass\n"
            "    out[d] = n\n"
            "print(json.dumps(out))\n"
        ), "limits": {"file_size_mb": 2048, "scratch_mb": 32, "wall_s": 20}},
        "output_flood": {"source": "import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n",
                         "limits": {"output_bytes": 100_000, "wall_s": 20}},
        "double_fork_daemon": {"source": (
            "import os, time\n"
            "if os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
            f"        os.execv('/bin/sleep', ['sleep', {ctx['sleep_marker']!r}])\n"
            "    os._exit(0)\n"
            "time.sleep(0.3)\nprint('parent done')\n"
        )},
        "network": {"source": (
            "import socket, json\nout = {}\n"
            "try:\n"
            f"    socket.create_connection(('127.0.0.1', {ctx['port']}), timeout=2)\n    out['tcp'] = 'connected'\n"
            "except OSError as e:\n    out['tcp'] = type(e).__name__\n"
            "try:\n    s = socket.socket(socket.AF_UNIX)\n"
            f"    s.connect({chr(0) + ctx['abstract']!r})\n    out['unix'] = 'connected'\n"
            "except OSError as e:\n    out['unix'] = type(e).__name__\n"
            "print(json.dumps(out))\n"
        )},
        "signals": {"source": (
            "import os, signal, json\nout = {}\n"
            f"for name, pid in [('parent', os.getppid()), ('init', 1), ('harness', {ctx['harness_pid']})]:\n"
            "    try:\n        os.kill(pid, signal.SIGKILL)\n        out[name] = 'sent'\n"
            "    except OSError as e:\n        out[name] = type(e).__name__\n"
            "print(json.dumps(out), flush=True)\n"
            "os.kill(-1, signal.SIGKILL)\n"
        )},
        "system_calls": {"source": _SYSCALL + (
            "import json\nout = {\n"
            "    'ptrace_attach_1': call(101, 16, 1, 0, 0),\n"
            "    'unshare_user': call(272, 0x10000000),\n"
            "    'unshare_net': call(272, 0x40000000),\n"
            "    'clone_newuser': call(56, 0x10000000 | 17, 0, 0, 0, 0),\n"
            "    'mount': call(165, 0, 0, 0, 0, 0),\n"
            "    'keyctl': call(250, 0, 0, 0, 0, 0),\n"
            "    'bpf': call(321, 0, 0, 0),\n"
            "    'perf_event_open': call(298, 0, 0, -1, -1, 0),\n"
            "    'process_vm_readv': call(310, 1, 0, 0, 0, 0, 0),\n"
            "}\n"
            "print(json.dumps(out))\n"
        )},
        "raises_rlimits": {"source": (
            "import resource, json\nout = {}\n"
            "for name in ('RLIMIT_NPROC', 'RLIMIT_AS', 'RLIMIT_CPU', 'RLIMIT_FSIZE'):\n"
            "    which = getattr(resource, name)\n"
            "    try:\n        resource.setrlimit(which, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))\n        out[name] = 'raised'\n"
            "    except (ValueError, OSError) as e:\n        out[name] = type(e).__name__\n"
            "print(json.dumps(out))\n"
        )},
        "sees_only_itself": {"source": (
            "import os, json\n"
            "print(json.dumps({'pids': sorted(int(p) for p in os.listdir('/proc') if p.isdigit()), 'me': os.getpid()}))\n"
        )},
    }


def run_one(box: Any, name: str, probe: dict[str, Any]) -> dict[str, Any]:
    from fixtures.sandbox import SandboxLimits

    limits = SandboxLimits(**{"wall_s": 10, **probe.get("limits", {})})
    r = box.run_python(probe["source"], limits=limits, warm=probe.get("warm", True))
    return {"ok": r.ok, "exit_code": r.exit_code, "timed_out": r.timed_out, "signal": r.signal,
            "truncated": r.output_truncated, "stdout": r.stdout[-4000:].decode("utf-8", "replace"),
            "stderr": r.stderr[-2000:].decode("utf-8", "replace"), "stdout_len": len(r.stdout)}


def run_corpus(box: Any, ctx: dict[str, Any], allow_missing: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every probe, then: siblings (a killer beside a sleeper), and a normal program afterwards.

    Only under full isolation: the probes signal every process they can (kill(-1)), which without
    a PID namespace would be every process of the user (or, as root, of the machine), and write
    into the checkout, home and output folder, which without the filesystem view they would reach.
    `allow_missing` names protections whose absence is the point of the test (never those two)."""
    missing = [name for name in box.missing() if name not in allow_missing or name in ("filesystem", "pid_namespace")]
    if missing:
        raise RuntimeError(f"refusing to run the hostile corpus without full isolation (missing {missing}): "
                           f"{box.isolation['summary']}")
    out = {name: run_one(box, name, probe) for name, probe in probes(ctx).items()}
    out["after_everything"] = run_one(box, "after", {"source": "print(6 * 7)"})
    out["after_everything_exec"] = run_one(box, "after", {"source": "print(6 * 7)", "warm": False})
    sleeper = {"source": "import time\ntime.sleep(2)\nprint('survived')\n"}
    killer = {"source": (
        "import os, signal, time\ntime.sleep(0.5)\n"
        "for pid in range(2, 4096):\n    try:\n        os.kill(pid, signal.SIGKILL)\n    except OSError:\n        pass\n"
        "os.kill(-1, signal.SIGKILL)\n"
    )}
    with ThreadPoolExecutor(max_workers=2) as pool:
        a = pool.submit(run_one, box, "sleeper", sleeper)
        time.sleep(0.1)
        b = pool.submit(run_one, box, "killer", killer)
        out["sibling_sleeper"], out["sibling_killer"] = a.result(), b.result()
    out["harness_alive"] = True
    return out


def problems(ctx: dict[str, Any], out: dict[str, Any]) -> list[str]:
    """Every containment failure in `out` (empty when all held)."""
    bad: list[str] = []

    def expect(cond: bool, what: str) -> None:
        if not cond:
            bad.append(what)

    def js(name: str) -> Any:
        try:
            return json.loads(out[name]["stdout"].splitlines()[0])
        except (ValueError, IndexError, KeyError):
            bad.append(f"{name}: no report ({out.get(name)})")
            return None

    seen = js("reads_forbidden_paths")
    if seen is not None:
        expect(not any(seen.values()), f"forbidden paths visible: {[p for p, v in seen.items() if v]}")
    root = js("lists_the_root")
    if root is not None:
        system = {"bin", "dev", "etc", "lib", "lib32", "lib64", "libx32", "proc", "sandbox", "sbin", "tmp", "usr", "var"}
        expect(set(root) <= system | set(ctx["top_level_allowed"]), f"unexpected top-level entries {root}")
    extra = js("home_shows_only_the_interpreter")
    expect(extra == [], f"files of the home folder visible: {extra}")
    written = js("writes_everywhere")
    if written is not None:
        expect("written" not in written.values(), f"writes reached: {written}")
    secrets = js("reads_secrets")
    if secrets is not None:
        expect(secrets.get("env") is False, "the secret is in the environment")
        expect(True not in secrets.values(), f"the secret was read: {secrets}")
    fork = out["fork_bomb"]
    forks = int(fork["stdout"].split()[0]) if fork["stdout"].split() else -1
    expect(0 <= forks <= 16, f"fork bomb: {forks} processes (cap 16): {fork}")
    mem = out["memory_bomb"]
    expect(not mem["ok"] and not mem["timed_out"] and "MemoryError" in mem["stderr"], f"memory bomb: {mem}")
    fills = js("fills_scratch")
    if fills is not None:
        expect(all(0 <= n <= 33 for n in fills.values()), f"scratch not capped at 32 MB: {fills}")
    flood = out["output_flood"]
    expect(flood["truncated"] and not flood["ok"] and flood["stdout_len"] <= 100_000, f"output flood: {flood}")
    expect(out["double_fork_daemon"]["stdout"].strip() == "parent done", f"daemon: {out['double_fork_daemon']}")
    net = js("network")
    if net is not None:
        expect(net.get("tcp") != "connected" and net.get("unix") != "connected", f"network reached: {net}")
    sig = js("signals")
    if sig is not None:
        expect(sig.get("harness") == "ProcessLookupError", f"the harness pid is visible: {sig}")
    calls = js("system_calls")
    if calls is not None:
        expect(all(v == "EPERM" for v in calls.values()), f"system calls not refused: {calls}")
    limits = js("raises_rlimits")
    if limits is not None:
        expect("raised" not in limits.values(), f"rlimits raised: {limits}")
    pids = js("sees_only_itself")
    if pids is not None:
        expect(pids["pids"] == sorted({1, pids["me"]}), f"other processes visible (leftovers of earlier programs?): {pids}")
    for name in ("after_everything", "after_everything_exec"):
        expect(out[name]["ok"] and out[name]["stdout"] == "42\n", f"{name}: {out[name]}")
    expect(out["sibling_sleeper"]["stdout"] == "survived\n", f"a sibling was killed: {out['sibling_sleeper']}")
    return bad


def host_leftovers(ctx: dict[str, Any]) -> list[str]:
    """What the corpus left on the host: files with the marker, processes with the sleep marker."""
    found = []
    for d in ctx["writable_on_host"] + ["/tmp", "/dev/shm", "/var/tmp"]:
        path = os.path.join(d, ctx["marker"])
        for p in (path, path + ".txt"):
            if os.path.exists(p):
                found.append(p)
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if ctx["sleep_marker"].encode() in f.read():
                        found.append(f"process {pid}")
            except OSError:
                pass
    return found


def hold(box: Any, ctx: dict[str, Any]) -> None:
    """Start long programs (one leaves a daemon) and report; the caller then SIGKILLs this process."""
    import threading

    from fixtures.sandbox import SandboxLimits

    daemon = probes(ctx)["double_fork_daemon"]["source"].replace("time.sleep(0.3)", "time.sleep(120)")
    for source in (daemon, f"import os\nos.execv('/bin/sleep', ['sleep', {ctx['sleep_marker']!r}])\n"):
        threading.Thread(target=box.run_python, args=(source,), kwargs={"limits": SandboxLimits(wall_s=300)},
                         daemon=True).start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(host_leftovers(ctx)) < 2:
        time.sleep(0.05)
    print(json.dumps({"base": box._base, "running": host_leftovers(ctx)}), flush=True)
    time.sleep(600)


def main(mode: str, context_path: str) -> None:
    """As the unprivileged user: `run` prints the corpus' outcomes as JSON; `hold` see hold()."""
    from fixtures.sandbox import Sandbox

    with open(context_path) as f:
        ctx = json.load(f)
    ctx["harness_pid"] = os.getpid()
    os.environ[ctx["secret_name"]] = ctx["secret"]
    box = Sandbox(workers=2)
    if mode == "hold":
        hold(box, {"port": 9, "abstract": "unused", **ctx})
        return
    out = run_corpus(box, ctx)
    out["isolation"] = box.isolation
    out["uid"] = os.getuid()
    box.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
