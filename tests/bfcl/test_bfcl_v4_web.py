"""Web search tools: outputs of the reference, the web record and its replay, the backends (no
network: fake DDGS, mock SerpAPI transport), page fetching through a 127.0.0.1 server, the URL guard."""

from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from evals.bfcl.v4.agent import run_conversation
from evals.bfcl.v4.agentic import score_agentic
from evals.bfcl.v4.executor import execute_step
from evals.bfcl.v4.fetch import FetchError, Fetcher
from evals.bfcl.v4.search_backends import (
    NO_RESULTS_ERROR,
    DuckDuckGoBackend,
    RecordedBackend,
    SerpApiBackend,
    WebTools,
    answers_from_live_web,
)
from evals.bfcl.v4.url_guard import BlockedURLError, address_problem, check_url
from evals.bfcl.v4.web_search import WebSearchAPI
from evals.bfcl.v4.web_store import PageRecord, SearchRecord, WebStore

PAGE = """<html><head><title>Teas</title><style>body {color: red}</style><script>var x = 1;</script></head>
<body><h1>Most expensive teas</h1><p>Da Hong Pao is grown in the <b>Wuyi Mountains</b> of Fujian, China.</p>
<ul><li>Da Hong Pao</li><li>Panda dung tea</li></ul></body></html>"""

RESULTS = [
    {"title": "The 5 most expensive teas", "href": "https://tea.example.com/expensive", "body": "Da Hong Pao tops the list."},
    {"title": "Da Hong Pao - Wikipedia", "href": "https://en.wikipedia.org/wiki/Da_Hong_Pao", "body": "A Wuyi rock tea."},
    {"title": "Richest people in China", "href": "https://forbes.example.com/china", "body": "Zhang Yiming leads."},
]


@pytest.fixture
def recorded(tmp_path) -> WebStore:
    store = WebStore(tmp_path / "record" / "web.sqlite")
    store.put_search(SearchRecord("most expensive tea", 10, "wt-wt", RESULTS, None, "duckduckgo"))
    store.put_search(SearchRecord("nothing", 10, "wt-wt", None, NO_RESULTS_ERROR, "duckduckgo"))
    store.put_page(PageRecord("https://tea.example.com/expensive", "https://tea.example.com/expensive", 200, "text/html", PAGE, False, None, "duckduckgo"))
    store.put_page(PageRecord("https://down.example.com/", None, None, None, None, False, "503 Server Error: Service Unavailable for url: https://down.example.com/", "duckduckgo"))
    return store


def replay_api(tmp_path, recorded, show_snippet=True) -> tuple[WebSearchAPI, WebTools]:
    tools = WebTools(RecordedBackend(recorded), WebStore(tmp_path / "replay" / "web.sqlite"))
    return WebSearchAPI(tools, show_snippet=show_snippet), tools


def test_search_outputs_with_and_without_snippets(tmp_path, recorded):
    api, tools = replay_api(tmp_path, recorded)
    assert api.search_engine_query("most expensive tea") == RESULTS
    assert api.search_engine_query("most expensive tea", max_results=10, region="wt-wt")[:1] == RESULTS[:1]
    no_snippet, _ = replay_api(tmp_path, recorded, show_snippet=False)
    assert no_snippet.search_engine_query("most expensive tea") == [{"title": r["title"], "href": r["href"]} for r in RESULTS]
    assert api.search_engine_query("nothing") == {"error": NO_RESULTS_ERROR}
    missing = api.search_engine_query("never recorded")
    assert missing["error"].startswith(NO_RESULTS_ERROR) and "no recorded search" in missing["error"]
    assert [e.source for e in tools.events] == ["recorded:duckduckgo"] * 3 + ["missing"]
    # the tool result text the model sees: a list is str()-ed, a dict JSON-dumped (as the reference)
    text = execute_step(api, [{"search_engine_query": json.dumps({"keywords": "most expensive tea"})}])[0]
    assert text == str(RESULTS)
    assert execute_step(api, [{"search_engine_query": json.dumps({"keywords": "nothing"})}])[0] == json.dumps({"error": NO_RESULTS_ERROR})


