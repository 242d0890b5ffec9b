"""A one-node Slurm cluster on localhost for one test: munged, slurmctld and slurmd from Debian's packages.

Everything lives in a temporary folder (configuration, munge key and socket, state, spool, logs);
the daemons run in the foreground as children of the test and are stopped at the end. Needs root
(slurmd starts jobs as their user) and the packages slurm-wlm and munge.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

DAEMONS = ("munged", "slurmctld", "slurmd", "sbatch", "sinfo")
NODE = "evalsnode"


def available() -> tuple[bool, str]:
    missing = [d for d in DAEMONS if shutil.which(d) is None]
    if missing:
        return False, f"needs Slurm and munge (apt-get install slurm-wlm munge): {', '.join(missing)} not found"
    if os.geteuid() != 0:
        return False, "needs root to run slurmd (it starts jobs as their user)"
    return True, ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class SlurmCluster:
    root: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "SLURM_CONF": str(self.root / "slurm.conf")}

    def start(self, timeout: float = 60.0) -> "SlurmCluster":
        root = self.root
        root.chmod(0o755)  # munged wants the socket's folder reachable by everybody
        for sub in ("state", "spool", "munge"):
            (root / sub).mkdir()
        key = root / "munge" / "munge.key"
        key.write_bytes(secrets.token_bytes(1024))
        key.chmod(0o600)
        socket_path = root / "munge" / "munge.socket"
        (root / "slurm.conf").write_text(self.config(socket_path))
        self._spawn(["munged", "-F", "--force", f"--socket={socket_path}", f"--key-file={key}",
                     f"--pid-file={root / 'munge' / 'munged.pid'}", f"--log-file={root / 'munged.log'}",
                     f"--seed-file={root / 'munge' / 'munged.seed'}"], "munged")
        self._wait(lambda: socket_path.exists(), timeout, "munged to create its socket")
        conf = str(root / "slurm.conf")
        self._spawn(["slurmctld", "-D", "-f", conf], "slurmctld")
        self._spawn(["slurmd", "-D", "-f", conf, "-N", NODE], "slurmd")
        self._wait(self._idle, timeout, "the node to be idle in sinfo")
        return self

    def config(self, munge_socket: Path) -> str:
        root = self.root
        cpus = max(1, os.cpu_count() or 1)
        return "\n".join([
            "ClusterName=evals-test",
            "SlurmctldHost=localhost(127.0.0.1)",
            "SlurmUser=root",
            "SlurmdUser=root",
            "AuthType=auth/munge",
            f"AuthInfo=socket={munge_socket}",
            "CredType=cred/munge",
            f"StateSaveLocation={root / 'state'}",
            f"SlurmdSpoolDir={root / 'spool'}",
            f"SlurmctldPidFile={root / 'slurmctld.pid'}",
            f"SlurmdPidFile={root / 'slurmd.pid'}",
            f"SlurmctldPort={free_port()}",
            f"SlurmdPort={free_port()}",
            f"SlurmctldLogFile={root / 'slurmctld.log'}",
            f"SlurmdLogFile={root / 'slurmd.log'}",
            "ProctrackType=proctrack/linuxproc",
            "TaskPlugin=task/none",
            "JobAcctGatherType=jobacct_gather/none",
            "AccountingStorageType=accounting_storage/none",
            "SchedulerType=sched/builtin",
            "SelectType=select/cons_tres",
            "SelectTypeParameters=CR_Core",
            "MpiDefault=none",
            "ReturnToService=2",
            "MailProg=/bin/true",
            f"NodeName={NODE} NodeAddr=127.0.0.1 NodeHostname=localhost CPUs={cpus} State=UNKNOWN",
            f"PartitionName=evals Nodes={NODE} Default=YES MaxTime=INFINITE State=UP",
            "",
        ])

    def _spawn(self, command: list[str], name: str) -> None:
        log = open(self.root / f"{name}.out", "w")
        self.processes.append(subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
        log.close()

    def _idle(self) -> bool:
        done = subprocess.run(["sinfo", "-h", "-o", "%t"], env=self.env, capture_output=True, text=True, timeout=10)
        return done.returncode == 0 and done.stdout.strip() == "idle"

    def _wait(self, ready, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            dead = [p for p in self.processes if p.poll() is not None]
            if dead:
                raise RuntimeError(f"{dead[0].args[0]} exited with {dead[0].returncode} while waiting for {what}:\n{self.logs()}")
            if ready():
                return
            time.sleep(0.2)
        raise TimeoutError(f"waited {timeout:g} s for {what}:\n{self.logs()}")

    def logs(self) -> str:
        parts = []
        for path in sorted(self.root.glob("*.log")) + sorted(self.root.glob("*.out")):
            text = path.read_text(errors="replace")
            parts.append(f"--- {path.name}\n{text[-2000:]}")
        return "\n".join(parts)

    def stop(self) -> None:
        """slurmd first (it may still hold job steps), then the controller, then munged; each waited for, bounded."""
        subprocess.run(["scancel", "--full", "--quiet", "--user=root"], env=self.env, capture_output=True, timeout=20) if shutil.which("scancel") else None
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)
