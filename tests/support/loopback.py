"""An OpenAI-compatible chat-completions server on 127.0.0.1, scripted per test.

The harness's client, scheduler, cache, retries and whole benchmark runs are tested against it
over real HTTP. A handler gets each request's JSON body and returns a Reply (status, JSON or raw
body, headers, delay, or a dropped connection). Run as a module for the benchmark script:
`python -m tests.support.loopback --latency 2.0` prints the port and serves until killed.

The suite's preflight probes (requests with the `X-Evals-Preflight` header) are kept apart: they are
recorded in `probe_requests`, never in `requests`, and answered by `probe_handler`, by default a
healthy vLLM-like server (answers to any model name, reasoning in `reasoning_content`, tool calls),
so a test that scripts only its cases needs to know nothing about them. Set `probe_handler = None`
to have the probes answered by `handler` like any other request (a server set up some way, as in
tests/support/setups.py). GET /v1/models lists `models`; with `models = None` (the default) the
route answers 404, as on an endpoint without a listing.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from aiohttp import web

PROBE_HEADER = "X-Evals-Preflight"


@dataclass
class Reply:
    json: Any = None
    status: int = 200
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False


def completion(
    content: str | None = "",
    *,
    reasoning: str | None = None,
    tool_calls: list[dict[str, Any]] | None = None,
    finish_reason: str = "stop",
    usage: dict[str, Any] | None = None,
    model: str = "loopback",
) -> dict[str, Any]:
    """A chat.completion body as OpenAI-compatible servers send it."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if reasoning is not None:
        message["reasoning_content"] = reasoning
    if tool_calls is not None:
        message["tool_calls"] = tool_calls
    return {
        "id": "chatcmpl-loopback",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": usage or {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


Handler = Callable[[dict[str, Any]], "Reply | dict[str, Any] | str"]


def default_handler(body: dict[str, Any]) -> Reply:
    return Reply(completion("Answer: \\boxed{A}"))


def healthy_probe_handler(body: dict[str, Any]) -> Reply:
    """What a well set-up vLLM answers to the preflight: the asked model, split reasoning, a tool call when offered tools."""
    model = str(body.get("model", "loopback"))
    if body.get("tools"):
        name = body["tools"][0]["function"]["name"]
        call = {"id": "call-0", "type": "function", "function": {"name": name, "arguments": '{"city": "Paris"}'}}
        return Reply(completion(None, reasoning="The user wants the weather.", tool_calls=[call], finish_reason="tool_calls", model=model))
    return Reply(completion("42", reasoning="17 + 25 = 42.", model=model))


class LoopbackServer:
    """Serves POST /v1/chat/completions (and GET /v1/models) from a background thread."""

    def __init__(self, handler: Handler | None = None, latency: float = 0.0) -> None:
        self.handler: Handler = handler or default_handler
        self.probe_handler: Handler | None = healthy_probe_handler
        self.models: list[str] | Reply | None = None
        self.latency = latency
        self.requests: list[dict[str, Any]] = []
        self.probe_requests: list[dict[str, Any]] = []  # {"probe", "method", "path", "body", "headers", "after_cases"}
        self.headers: list[dict[str, str]] = []
        self.record_bodies = True  # the benchmark turns this off: 20,000 bodies are not worth keeping
        self.count = 0
        self.in_flight = 0
        self.peak_in_flight = 0
        self.max_concurrent = 0  # > 0: a hosted API's rate limit; requests beyond it get 429 at once
        self.retry_after: float | None = None  # sent with those 429s as Retry-After when set
        self.rejected = 0
        self.admitted = 0
        self.peak_admitted = 0
        self.first_request_at: float | None = None  # time.time() of the first request, and of the last answer
        self.last_answer_at: float | None = None
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True, name="loopback-server")
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> "LoopbackServer":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    async def _start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_get("/v1/models", self._models)
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, backlog=4096)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def __enter__(self) -> "LoopbackServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _record_probe(self, request: web.Request, body: Any) -> None:
        with self._lock:
            self.probe_requests.append({
                "probe": request.headers[PROBE_HEADER], "method": request.method, "path": request.path,
                "body": body, "headers": dict(request.headers), "after_cases": self.count,
            })

    async def _models(self, request: web.Request) -> web.Response:
        if PROBE_HEADER in request.headers:
            self._record_probe(request, None)
        models = self.models
        if models is None:
            return web.json_response({"error": {"message": "Not Found"}}, status=404)
        if isinstance(models, Reply):
            return web.json_response(models.json, status=models.status, headers=models.headers)
        return web.json_response({"object": "list", "data": [{"id": m, "object": "model"} for m in models]})

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        raw = await request.read()
        try:
            body = json.loads(raw)
        except ValueError:
            return web.json_response({"error": {"message": "request body is not JSON"}}, status=400)
        if PROBE_HEADER in request.headers:
            self._record_probe(request, body)
            if self.probe_handler is not None:
                return await self._answer(request, self.probe_handler(body), latency=0.0)
            return await self._answer(request, self.handler(body), latency=self.latency)
        with self._lock:
            self.count += 1
            if self.first_request_at is None:
                self.first_request_at = time.time()
            if self.record_bodies:
                self.requests.append(body)
                self.headers.append(dict(request.headers))
            self.in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
            admitted = not self.max_concurrent or self.admitted < self.max_concurrent
            if admitted:
                self.admitted += 1
                self.peak_admitted = max(self.peak_admitted, self.admitted)
            else:
                self.rejected += 1
        try:
            if not admitted:
                headers = {"Retry-After": f"{self.retry_after:g}"} if self.retry_after is not None else {}
                return web.json_response({"error": {"message": "rate limit exceeded", "type": "rate_limit"}}, status=429, headers=headers)
            return await self._answer(request, self.handler(body), latency=self.latency)
        finally:
            with self._lock:
                self.in_flight -= 1
                if admitted:
                    self.admitted -= 1
                    self.last_answer_at = time.time()

    async def _answer(self, request: web.Request, reply: "Reply | dict[str, Any] | str", latency: float) -> web.StreamResponse:
        if isinstance(reply, str):
            reply = Reply(completion(reply))
        elif isinstance(reply, dict):
            reply = Reply(reply)
        delay = reply.delay or latency
        if delay:
            await asyncio.sleep(delay)
        if reply.drop:
            assert request.transport is not None
            request.transport.close()
            return web.Response(status=200)
        if reply.body is not None:
            return web.Response(body=reply.body, status=reply.status, headers=reply.headers, content_type="application/json")
        return web.json_response(reply.json, status=reply.status, headers=reply.headers)


