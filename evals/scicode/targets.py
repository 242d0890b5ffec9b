"""Finding test_data.h5 (the official numeric targets) before any request is sent."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import urllib.request
from pathlib import Path

from evals.scicode.options import OFFICIAL_TARGETS_DRIVE_ID, SciCodeOptions

TARGETS_NAME = "test_data.h5"
WHERE_TO_GET = (
    "SciCode's numeric targets test_data.h5 (about 1 GB) are published by the SciCode authors on Google "
    "Drive only: the folder https://drive.google.com/drive/folders/1W5GZW6_bdiDAiipuFMqdUhvUaHIj6-pR "
    "linked from https://github.com/scicode-bench/SciCode ('numeric test results'), file id "
    f"{OFFICIAL_TARGETS_DRIVE_ID} (the one NeMo-Skills' sandbox image downloads). Download it and set "
    "the scicode option targets_path (--set tasks.scicode.options.targets_path=/path/to/test_data.h5), or "
    "--set tasks.scicode.options.download_targets=true to fetch it into the cache"
)


class TargetsUnavailable(RuntimeError):
    """test_data.h5 cannot be found, fetched, or verified; the message says where to get it."""


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "nemotron-evals" / "scicode"


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def _looks_like_hdf5(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(8) == b"\x89HDF\r\n\x1a\n"


def _verified(path: Path, expected_sha256: str | None, what: str) -> Path:
    if not _looks_like_hdf5(path):
        raise TargetsUnavailable(f"{what} {path} is not an HDF5 file. {WHERE_TO_GET}")
    if expected_sha256:
        actual = file_sha256(path)
        if actual != expected_sha256.lower():
            raise TargetsUnavailable(
                f"{what} {path} has sha256 {actual}, expected {expected_sha256} (targets_sha256). {WHERE_TO_GET}"
            )
    return path


def download(url: str, dest: Path, expected_sha256: str | None, timeout_s: float = 60.0) -> Path:
    """Fetch url to dest through a temporary file; dest appears only once complete and verified."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".test_data.", suffix=".part", dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout_s) as response:
            shutil.copyfileobj(response, out, length=1 << 20)
        _verified(tmp, expected_sha256, "the downloaded file")
        tmp.replace(dest)
    except TargetsUnavailable:
        raise
    except OSError as exc:  # URLError and HTTP errors are OSErrors
        raise TargetsUnavailable(f"could not download {url}: {exc}. {WHERE_TO_GET}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return dest


def resolve_targets(options: SciCodeOptions) -> Path:
    """The test_data.h5 to use: targets_path, else a cached copy, else a download when allowed.

    Called by the loader, so a run without targets stops before its first request.
    """
    if options.targets_path:
        path = Path(options.targets_path).expanduser()
        if not path.is_file():
            raise TargetsUnavailable(f"targets_path {path} does not exist. {WHERE_TO_GET}")
        return _verified(path, options.targets_sha256, "targets_path").resolve()
    cache_dir = Path(options.targets_cache_dir).expanduser() if options.targets_cache_dir else default_cache_dir()
    cached = cache_dir / TARGETS_NAME
    if cached.is_file():
        return _verified(cached, options.targets_sha256, "the cached targets file").resolve()
    if options.download_targets and options.targets_url:
        return download(options.targets_url, cached, options.targets_sha256).resolve()
    raise TargetsUnavailable(f"no SciCode targets: targets_path is unset and {cached} does not exist. {WHERE_TO_GET}")
