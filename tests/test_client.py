"""The model client over real HTTP: answers, reasoning, retries, errors, secrets, cache."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from fixtures.cache import ResponseCache
from fixtures.client import ClientSettings, EndpointError, ModelClient
from fixtures.transport import make_transport
from tests.support.loopback import Reply, completion

SECRET = "sk-test-secret-0123456789"


def settings(url: str, **overrides) -> ClientSettings:
    values = dict(
        url=url + "/chat/completions", model="m", max_new_tokens=64, max_tokens_param="max_completion_tokens",
        temperature=0.5, top_p=0.9, extra_body={}, request_timeout=5.0, max_retries=3, retry_backoff=0.01,
        retry_backoff_max=0.05,
    )
    values.update(overrides)
    return ClientSettings(**values)


def chat(url: str, messages=None, cache: ResponseCache | None = None, backend: str = "aiohttp", seed=None, **overrides):
    """One request through a fresh client, from a fresh event loop."""

    async def run():
        transport = make_transport(backend, 5.0, 8)
        client = ModelClient(settings(url, **overrides), transport, asyncio.Semaphore(8), cache, api_key=SECRET, seed=seed)
        try:
            return await client.chat(messages or [{"role": "user", "content": "hi"}]), client.stats
        finally:
            await transport.aclose()

    return asyncio.run(run())


@pytest.mark.parametrize("backend", ["aiohttp", "httpx"])
def test_answer_and_payload(loopback, backend):
    loopback.handler = lambda body: Reply(completion("Answer: B", usage={"prompt_tokens": 3, "completion_tokens": 2}))
    generation, stats = chat(loopback.url, backend=backend, seed=3, extra_body={"presence_penalty": 1.0})
    assert generation.content == "Answer: B" and generation.reasoning is None and not generation.truncated
    assert generation.usage["completion_tokens"] == 2 and generation.finish_reason == "stop"
    body = loopback.requests[0]
    assert body == {"model": "m", "messages": [{"role": "user", "content": "hi"}], "max_completion_tokens": 64,
                    "temperature": 0.5, "top_p": 0.9, "seed": 3, "presence_penalty": 1.0}
    assert loopback.headers[0]["Authorization"] == f"Bearer {SECRET}"
    assert stats.sent == 1 and stats.retries == 0


def test_reasoning_field_inline_think_and_truncation(loopback):
    loopback.handler = lambda body: Reply(completion("final", reasoning="steps"))
    generation, _ = chat(loopback.url)
    assert (generation.content, generation.reasoning) == ("final", "steps")
    loopback.handler = lambda body: Reply(completion("<think>a</think>b</think> Answer: C"))
    generation, _ = chat(loopback.url)
    assert generation.content == " Answer: C" and generation.reasoning.endswith("b</think>")
    loopback.handler = lambda body: Reply(completion("<think>never closed Answer: A", finish_reason="length"))
    generation, _ = chat(loopback.url)
    assert generation.content == "" and generation.truncated and generation.finish_reason == "length"


def test_retries_server_errors_and_honours_retry_after(loopback):
    replies = [Reply({"error": {"message": "busy"}}, status=503), Reply({"error": "slow down"}, status=429, headers={"Retry-After": "0.3"}),
               Reply(completion("ok"))]
    loopback.handler = lambda body: replies.pop(0)
    started = time.monotonic()
    generation, stats = chat(loopback.url)
    assert generation.content == "ok" and stats.retries == 2 and len(loopback.requests) == 3
    assert time.monotonic() - started >= 0.3


def test_client_error_fails_at_once_with_server_message(loopback):
    loopback.handler = lambda body: Reply({"error": {"message": f"model not found; you sent {SECRET}"}}, status=404)
    with pytest.raises(EndpointError) as error:
        chat(loopback.url)
    assert "HTTP 404" in str(error.value) and "model not found" in str(error.value)
    assert SECRET not in str(error.value)
    assert len(loopback.requests) == 1


@pytest.mark.parametrize(
    "bad",
    [Reply(body=b"<html>gateway</html>"), Reply({"choices": []}), Reply({"object": "error"}), Reply(drop=True)],
    ids=["not-json", "no-choices", "not-a-completion", "dropped-connection"],
)
def test_malformed_or_dropped_is_retried_then_an_error(loopback, bad):
    loopback.handler = lambda body: bad
    with pytest.raises(EndpointError, match="gave up after 3 attempts"):
        chat(loopback.url, max_retries=2)
    assert len(loopback.requests) == 3


def test_malformed_then_good_recovers(loopback):
    replies = [Reply(body=b"{not json"), Reply(completion("fine"))]
    loopback.handler = lambda body: replies.pop(0)
    generation, stats = chat(loopback.url)
    assert generation.content == "fine" and stats.retries == 1


def test_timeout_is_retried(loopback):
    replies = [Reply(completion("late"), delay=1.0), Reply(completion("on time"))]
    loopback.handler = lambda body: replies.pop(0)
    generation, stats = chat(loopback.url, request_timeout=0.3)
    assert generation.content == "on time" and stats.retries == 1


def test_unreachable_endpoint_is_an_error():
    with pytest.raises(EndpointError, match="gave up after 2 attempts"):
        chat("http://127.0.0.1:9/v1", max_retries=1)


def test_cache_serves_repeated_requests(loopback, tmp_path: Path):
    cache = ResponseCache(tmp_path / "c.sqlite")
    loopback.handler = lambda body: Reply(completion("cached answer"))
    first, _ = chat(loopback.url, cache=cache, seed=0)
    second, stats = chat(loopback.url, cache=cache, seed=0)
    assert second.content == "cached answer" and second.cached and not first.cached
    assert len(loopback.requests) == 1 and stats.cache_hits == 1
    chat(loopback.url, cache=cache, seed=1)  # another seed is another request
    assert len(loopback.requests) == 2
    assert SECRET.encode() not in (tmp_path / "c.sqlite").read_bytes()


def test_failed_responses_are_not_cached(loopback, tmp_path: Path):
    cache = ResponseCache(tmp_path / "c.sqlite")
    loopback.handler = lambda body: Reply({"error": "down"}, status=500)
    with pytest.raises(EndpointError):
        chat(loopback.url, cache=cache, max_retries=0)
    assert cache.count() == 0


def test_latency_counts_from_the_first_send_not_the_queue(loopback):
    loopback.latency = 0.3

    async def run():
        transport = make_transport("aiohttp", 5.0, 1)
        client = ModelClient(settings(loopback.url), transport, asyncio.Semaphore(1), None)
        try:  # one slot: the second request queues 0.3 s behind the first
            return await asyncio.gather(*(client.chat([{"role": "user", "content": f"q{i}"}]) for i in range(2)))
        finally:
            await transport.aclose()

    first, second = asyncio.run(run())
    assert 0.3 <= first.latency_s < 0.5 and 0.3 <= second.latency_s < 0.5


def test_html_body_instead_of_json_is_quoted(loopback):
    page = "<html><head><title>502 Bad Gateway</title></head><body>" + "upstream unavailable " * 20 + "</body></html>"
    loopback.handler = lambda body: Reply(body=page.encode())
    with pytest.raises(EndpointError) as caught:
        chat(loopback.url, max_retries=0)
    message = str(caught.value)
    assert "HTTP 200 with a body that is not JSON: '<html><head><title>502 Bad Gateway</title></head><body>upstream" in message
    assert repr(" ".join(page.split())[:200]) in message and f"({len(page)} characters)" in message


def test_each_case_counts_its_requests_and_retries_by_cause(loopback):
    from fixtures.client import RequestTally

    replies = [Reply({"error": "slow down"}, status=429), Reply({"error": "oops"}, status=503), Reply(drop=True),
               Reply(completion("late"), delay=1.0), Reply(body=b"{not json"), Reply({"error": "busy"}, status=409),
               Reply(completion("fine"))]
    loopback.handler = lambda body: replies.pop(0)
    tally = RequestTally()

    async def run():
        transport = make_transport("aiohttp", 5.0, 8)
        client = ModelClient(settings(loopback.url, max_retries=6, request_timeout=0.5), transport, asyncio.Semaphore(8),
                             None, tally=tally)
        try:
            return await client.chat([{"role": "user", "content": "hi"}])
        finally:
            await transport.aclose()

    assert asyncio.run(run()).content == "fine"
    assert tally.to_json() == {"sent": 7, "retries": {"http_429": 1, "http_5xx": 1, "connection": 1, "timeout": 1,
                                                       "invalid_body": 1, "http_other": 1}}
