"""Where `search_engine_query` and `fetch_url_content` get their answers: pluggable backends.

- `DuckDuckGoBackend`: no key; the `ddgs` library's DuckDuckGo engine, as NeMo-Skills'
  `bfcl_web_search.py` (the model-card run) does, with its retry on "No results found" (bounded here).
- `SerpApiBackend`: the reference bfcl-eval backend: SerpAPI's `duckduckgo` engine with the key
  from an environment variable (never logged, stored or shown to the model: scrubbed from errors).
- `RecordedBackend`: replays a `WebStore` recorded by an earlier run; never touches the network.

Pages are fetched by the suite's `Fetcher` (URL guard, timeout, size cap) for the live backends.
A backend returns `SearchResult`s; `WebTools` puts the web store in front of any backend.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from evals.bfcl.v4.fetch import FetchedPage, FetchError, Fetcher
from evals.bfcl.v4.web_store import PageRecord, SearchRecord, WebStore

if TYPE_CHECKING:
    import httpx  # imported by the first live search: collection does not pay for it

NO_RESULTS_ERROR = "Failed to retrieve the search results from server. Please try again later."
SERPAPI_URL = "https://serpapi.com/search"


@dataclass(frozen=True)
class SearchResult:
    results: list[dict[str, Any]] | None  # [{title, href, body}] in engine order
    error: str | None = None
    source: str | None = None  # set by a replay: "recorded:<original source>"


class Backend(Protocol):
    name: str
    live: bool

    def search(self, keywords: Any, max_results: Any, region: Any) -> SearchResult: ...

    def fetch(self, url: str) -> FetchedPage: ...


class OptionalDependencyError(ImportError):
    """A feature needs an optional extra that is not installed."""


def _load_ddgs() -> tuple[Callable[..., Any], tuple[type[BaseException], ...]]:
    try:
        from ddgs import DDGS
        from ddgs.exceptions import DDGSException
    except ImportError:
        raise OptionalDependencyError(
            "the DuckDuckGo web-search backend needs the `ddgs` package: pip install 'nemotron-evals[bfcl-web]' "
            "(or pip install ddgs), or choose web_search_backend: serpapi / recorded"
        ) from None
    return DDGS, (DDGSException,)


@dataclass
class DuckDuckGoBackend:
    """`DDGS(timeout=60).text(query, region, max_results, backend="duckduckgo")` with back-off on "No results found"."""

    fetcher: Fetcher = field(default_factory=Fetcher)
    ddgs_factory: Callable[..., Any] | None = None  # tests inject a fake DDGS
    error_types: tuple[type[BaseException], ...] = ()
    max_retries: int = 6  # the reference retries forever; a run must end
    initial_backoff_s: float = 10.0
    max_backoff_s: float = 120.0
    sleep: Callable[[float], None] = time.sleep
    name: str = "duckduckgo"
    live: bool = True

    def search(self, keywords: Any, max_results: Any, region: Any) -> SearchResult:
        factory, error_types = self.ddgs_factory, self.error_types
        if factory is None:
            factory, error_types = _load_ddgs()
        backoff = self.initial_backoff_s
        for attempt in range(self.max_retries + 1):
            try:
                raw = factory(timeout=60).text(query=keywords, region=region, max_results=max_results, backend="duckduckgo")
            except error_types as exc:
                if "No results found" in str(exc) and attempt < self.max_retries:
                    self.sleep(backoff + random.uniform(0, backoff))
                    backoff = min(backoff * 2, self.max_backoff_s)
                    continue
                return SearchResult(None, str(exc))
            break
        if not raw:
            return SearchResult(None, NO_RESULTS_ERROR)
        return SearchResult([{"title": r["title"], "href": r["href"], "body": r["body"]} for r in raw])

    def fetch(self, url: str) -> FetchedPage:
        return self.fetcher.fetch(url)


@dataclass
class SerpApiBackend:
    """The reference's SerpAPI call (engine duckduckgo, `kl` = region), key from `key_env`."""

    fetcher: Fetcher = field(default_factory=Fetcher)
    key_env: str = "SERPAPI_API_KEY"
    transport: httpx.BaseTransport | None = None  # tests inject a mock transport
    max_retries: int = 8
    initial_backoff_s: float = 2.0
    max_backoff_s: float = 120.0
    timeout_s: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    name: str = "serpapi"
    live: bool = True

    def _key(self) -> str:
        key = os.environ.get(self.key_env)
        if not key:
            raise OptionalDependencyError(f"the SerpAPI web-search backend needs the API key in ${self.key_env}")
        return key

    def _scrub(self, text: str, key: str) -> str:
        return text.replace(key, "***") if key else text

    def search(self, keywords: Any, max_results: Any, region: Any) -> SearchResult:
        import httpx

        key = self._key()
        params = {"engine": "duckduckgo", "q": keywords, "kl": region, "api_key": key, "output": "json", "source": "python"}
        backoff = self.initial_backoff_s
        payload: dict[str, Any] = {}
        for attempt in range(self.max_retries + 1):
            retry = False
            try:
                with httpx.Client(transport=self.transport, timeout=self.timeout_s) as client:
                    response = client.get(SERPAPI_URL, params=params)
                payload = response.json()
                if "error" in payload and "429" in str(payload["error"]):
                    retry = True
            except Exception as exc:  # noqa: BLE001 - the reference returns any failure to the model
                message = self._scrub(str(exc), key)
                if "429" not in message or attempt >= self.max_retries:
                    return SearchResult(None, message)
                retry = True
            if retry and attempt < self.max_retries:
                self.sleep(backoff + random.uniform(0, backoff))
                backoff = min(backoff * 2, self.max_backoff_s)
                continue
            break
        if "organic_results" not in payload:
            return SearchResult(None, NO_RESULTS_ERROR)
        return SearchResult([{"title": r["title"], "href": r["link"], "body": r["snippet"]} for r in payload["organic_results"]])

    def fetch(self, url: str) -> FetchedPage:
        return self.fetcher.fetch(url)


