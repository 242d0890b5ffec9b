"""Task options of BFCL v4 (YAML `tasks.bfcl_v4.options`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from evals.bfcl.categories import CATEGORIES, V3_CATEGORIES
from evals.bfcl.decode import MODES
from evals.bfcl.options import BfclOptions
from evals.bfcl.prompting import PROMPT_VERSIONS
from evals.bfcl.tools import HINT_MODES
from evals.bfcl.v4.data import AGENTIC_CATEGORIES
from fixtures.config import ConfigError

FORMAT_SENSITIVITY = "format_sensitivity"
WEB_BACKENDS = ("duckduckgo", "serpapi", "recorded")


@dataclass
class BfclV4Options:
    """mode / hint_mode / prompt_version: as bfcl_v3 (the 17 v3 categories run exactly as there).
    categories: the 22 scoring categories by default; add "format_sensitivity" to run it (not scored in overall).
    web_search_backend: "duckduckgo" (no key; the model-card run), "serpapi" (key in $serpapi_key_env)
      or "recorded" (replays `replay_record`, a .sqlite record or its .json export, offline).
    web_record: where this run records every search and page (SQLite); default beside the response
      cache (<output_dir>/cache/bfcl_v4_web.sqlite), so an interrupted run replays what it already saw;
      under --no-cache the default is the session's own folder in the run folder, and an explicit
      web_record that already exists is refused (it would be read back).
    fetch_timeout_s / fetch_max_bytes: limits of page fetching (the reference: 20 s, no size cap).
    """

    mode: str = "fc"
    hint_mode: str = "nemo_skills"
    prompt_version: str = "v4"
    categories: list[str] = field(default_factory=lambda: list(V3_CATEGORIES) + list(AGENTIC_CATEGORIES))
    web_search_backend: str = "duckduckgo"
    web_record: str | None = None
    replay_record: str | None = None
    serpapi_key_env: str = "SERPAPI_API_KEY"
    fetch_timeout_s: float = 20.0
    fetch_max_bytes: int = 5 * 1024 * 1024

    def __post_init__(self) -> None:
        for key, value, allowed in (
            ("mode", self.mode, MODES),
            ("hint_mode", self.hint_mode, HINT_MODES),
            ("prompt_version", self.prompt_version, PROMPT_VERSIONS),
            ("web_search_backend", self.web_search_backend, WEB_BACKENDS),
        ):
            if value not in allowed:
                raise ConfigError(f"bfcl_v4 option {key}={value!r}: expected one of {', '.join(allowed)}")
        known = set(CATEGORIES) | set(AGENTIC_CATEGORIES) | {FORMAT_SENSITIVITY}
        unknown = [c for c in self.categories if c not in known]
        if unknown:
            raise ConfigError(f"bfcl_v4 option categories: unknown {unknown}; expected names from {', '.join(sorted(known))}")
        if self.web_search_backend == "recorded" and not self.replay_record:
            raise ConfigError("bfcl_v4 option web_search_backend=recorded needs replay_record (a web record to replay)")
        if self.fetch_timeout_s <= 0 or self.fetch_max_bytes <= 0:
            raise ConfigError("bfcl_v4 options fetch_timeout_s and fetch_max_bytes must be positive")

    def v3(self) -> BfclOptions:
        """The options of the v3 categories, run exactly as bfcl_v3 runs them."""
        return BfclOptions(
            file_set="v4", mode=self.mode, hint_mode=self.hint_mode, prompt_version=self.prompt_version,
            categories=[c for c in self.categories if c in CATEGORIES],
        )  # fmt: skip
