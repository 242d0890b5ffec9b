"""Where the BFCL data files come from: a local mirror, or the pinned bfcl-eval wheel from PyPI.

`--data-dir D` reads D/bfcl/<file_set>/ (the layout of ../shared/data), or D itself when it holds
the BFCL_<v>_*.json files. Without a data dir the data is taken from the bfcl-eval wheel on PyPI
(the wheel ships bfcl_eval/data/): 2026.3.23 for the v4 files, 2025.8.6.2 (the last with v3 file
names) for the v3 files. The wheel is fetched with `pip download` (never installed or imported),
checked against its pinned sha256, and its data folder extracted into a cache directory.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from evals.bfcl.categories import FILE_PREFIX

REFERENCE_VERSION = "2026.3.23"  # the bfcl-eval whose checker this package follows


@dataclass(frozen=True)
class Wheel:
    version: str
    sha256: str

    @property
    def filename(self) -> str:
        return f"bfcl_eval-{self.version}-py3-none-any.whl"


WHEELS = {
    "v4": Wheel("2026.3.23", "3bb6dfa5f0c68ad403c9ec50b00db2bb3b4cc9b38ab1ff33f48fe30d853d3a0a"),
    "v3": Wheel("2025.8.6.2", "fdb996ac963ed1c6fce1eb4884053aae4a6de282fb931665a46dbeed204a228d"),
}


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "nemotron-evals" / "bfcl"


def local_dir(data_dir: Path, file_set: str) -> Path:
    """The folder holding BFCL_<v>_*.json under a --data-dir, or a clear error."""
    prefix = FILE_PREFIX[file_set]
    for candidate in (Path(data_dir) / "bfcl" / file_set, Path(data_dir)):
        if candidate.is_dir() and any(candidate.glob(f"{prefix}_*.json")):
            return candidate
    raise FileNotFoundError(
        f"no {prefix}_*.json files in {Path(data_dir) / 'bfcl' / file_set} or {data_dir}: "
        f"expected the bfcl_eval/data folder of bfcl-eval {WHEELS[file_set].version} there"
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def wheel_dir(file_set: str, root: Path | None = None) -> Path:
    """bfcl_eval/data of the pinned wheel, downloaded and extracted once into the cache."""
    wheel = WHEELS[file_set]
    target = (root or cache_root()) / f"bfcl-eval-{wheel.version}"
    data = target / "bfcl_eval" / "data"
    if (target / ".complete").is_file():
        return data
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target) as tmp:
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
                   f"bfcl-eval=={wheel.version}", "-d", tmp]
        done = subprocess.run(command, capture_output=True, text=True)
        path = Path(tmp) / wheel.filename
        if done.returncode != 0 or not path.is_file():
            raise RuntimeError(
                f"could not download bfcl-eval=={wheel.version} from PyPI for the BFCL data "
                f"({done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'pip failed'}); "
                "pass --data-dir with a local copy of bfcl_eval/data instead"
            )
        got = _sha256(path)
        if got != wheel.sha256:
            raise RuntimeError(f"{wheel.filename}: sha256 {got} differs from the pinned {wheel.sha256}")
        with zipfile.ZipFile(path) as zf:
            members = [m for m in zf.namelist() if m.startswith("bfcl_eval/data/") and m.endswith(".json")]
            zf.extractall(target, members)
    (target / ".complete").write_text(wheel.sha256 + "\n")
    return data


def resolve(data_dir: Path | None, file_set: str) -> tuple[Path, str]:
    """(folder with the data files, a description of the source for results.json)."""
    if data_dir is not None:
        folder = local_dir(data_dir, file_set)
        return folder, str(folder)
    folder = wheel_dir(file_set)
    wheel = WHEELS[file_set]
    return folder, f"pypi:bfcl-eval=={wheel.version} (bfcl_eval/data, wheel sha256 {wheel.sha256[:12]})"