def test_max_results_slices_recorded_results(tmp_path, recorded):
    recorded.put_search(SearchRecord("most expensive tea", 2, "wt-wt", RESULTS, None, "duckduckgo"))
    api, _ = replay_api(tmp_path, recorded)
    assert api.search_engine_query("most expensive tea", max_results=2) == RESULTS[:2]


def test_fetch_modes_and_errors(tmp_path, recorded):
    api, _ = replay_api(tmp_path, recorded)
    url = "https://tea.example.com/expensive"
    assert api.fetch_url_content(url) == {"content": PAGE}
    markdown = api.fetch_url_content(url, mode="markdown")["content"]
    assert "# Most expensive teas" in markdown and "**Wuyi Mountains**" in markdown and "  * Da Hong Pao" in markdown
    text = api.fetch_url_content(url, mode="truncate")["content"]
    assert text == "Teas\nMost expensive teas\nDa Hong Pao is grown in the\nWuyi Mountains\nof Fujian, China.\nDa Hong Pao\nPanda dung tea"
    assert api.fetch_url_content(url, mode="pdf") == {"error": f"An error occurred while fetching {url}: Unsupported mode: pdf"}
    assert api.fetch_url_content("https://down.example.com/") == {
        "error": "An error occurred while fetching https://down.example.com/: 503 Server Error: Service Unavailable for url: https://down.example.com/"
    }
    assert "no recorded page" in api.fetch_url_content("https://other.example.com/")["error"]
    assert execute_step(api, [{"fetch_url_content": '{"url": "file:///etc/passwd"}'}]) == [
        "Error during execution: Invalid URL: file:///etc/passwd"
    ]
    assert execute_step(api, [{"fetch_url_content": '{"link": "https://x.org"}'}]) == [
        "Error during execution: WebSearchAPI.fetch_url_content() got an unexpected keyword argument 'link'"
    ]


def test_replay_record_is_kept_and_live_flag(tmp_path, recorded):
    api, tools = replay_api(tmp_path, recorded)
    api.search_engine_query("most expensive tea")
    api.fetch_url_content("https://tea.example.com/expensive")
    # the replay's record says where each answer first came from, and that it was replayed
    assert tools.store.sources() == {"recorded:duckduckgo": 2}
    assert answers_from_live_web(recorded) and not answers_from_live_web(tools.store)
    export = tmp_path / "web.json"
    tools.store.export_json(export)
    moved = WebStore(tmp_path / "other" / "web.sqlite")
    moved.import_json(export)
    assert moved.get_page("https://tea.example.com/expensive").text == PAGE
    assert moved.get_search("most expensive tea", 10, "wt-wt").results == RESULTS
    offline = WebStore(tmp_path / "offline.sqlite")
    offline.put_search(SearchRecord("q", 10, "wt-wt", [], None, "recorded"))
    assert not answers_from_live_web(offline)
    with pytest.raises(ValueError, match="not a web record export"):
        moved.import_json(_write(tmp_path / "bad.json", "{}"))


def _write(path, text):
    path.write_text(text)
    return path


@dataclass
class Reply:
    content: str | None
    tool_calls: list[dict[str, Any]] | None = None


def test_agent_loop_with_recorded_web(tmp_path, recorded):
    api, tools = replay_api(tmp_path, recorded, show_snippet=False)
    replies = [
        Reply(None, [{"id": "c1", "type": "function", "function": {"name": "search_engine_query", "arguments": '{"keywords": "most expensive tea"}'}}]),
        Reply(None, [{"id": "c2", "type": "function", "function": {"name": "fetch_url_content", "arguments": '{"url": "https://tea.example.com/expensive", "mode": "truncate"}'}}]),
        Reply("{'answer': 'Zhang Yiming', 'context': 'Da Hong Pao is from China; Forbes 2025'}"),
    ]
    seen = []

    async def chat(messages, tools_):
        seen.append(json.loads(json.dumps(messages)))
        return replies.pop(0)

    turns = [[{"role": "user", "content": "Who is the richest billionaire from the country of the most expensive tea?"}]]
    result = asyncio.run(run_conversation(chat, turns, [], api))
    assert score_agentic(result.steps, ["Zhang Yiming"]).valid
    assert seen[1][-1]["role"] == "tool" and "'body'" not in seen[1][-1]["content"] and seen[1][-1]["tool_call_id"] == "c1"
    assert "Wuyi Mountains" in seen[2][-1]["content"]
    assert [e.kind for e in tools.events] == ["search", "fetch"]


