"""Headless Debian Chromium driven by Playwright, kept off the network, for the report and viewer tests.

Playwright's Python package launches the system's /usr/bin/chromium (Debian package `chromium`, listed
in scripts/test-system-packages.txt) through `executable_path`: no browser is downloaded. (Selenium
was the other choice; it pulls in trio, which anyio's pytest plugin then imports into every pytest
session.) Every request the page makes and every console message and page error are recorded so
tests can assert on them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

from tests.support.sysdeps import require

CHROMIUM = "/usr/bin/chromium"
OFFLINE_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--disable-domain-reliability",
    "--no-default-browser-check", "--disable-client-side-phishing-detection", "--metrics-recording-only",
]


def available() -> bool:
    if not os.access(CHROMIUM, os.X_OK):
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def require_browser() -> None:
    require(available(), f"needs Debian's chromium ({CHROMIUM}: apt-get install chromium) and the playwright package "
                         "(pip install -e '.[test]'; no browser download)")


@dataclass
class Browser:
    page: Any
    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)  # (type, text), page errors as ("pageerror", message)

    def open(self, url: str) -> None:
        self.page.goto(url, wait_until="load")

    def errors(self) -> list[tuple[str, str]]:
        return [entry for entry in self.console if entry[0] in ("error", "warning", "pageerror")]

    def screenshot(self, path: Path) -> Path:
        """A full-page PNG at `path` (the test's tmp output), copied into $EVALS_SCREENSHOTS when that is set."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=True)
        keep = os.environ.get("EVALS_SCREENSHOTS")
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(keep) / path.name)
        return path


def foreign(urls: list[str]) -> list[str]:
    """Requests that went anywhere but local files, inline data and 127.0.0.1."""
    out = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("file", "data", "about", "blob"):
            continue
        if parts.scheme in ("http", "https", "ws") and parts.hostname == "127.0.0.1":
            continue
        out.append(url)
    return out


@contextmanager
def browser(width: int = 1280, height: int = 900) -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="evals-chromium-")  # an empty --user-data-dir
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=OFFLINE_FLAGS,
            viewport={"width": width, "height": height}, service_workers="block",
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            seen = Browser(page)
            context.on("request", lambda request: seen.requests.append(request.url))
            page.on("console", lambda message: seen.console.append((message.type, message.text)))
            page.on("pageerror", lambda error: seen.console.append(("pageerror", str(error))))
            yield seen
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)
