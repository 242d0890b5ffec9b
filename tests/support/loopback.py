"""An OpenAI-compatible chat-completions server on 127.0.0.1, scripted per test.

The harness's client, scheduler, cache, retries and whole benchmark runs are tested against it
over real HTTP. A handler gets each request's JSON body and returns a Reply (status, JSON or raw
body, headers, delay, or a dropped connection). Run as a module for the benchmark script:
`python -m tests.support.loopback --latency 2.0` prints the port and serves until killed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from aiohttp import web


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


class LoopbackServer:
    """Serves POST /v1/chat/completions (and GET /v1/models) from a background thread."""

    def __init__(self, handler: Handler | None = None, latency: float = 0.0) -> None:
        self.handler: Handler = handler or default_handler
        self.latency = latency
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.record_bodies = True  # the benchmark turns this off: 20,000 bodies are not worth keeping
        self.count = 0
        self.in_flight = 0
        self.peak_in_flight = 0
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

    async def _models(self, request: web.Request) -> web.Response:
        return web.json_response({"object": "list", "data": [{"id": "loopback", "object": "model"}]})

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        raw = await request.read()
        try:
            body = json.loads(raw)
        except ValueError:
            return web.json_response({"error": {"message": "request body is not JSON"}}, status=400)
        with self._lock:
            self.count += 1
            if self.record_bodies:
                self.requests.append(body)
                self.headers.append(dict(request.headers))
            self.in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            reply = self.handler(body)
            if isinstance(reply, str):
                reply = Reply(completion(reply))
            elif isinstance(reply, dict):
                reply = Reply(reply)
            delay = reply.delay or self.latency
            if delay:
                await asyncio.sleep(delay)
            if reply.drop:
                assert request.transport is not None
                request.transport.close()
                return web.Response(status=200)
            if reply.body is not None:
                return web.Response(body=reply.body, status=reply.status, headers=reply.headers, content_type="application/json")
            return web.json_response(reply.json, status=reply.status, headers=reply.headers)
        finally:
            with self._lock:
                self.in_flight -= 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument("--content", default="Answer: \\boxed{A}", help="the answer every request gets")
    parser.add_argument("--stats-file", help="where to keep {requests, peak_in_flight} up to date (JSON)")
    args = parser.parse_args()
    server = LoopbackServer(lambda body: Reply(completion(args.content)), latency=args.latency).start()
    server.record_bodies = False
    print(server.port, flush=True)
    try:
        while True:
            time.sleep(0.5)
            if args.stats_file:
                stats = {"requests": server.count, "peak_in_flight": server.peak_in_flight}
                tmp = args.stats_file + ".tmp"
                with open(tmp, "w") as handle:
                    json.dump(stats, handle)
                os.replace(tmp, args.stats_file)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