# ------------------------------------------------------------------ live backends, without network


class FakeDDGSError(Exception):
    pass


def test_duckduckgo_backend_retries_no_results_then_records(tmp_path):
    calls, sleeps = [], []

    class FakeDDGS:
        def __init__(self, timeout):
            assert timeout == 60

        def text(self, query, region, max_results, backend):
            calls.append((query, region, max_results, backend))
            if len(calls) < 3:
                raise FakeDDGSError("No results found.")
            return [{"title": "T", "href": "https://a.example.org", "body": "B"}]

    backend = DuckDuckGoBackend(ddgs_factory=FakeDDGS, error_types=(FakeDDGSError,), sleep=sleeps.append)
    tools = WebTools(backend, WebStore(tmp_path / "web.sqlite"))
    api = WebSearchAPI(tools)
    assert api.search_engine_query("q", max_results=3, region="us-en") == [{"title": "T", "href": "https://a.example.org", "body": "B"}]
    assert calls[-1] == ("q", "us-en", 3, "duckduckgo") and len(sleeps) == 2 and 10 <= sleeps[0] <= 20
    assert api.search_engine_query("q", max_results=3, region="us-en")  # served from the record: no new call
    assert len(calls) == 3 and answers_from_live_web(tools.store)

    class Broken(FakeDDGS):
        def text(self, **kwargs):
            raise FakeDDGSError("https://duckduckgo.com 403 Ratelimit")

    broken = DuckDuckGoBackend(ddgs_factory=Broken, error_types=(FakeDDGSError,), sleep=sleeps.append)
    assert broken.search("x", 10, "wt-wt").error == "https://duckduckgo.com 403 Ratelimit"

    class Empty(FakeDDGS):
        def text(self, **kwargs):
            return []

    assert DuckDuckGoBackend(ddgs_factory=Empty, error_types=(FakeDDGSError,)).search("x", 10, "wt-wt").error == NO_RESULTS_ERROR


def test_serpapi_backend_maps_results_and_never_leaks_the_key(tmp_path, monkeypatch):
    monkeypatch.setenv("SERPAPI_API_KEY", "sk-secret-123")
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(dict(request.url.params))
        if len(seen) == 1:
            return httpx.Response(200, json={"error": "429 Too Many Requests"})
        return httpx.Response(200, json={"organic_results": [{"title": "T", "link": "https://b.example.org", "snippet": "S"}]})

    sleeps = []
    backend = SerpApiBackend(transport=httpx.MockTransport(handler), sleep=sleeps.append)
    result = backend.search("tea", 5, "wt-wt")
    assert result.results == [{"title": "T", "href": "https://b.example.org", "body": "S"}]
    assert seen[-1]["engine"] == "duckduckgo" and seen[-1]["q"] == "tea" and seen[-1]["kl"] == "wt-wt" and len(sleeps) == 1

    def failing(request):
        raise httpx.ConnectError(f"cannot connect to {request.url}")

    failed = SerpApiBackend(transport=httpx.MockTransport(failing)).search("tea", 5, "wt-wt")
    assert "sk-secret-123" not in failed.error and "***" in failed.error
    store = WebStore(tmp_path / "web.sqlite")
    WebTools(SerpApiBackend(transport=httpx.MockTransport(failing)), store).search("tea", 5, "wt-wt")
    store.export_json(tmp_path / "export.json")
    assert "sk-secret-123" not in (tmp_path / "export.json").read_text()
    no_results = SerpApiBackend(transport=httpx.MockTransport(lambda r: httpx.Response(200, json={"search_metadata": {}})))
    assert no_results.search("tea", 5, "wt-wt").error == NO_RESULTS_ERROR
    monkeypatch.delenv("SERPAPI_API_KEY")
    with pytest.raises(ImportError, match="SERPAPI_API_KEY"):
        SerpApiBackend().search("tea", 5, "wt-wt")