KEY = re.compile(r"\(key ([A-J])\)")
FILLER = "Let me weigh each option against what the question states. "


def mixed_answer(body: dict[str, Any], reasoning_bytes: int = 2000) -> Reply:
    """A realistic answer mix, chosen by a hash of the request (so a repeat gets its own answer).

    5% truncated inside the reasoning (finish_reason "length"), 7% with no extractable letter, the
    rest a boxed letter: the question's key letter 60% of the time when the question names one
    (`(key C)`, as scripts/bench_harness.py writes its synthetic rows), otherwise a hash-chosen
    letter (about 90% wrong on real rows). Half of the answers carry `reasoning_bytes` of reasoning.
    """
    text = json.dumps([body.get("messages"), body.get("seed")], sort_keys=True)
    digest = hashlib.sha256(text.encode()).digest()
    u, v, w = (int.from_bytes(digest[i : i + 4], "big") / 2**32 for i in (0, 4, 8))
    reasoning = (FILLER * (reasoning_bytes // len(FILLER) + 1))[:reasoning_bytes]
    usage = {"prompt_tokens": 200, "completion_tokens": 50 + reasoning_bytes // 4, "total_tokens": 250 + reasoning_bytes // 4}
    if u < 0.05:
        return Reply(completion("<think>" + reasoning, finish_reason="length", usage=usage))
    if u < 0.12:
        return Reply(completion("I cannot tell which option is right.", usage=usage))
    key = KEY.search(str(body.get("messages")))
    if key is not None and v < 0.6:
        letter = key.group(1)
    else:
        letter = "ABCDEFGHIJ"[int(v * 1e6) % 10]
    content = f"The question asks for one option.\nAnswer: \\boxed{{{letter}}}"
    return Reply(completion(content, reasoning=reasoning if w < 0.5 else None, usage=usage))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument("--content", default="Answer: \\boxed{A}", help="the answer every request gets")
    parser.add_argument("--answers", choices=("fixed", "mix"), default="fixed", help="fixed: --content; mix: see mixed_answer")
    parser.add_argument("--reasoning-bytes", type=int, default=2000, help="reasoning length of the mix's answers that have some")
    parser.add_argument("--max-concurrent", type=int, default=0, help="answer 429 beyond this many requests in flight (0: no limit)")
    parser.add_argument("--retry-after", type=float, default=None, help="Retry-After seconds sent with those 429s (default: none)")
    parser.add_argument("--stats-file", help="where to keep the counts (requests, peaks, 429s, first request and last answer times) up to date (JSON)")
    args = parser.parse_args()
    if args.answers == "mix":
        handler: Handler = lambda body: mixed_answer(body, args.reasoning_bytes)
    else:
        handler = lambda body: Reply(completion(args.content))
    server = LoopbackServer(handler, latency=args.latency)
    server.max_concurrent, server.retry_after = args.max_concurrent, args.retry_after
    server.start()
    server.record_bodies = False
    print(server.port, flush=True)
    try:
        while True:
            time.sleep(0.25)
            if args.stats_file:
                stats = {"requests": server.count, "peak_in_flight": server.peak_in_flight,
                         "peak_admitted": server.peak_admitted, "rejected": server.rejected,
                         "first_request_at": server.first_request_at, "last_answer_at": server.last_answer_at}
                tmp = args.stats_file + ".tmp"
                with open(tmp, "w") as handle:
                    json.dump(stats, handle)
                os.replace(tmp, args.stats_file)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
