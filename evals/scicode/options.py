"""Task options of SciCode (YAML `options:` of the scicode task section)."""

from __future__ import annotations

from dataclasses import dataclass

# Where the SciCode authors publish test_data.h5 (Google Drive file id used by NeMo-Skills'
# dockerfiles/Dockerfile.sandbox and by the SciCode README).
OFFICIAL_TARGETS_DRIVE_ID = "17G_k65N_6yFFZ2O-jQH00Lh6iaw3z-AW"
OFFICIAL_TARGETS_URL = (
    f"https://drive.usercontent.google.com/download?id={OFFICIAL_TARGETS_DRIVE_ID}&export=download&confirm=t"
)


@dataclass
class SciCodeOptions:
    split: str = "test_aai"  # NeMo-Skills EVAL_SPLIT: dev (validation) + test, 80 problems
    with_background: bool = True  # NeMo-Skills SciCodeGenerationConfig.with_background default
    targets_path: str | None = None  # a local test_data.h5; checked before any request
    targets_url: str | None = OFFICIAL_TARGETS_URL  # fetched to targets_cache_dir when targets_path is unset
    targets_sha256: str | None = None  # checked after download (and on a cached copy) when set
    targets_cache_dir: str | None = None  # default: $XDG_CACHE_HOME/nemotron-evals/scicode
    download_targets: bool = False  # fetch targets_url when no local file is found
    timeout_s: float = 30.0  # NeMo-Skills ScicodeEvaluatorConfig.timeout (SciCode repo: 1800 s)
    memory_mb: int = 8192  # address-space limit of a step program (NeMo-Skills sets none)
    parallel_steps: int = 4  # steps of one case executed at once (the sandbox caps the total)
    hub_repo: str = "SciCode1/SciCode"
    hub_revision: str = "main"