# ------------------------------------------------------------------ URL guard


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "127.1.2.3", "10.0.0.5", "172.16.3.4", "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1",
     "224.0.0.251", "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1",
     "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "2002:7f00:1::", "64:ff9b::a00:1", "::127.0.0.1"],
)  # fmt: skip
def test_guard_refuses_non_public_addresses(address):
    assert address_problem(address) is not None
    host = f"[{address}]" if ":" in address else address
    with pytest.raises(BlockedURLError):
        check_url(f"http://{host}/x", resolver=lambda h, p: pytest.fail("literal addresses are not resolved"))


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_guard_accepts_public_addresses(address):
    assert address_problem(address) is None


def test_guard_resolves_names_and_refuses_any_private_answer():
    resolver = {"public.example": ["93.184.216.34"], "mixed.example": ["93.184.216.34", "10.0.0.7"], "localhost": ["127.0.0.1", "::1"]}
    lookup = lambda host, port: resolver[host]  # noqa: E731
    assert check_url("https://public.example/a", lookup) == ["93.184.216.34"]
    for url in ("http://mixed.example/", "http://localhost:8080/", "http://LOCALHOST/"):
        with pytest.raises(BlockedURLError, match="not a public address"):
            check_url(url, lambda host, port: resolver[host.lower()])
    for url, reason in [("ftp://public.example/", "only http and https"), ("file:///etc/passwd", "only http and https"),
                        ("http://user:pw@public.example/", "credentials"), ("http:///nohost", "no host"),
                        ("http://public.example:99999/", "malformed")]:  # fmt: skip
        with pytest.raises(BlockedURLError, match=reason):
            check_url(url, lookup)

    def failing(host, port):
        raise OSError("Name or service not known")

    with pytest.raises(BlockedURLError, match="cannot resolve"):
        check_url("http://nowhere.invalid/", failing)


# ------------------------------------------------------------------ the fetcher, against 127.0.0.1


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        routes = {
            "/page": (200, "text/html", "<p>caf\u00e9</p>".encode()),
            "/utf8": (200, "text/html; charset=utf-8", "<p>caf\u00e9</p>".encode()),
            "/big": (200, "text/plain", b"x" * 100_000),
            "/missing": (404, "text/html", b"nope"),
        }
        if self.path == "/to-private":
            self.send_response(302)
            self.send_header("Location", "http://internal.test/secret")
            self.end_headers()
            return
        if self.path == "/to-page":
            self.send_response(301)
            self.send_header("Location", "/page")
            self.end_headers()
            return
        status, kind, body = routes.get(self.path, (500, "text/plain", b"?"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.server.seen.append((self.path, dict(self.headers)))


@pytest.fixture
def page_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def local_fetcher(**kwargs) -> Fetcher:
    """Resolves pages.test to 127.0.0.1 and lets (only) that address through, so the real fetch path runs locally."""
    names = {"pages.test": ["127.0.0.1"], "internal.test": ["10.1.2.3"]}
    policy = lambda a: None if a == "127.0.0.1" else address_problem(a)  # noqa: E731
    return Fetcher(resolver=lambda host, port: names[host], policy=policy, **kwargs)


def test_fetcher_gets_pages_with_browser_headers_and_requests_decoding(page_server):
    base = f"http://pages.test:{page_server.server_port}"
    page = local_fetcher().fetch(f"{base}/page")
    assert page.status == 200 and page.text == "<p>caf\u00c3\u00a9</p>"  # text/* without charset: ISO-8859-1, as requests
    assert local_fetcher().fetch(f"{base}/utf8").text == "<p>caf\u00e9</p>"
    path, headers = page_server.seen[0]
    assert headers["User-Agent"].startswith("Mozilla/5.0") and headers["Referer"] == "https://www.google.com/"
    assert headers["Accept-Encoding"].startswith("gzip, deflate")
    redirected = local_fetcher().fetch(f"{base}/to-page")
    assert redirected.final_url == f"{base}/page" and redirected.url == f"{base}/to-page"


def test_fetcher_size_cap_http_errors_and_redirect_guard(page_server):
    base = f"http://pages.test:{page_server.server_port}"
    big = local_fetcher(max_bytes=1000).fetch(f"{base}/big")
    assert big.truncated and len(big.text) == 1000
    with pytest.raises(FetchError, match=f"404 Client Error: Not Found for url: {base}/missing"):
        local_fetcher().fetch(f"{base}/missing")
    with pytest.raises(BlockedURLError, match="10.1.2.3"):
        local_fetcher().fetch(f"{base}/to-private")
    assert [p for p, _ in page_server.seen] == ["/big", "/missing"]  # the private target was never contacted


def test_fetcher_refuses_loopback_by_default_and_rebinding(page_server):
    with pytest.raises(BlockedURLError, match="loopback"):
        Fetcher().fetch(f"http://127.0.0.1:{page_server.server_port}/page")
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])  # public when checked, loopback when connecting
    with pytest.raises(FetchError, match="refusing to connect"):
        Fetcher(resolver=lambda host, port: next(answers)).fetch(f"http://rebind.test:{page_server.server_port}/page")
    assert page_server.seen == []


