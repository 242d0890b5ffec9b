"""Fetching web pages for `fetch_url_content`: done by the suite, never by model-written code.

What the reference does (`WebSearchAPI.fetch_url_content`): `requests.get(url, headers=<browser
headers>, timeout=20, allow_redirects=True)`, `raise_for_status()`, then `response.text`.
This fetcher keeps the headers, the 20 s timeout, the redirects and requests' error text for HTTP
errors and its text decoding (charset from Content-Type, else ISO-8859-1 for text/*), and adds:

- the URL guard on the URL and on every redirect hop (`url_guard.check_url`), and at connect time
  the connection goes only to an address the guard accepted (no DNS rebinding in between);
- a size cap (bytes read from the body) and an overall deadline;
- no proxy from the environment (a proxy would hide the real target from the guard);
- "br" is left out of Accept-Encoding when brotli is not installed (it could not be decoded).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from evals.bfcl.v4.url_guard import Resolver, address_problem, check_url, system_resolver

if TYPE_CHECKING:
    import httpx  # imported at the first fetch (evals/bfcl/v4/guarded_http.py): collection does not pay for it

# The request headers of the reference (a browser's, to avoid 403s).
BROWSER_HEADERS = {
    "User-Agent": (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/112.0.0.0 Safari/537.36"
    ),
    "Accept": (
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
        "application/signed-exchange;v=b3;q=0.7"
    ),
    "Accept-Language": "en-US,en;q=0.9",
    "Accept-Encoding": "gzip, deflate, br",
    "Connection": "keep-alive",
    "Upgrade-Insecure-Requests": "1",
    "Referer": "https://www.google.com/",
    "Sec-Fetch-Site": "same-origin",
    "Sec-Fetch-Mode": "navigate",
    "Sec-Fetch-User": "?1",
    "Sec-Fetch-Dest": "document",
}

def request_headers() -> dict[str, str]:
    """The reference's headers, advertising brotli only when it can be decoded here."""
    import httpx._decoders as decoders  # the encodings this httpx can decode

    headers = dict(BROWSER_HEADERS)
    encodings = [e.strip() for e in headers["Accept-Encoding"].split(",")]
    headers["Accept-Encoding"] = ", ".join(e for e in encodings if e in decoders.SUPPORTED_DECODERS)
    return headers


REFERENCE_TIMEOUT_S = 20.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 30  # requests' default
DEFAULT_DEADLINE_S = 60.0


class FetchError(Exception):
    """A fetch that produced no page; str() is what the model is told after 'An error occurred ...'."""


@dataclass(frozen=True)
class FetchedPage:
    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content_type: str
    text: str  # the body decoded as requests' `response.text` would be
    truncated: bool  # the body was longer than the size cap
    source: str | None = None  # set when replayed from a record


def decode_body(body: bytes, content_type: str) -> str:
    """requests' `response.text` encoding choice: the charset parameter, else ISO-8859-1 for text/*.

    Where requests would guess with charset_normalizer (non-text types without a charset) this uses
    UTF-8; undecodable bytes are replaced in either case.
    """
    message = Message()
    message["content-type"] = content_type or ""
    charset = message.get_param("charset")
    if isinstance(charset, str) and charset.strip():
        encoding = charset.strip().strip("'\"")
    elif (content_type or "").lower().startswith("text"):
        encoding = "ISO-8859-1"
    else:
        encoding = "utf-8"
    try:
        return body.decode(encoding, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def http_error_message(status: int, reason: str, url: str) -> str:
    """requests' `raise_for_status` text."""
    kind = "Client Error" if status < 500 else "Server Error"
    return f"{status} {kind}: {reason} for url: {url}"


@dataclass
class Fetcher:
    """GETs public http(s) pages with the reference's headers, under a timeout, size cap and URL guard."""

    timeout_s: float = REFERENCE_TIMEOUT_S
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    deadline_s: float = DEFAULT_DEADLINE_S
    resolver: Resolver = system_resolver
    policy: Callable[[str], str | None] = address_problem  # tests may widen it to reach 127.0.0.1

    def fetch(self, url: str) -> FetchedPage:
        import httpx

        from evals.bfcl.v4.guarded_http import GuardedTransport

        start = time.monotonic()
        transport = GuardedTransport(self.resolver, self.policy)
        current = url
        with httpx.Client(transport=transport, trust_env=False, follow_redirects=False, timeout=self.timeout_s) as client:
            for _ in range(self.max_redirects + 1):
                self._check(current)
                try:
                    with client.stream("GET", current, headers=request_headers()) as response:
                        if response.is_redirect and response.headers.get("location"):
                            current = urljoin(str(response.url), response.headers["location"])
                            continue
                        body, truncated = self._read(response, start)
                        final_url = str(response.url)
                        status = response.status_code
                        content_type = response.headers.get("content-type", "")
                        if status >= 400:
                            raise FetchError(http_error_message(status, response.reason_phrase, final_url))
                        return FetchedPage(url, final_url, status, content_type, decode_body(body, content_type), truncated)
                except httpx.HTTPError as exc:
                    raise FetchError(f"{type(exc).__name__}: {exc}") from None
            raise FetchError(f"Exceeded {self.max_redirects} redirects.")

    def _check(self, url: str) -> None:
        check_url(url, self.resolver, self.policy)

    def _read(self, response: httpx.Response, start: float) -> tuple[bytes, bool]:
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            if time.monotonic() - start > self.deadline_s:
                raise FetchError(f"Read timed out. (total time over {self.deadline_s:g} s)")
            chunks.append(chunk)
            size += len(chunk)
            if size > self.max_bytes:
                return b"".join(chunks)[: self.max_bytes], True
        return b"".join(chunks), False