class NotRecordedError(LookupError):
    pass


def replayed(source: str) -> str:
    """The source of an answer replayed from a record: keeps where it first came from."""
    return source if source.startswith("recorded:") else f"recorded:{source}"


@dataclass
class RecordedBackend:
    """Serves only what a web store holds (a previous run's record): offline and deterministic."""

    store: WebStore
    name: str = "recorded"
    live: bool = False

    def search(self, keywords: Any, max_results: Any, region: Any) -> SearchResult:
        record = self.store.get_search(keywords, max_results, region)
        if record is None:
            raise NotRecordedError(f"no recorded search for keywords={keywords!r}, max_results={max_results!r}, region={region!r}")
        return SearchResult(record.results, record.error, replayed(record.source))

    def fetch(self, url: str) -> FetchedPage:
        record = self.store.get_page(url)
        if record is None:
            raise NotRecordedError(f"no recorded page for {url}")
        if record.error is not None:
            error = FetchError(record.error)
            error.source = replayed(record.source)
            raise error
        return FetchedPage(url, record.final_url or url, record.status or 200, record.content_type or "",
                           record.text or "", record.truncated, replayed(record.source))  # fmt: skip


@dataclass
class WebEvent:
    kind: str  # "search" | "fetch"
    key: str  # keywords or URL
    source: str  # the backend that produced the answer, or "missing"


@dataclass
class WebTools:
    """A backend with the run's web store in front: what was recorded is served again, the rest is
    asked of the backend and recorded. `events` lists where each answer of this object came from."""

    backend: Backend
    store: WebStore
    events: list[WebEvent] = field(default_factory=list)

    def search(self, keywords: Any, max_results: Any, region: Any) -> SearchRecord:
        record = self.store.get_search(keywords, max_results, region)
        if record is None:
            try:
                result = self.backend.search(keywords, max_results, region)
            except NotRecordedError as exc:
                self.events.append(WebEvent("search", str(keywords), "missing"))
                return SearchRecord(keywords, max_results, region, None, f"{NO_RESULTS_ERROR} ({exc})", "missing")
            record = self.store.put_search(
                SearchRecord(keywords, max_results, region, result.results, result.error, result.source or self.backend.name)
            )
        self.events.append(WebEvent("search", str(keywords), record.source))
        return record

    def fetch(self, url: str) -> PageRecord:
        record = self.store.get_page(url)
        if record is None:
            try:
                page = self.backend.fetch(url)
                record = PageRecord(url, page.final_url, page.status, page.content_type, page.text, page.truncated, None,
                                    page.source or self.backend.name)  # fmt: skip
            except NotRecordedError as exc:
                self.events.append(WebEvent("fetch", url, "missing"))
                return PageRecord(url, None, None, None, None, False, str(exc), "missing")
            except Exception as exc:  # noqa: BLE001 - recorded so a replay shows the model the same failure
                record = PageRecord(url, None, None, None, None, False, str(exc), getattr(exc, "source", None) or self.backend.name)
            record = self.store.put_page(record)
        self.events.append(WebEvent("fetch", url, record.source))
        return record


LIVE_SOURCES = frozenset({"duckduckgo", "serpapi"})


def answers_from_live_web(store: WebStore) -> bool:
    """Whether any search or page of the run's record was fetched live in this record (not replayed)."""
    return any(source in LIVE_SOURCES for source in store.sources())