def test_fetch_errors_are_recorded_and_replayed(tmp_path, page_server):
    base = f"http://pages.test:{page_server.server_port}"

    class LocalBackend:
        name, live = "duckduckgo", True

        def search(self, *args):
            raise AssertionError("not used")

        def fetch(self, url):
            return local_fetcher().fetch(url)

    store = WebStore(tmp_path / "web.sqlite")
    api = WebSearchAPI(WebTools(LocalBackend(), store))
    assert api.fetch_url_content(f"{base}/utf8", mode="truncate") == {"content": "caf\u00e9"}
    missing = api.fetch_url_content(f"{base}/missing")
    assert missing == {"error": f"An error occurred while fetching {base}/missing: 404 Client Error: Not Found for url: {base}/missing"}
    replay = WebSearchAPI(WebTools(RecordedBackend(store), WebStore(tmp_path / "replay.sqlite")))
    assert replay.fetch_url_content(f"{base}/utf8", mode="truncate") == {"content": "caf\u00e9"}
    assert replay.fetch_url_content(f"{base}/missing") == missing


# ------------------------------------------------------------------ against the reference's WebSearchAPI

DATA = Path(__file__).parent / "data_v4"
CASES = json.loads((DATA / "reference_cases.json").read_text(encoding="utf-8"))
REFERENCE = json.loads((DATA / "reference_outputs.json").read_text(encoding="utf-8"))["web"]


class _ReferencePageHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        body = CASES["WEB_PAGE"].encode("utf-8")
        self.send_response(404 if self.path == "/missing" else 200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_tool_outputs_match_the_reference_web_search_api(tmp_path, monkeypatch):
    """Same search payload (SerpAPI) and same page as the reference run with fakes for SerpAPI and requests."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ReferencePageHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("SERPAPI_API_KEY", "k")
        serp = httpx.MockTransport(lambda request: httpx.Response(200, json={"organic_results": CASES["WEB_RESULTS"]}))
        names = {"tea.example.com": ["127.0.0.1"]}
        fetcher = Fetcher(resolver=lambda host, port: names[host], policy=lambda a: None if a == "127.0.0.1" else address_problem(a))
        backend = SerpApiBackend(fetcher=fetcher, transport=serp)
        for snippet in (True, False):
            api = WebSearchAPI(WebTools(backend, WebStore(tmp_path / f"s{snippet}.sqlite")), show_snippet=snippet)
            assert api.search_engine_query("tea", max_results=2) == REFERENCE[f"search_snippet_{snippet}"]
        api = WebSearchAPI(WebTools(backend, WebStore(tmp_path / "pages.sqlite")))
        base = f"http://tea.example.com:{server.server_port}"
        for mode in ("raw", "markdown", "truncate", "pdf"):
            got = api.fetch_url_content(f"{base}/page", mode=mode)
            assert json.loads(json.dumps(got).replace(base, "https://tea.example.com")) == REFERENCE[mode], mode
        got = api.fetch_url_content(f"{base}/missing", mode="truncate")
        assert json.loads(json.dumps(got).replace(base, "https://tea.example.com")) == REFERENCE["missing"]
    finally:
        server.shutdown()
        server.server_close()


def test_collecting_bfcl_v4_imports_neither_httpx_nor_httpcore():
    """The fetcher's HTTP stack loads at the first fetch or live search (collection of every task imported it before)."""
    import subprocess
    import sys

    code = "import sys, evals.bfcl.task_v4; print(sorted(m for m in ('httpx', 'httpcore') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
