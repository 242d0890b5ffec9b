"""The two web-search tools the model calls, with the reference's names, signatures and outputs.

`search_engine_query(keywords, max_results=10, region="wt-wt")` returns a list of
{title, href, body} (body left out in web_search_no_snippet) or {"error": ...};
`fetch_url_content(url, mode="raw")` returns {"content": ...} (raw HTML, html2text Markdown, or
BeautifulSoup text without scripts/styles for "truncate") or
{"error": "An error occurred while fetching {url}: ..."}, and raises ValueError("Invalid URL: ...")
for a URL not starting with http:// or https:// (the executor shows it as "Error during execution").
"""

from __future__ import annotations

from typing import Any

from evals.bfcl.v4.fetch import FetchError
from evals.bfcl.v4.search_backends import WebTools


def html_to_markdown(html: str) -> str:
    import html2text

    return html2text.HTML2Text().handle(html)


def html_to_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for node in soup(["script", "style"]):
        node.extract()
    return soup.get_text(separator="\n", strip=True)


class WebSearchAPI:
    """The tool object of the web_search categories (class name as the reference's, for error texts)."""

    def __init__(self, tools: WebTools, show_snippet: bool = True):
        self._tools = tools
        self.show_snippet = show_snippet

    def search_engine_query(self, keywords: str, max_results: int | None = 10, region: str | None = "wt-wt") -> Any:
        record = self._tools.search(keywords, max_results, region)
        if record.error is not None:
            return {"error": record.error}
        results = []
        for result in record.results[:max_results]:
            if self.show_snippet:
                results.append({"title": result["title"], "href": result["href"], "body": result["body"]})
            else:
                results.append({"title": result["title"], "href": result["href"]})
        return results

    def fetch_url_content(self, url: str, mode: str = "raw") -> Any:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"Invalid URL: {url}")
        try:
            page = self._tools.fetch(url)
            if page.error is not None:
                raise FetchError(page.error)
            if mode == "raw":
                return {"content": page.text}
            if mode == "markdown":
                return {"content": html_to_markdown(page.text)}
            if mode == "truncate":
                return {"content": html_to_text(page.text)}
            raise ValueError(f"Unsupported mode: {mode}")
        except Exception as exc:  # noqa: BLE001 - the reference reports every failure to the model
            return {"error": f"An error occurred while fetching {url}: {exc}"}
