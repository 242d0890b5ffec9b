"""Loopback servers that behave like a serving setup: vLLM with or without its reasoning and tool
parsers, a reasoning-parser bug, another served model, a key it refuses, a parameter it refuses.

Each setup answers every request (preflight probe or case) the same way, as the real server would;
`serve(setup)` starts a LoopbackServer whose probes go to the setup too (`probe_handler = None`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.support.loopback import LoopbackServer, Reply, completion

ANSWER = "Answer: \\boxed{A}"
THOUGHT = "The user asks a question; I work it out step by step."


@dataclass
class Setup:
    model: str = "loopback-model"  # the served model name
    reasoning: str = "split"  # split | inline (no reasoning parser) | content-null (the parser bug) | orphan | none
    tools: str = "parser"  # parser (tool calls work) | off (no --enable-auto-tool-choice) | text (no tool parser)
    refuse: tuple[str, ...] = ()  # request fields answered with HTTP 400 (pydantic's extra_forbidden)
    unauthorized: bool = False  # refuses the key it gets (HTTP 401 on every route, as vLLM with --api-key)
    listing: bool = True  # GET /v1/models exists

    def handle(self, body: dict[str, Any]) -> Reply:
        if body.get("model") != self.model:
            error = {"message": f"The model `{body.get('model')}` does not exist.", "type": "NotFoundError", "code": 404}
            return Reply({"error": error}, status=404)
        for name in self.refuse:
            if name in body:
                message = f"[{{'type': 'extra_forbidden', 'loc': ('body', '{name}'), 'msg': 'Extra inputs are not permitted'}}]"
                return Reply({"object": "error", "message": message, "type": "BadRequestError", "code": 400}, status=400)
        if body.get("tools"):
            return self.tool_reply(body)
        return Reply(self.reasoned(ANSWER if "42" not in str(body.get("messages")) else "42"))

    def tool_reply(self, body: dict[str, Any]) -> Reply:
        name = body["tools"][0]["function"]["name"]
        if self.tools == "off":
            message = '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set'
            return Reply({"object": "error", "message": message, "type": "BadRequestError", "code": 400}, status=400)
        if self.tools == "text":
            return Reply(self.reasoned(f'<tool_call>\n<function={name}>\n<parameter=city>\nParis\n</parameter>\n</function>\n</tool_call>'))
        call = {"id": "call-0", "type": "function", "function": {"name": name, "arguments": '{"city": "Paris"}'}}
        return Reply(completion(None, reasoning=THOUGHT, tool_calls=[call], finish_reason="tool_calls", model=self.model))

    def reasoned(self, answer: str) -> dict[str, Any]:
        if self.reasoning == "split":
            return completion(answer, reasoning=THOUGHT, model=self.model)
        if self.reasoning == "inline":
            return completion(f"<think>{THOUGHT}</think>{answer}", model=self.model)
        if self.reasoning == "content-null":
            return completion(None, reasoning=f"{THOUGHT}\n{answer}", model=self.model)
        if self.reasoning == "orphan":
            return completion(f"{THOUGHT}</think>{answer}", model=self.model)
        return completion(answer, model=self.model)


def serve(setup: Setup) -> LoopbackServer:
    """A started server that answers as `setup` (probes included); the caller stops it."""
    server = LoopbackServer(setup.handle)
    server.probe_handler = None
    if setup.unauthorized:
        unauthorized = Reply({"error": "Unauthorized"}, status=401)
        server.models = unauthorized
        server.handler = lambda body: unauthorized
    else:
        server.models = [setup.model] if setup.listing else None
    return server.start()
