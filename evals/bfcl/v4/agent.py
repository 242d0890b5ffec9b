"""The model interaction of the agentic categories, as NeMo-Skills' BFCL generation runs it.

Per turn: the model is asked with the tools; a reply with tool calls is executed on the tool object
and the results go back as tool messages; a reply without calls (or that does not decode) ends the
turn; more than MAXIMUM_STEP_LIMIT executed steps force-quit the entry. The recorded result is,
per turn, the list of steps (see agentic.step_from_reply), which `agentic.score_agentic` scores.

Memory: a scenario's prerequisite conversations run first, in order, each on a backend restored
from the previous one's snapshot (the first from empty), and their final snapshot is what every
question of the scenario starts from. Questions never write back. Both get the memory instruction
(with the core memory dumped into it) as their first system message.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from evals.bfcl.multi_turn.generate import assistant_message as server_message
from evals.bfcl.multi_turn.generate import is_context_window_error
from evals.bfcl.v4.agentic import step_from_reply, step_is_call
from evals.bfcl.v4.data import AgenticItem, PrereqConversation
from evals.bfcl.v4.executor import execute_step
from evals.bfcl.v4.prompts import MAXIMUM_STEP_LIMIT, with_memory_prompt


class Reply(Protocol):
    content: str | None
    tool_calls: list[dict[str, Any]] | None


Chat = Callable[[list[dict[str, Any]], list[dict[str, Any]]], Awaitable[Reply]]


@dataclass
class Conversation:
    steps: list[list[Any]]  # per turn, the recorded steps
    messages: list[dict[str, Any]]
    replies: list[Any] = field(default_factory=list)
    force_quit: bool = False
    out_of_context: bool = False  # the endpoint refused the history as too long: the entry stops there


def _assistant_message(reply: Reply) -> dict[str, Any]:
    """The assistant message for the history: the server's message as returned (as NeMo-Skills re-sends
    it, shared with the multi-turn loop) when the reply carries it, else one built from the reply."""
    if getattr(reply, "raw", None):
        return server_message(reply)
    message: dict[str, Any] = {"role": "assistant", "content": reply.content}
    if reply.tool_calls:
        message["tool_calls"] = reply.tool_calls
    return message


async def run_conversation(chat: Chat, turns: list[list[dict[str, Any]]], tools: list[dict[str, Any]], instance: Any) -> Conversation:
    """Run every turn of a conversation against `instance` (the tool object)."""
    messages: list[dict[str, Any]] = []
    conversation = Conversation([], messages)
    for turn in turns:
        messages.extend(turn)
        steps: list[Any] = []
        executed = 0
        while True:
            try:
                reply = await chat(messages, tools)
            except Exception as exc:
                if is_context_window_error(exc):  # NeMo-Skills soft-fails here and keeps the steps so far
                    conversation.out_of_context = True
                    break
                raise
            conversation.replies.append(reply)
            step = step_from_reply(reply.tool_calls, reply.content)
            steps.append(step)
            messages.append(_assistant_message(reply))
            if not step_is_call(step):
                break
            # tools may block (page fetches, search back-off, embeddings): keep the event loop free
            results = await asyncio.to_thread(execute_step, instance, step)
            for result, call in zip(results, reply.tool_calls or []):
                messages.append({"role": "tool", "content": result, "tool_call_id": call.get("id")})
            executed += 1
            if executed > MAXIMUM_STEP_LIMIT:
                conversation.force_quit = True
                break
        conversation.steps.append(steps)
        if conversation.force_quit or conversation.out_of_context:
            break
    return conversation


MemoryFactory = Callable[[], Any]  # a fresh backend object (MemoryAPI_kv(), ...)


async def run_prereqs(
    chat: Chat, conversations: list[PrereqConversation], tools: list[dict[str, Any]], make_backend: MemoryFactory
) -> tuple[dict[str, Any] | None, list[Conversation]]:
    """Run one scenario's prerequisite conversations in order; return the final snapshot."""
    snapshot: dict[str, Any] | None = None
    runs = []
    for conversation in sorted(conversations, key=lambda c: c.position):
        backend = make_backend()
        backend.restore(snapshot if conversation.position > 0 else None)
        turns = with_memory_prompt(conversation.turns, conversation.category, conversation.scenario, backend.dump_core_memory_to_context())
        runs.append(await run_conversation(chat, turns, tools, backend))
        snapshot = backend.snapshot()
    return snapshot, runs


async def run_memory_question(
    chat: Chat, item: AgenticItem, tools: list[dict[str, Any]], make_backend: MemoryFactory, snapshot: dict[str, Any] | None
) -> Conversation:
    backend = make_backend()
    backend.restore(snapshot)
    turns = with_memory_prompt(item.turns, item.category, item.scenario or "", backend.dump_core_memory_to_context())
    return await run_conversation(chat, turns, tools, backend)


class SnapshotBook:
    """Each scenario's snapshot built once (by the first question that needs it); questions then run concurrently."""

    def __init__(self, build: Callable[[str], Awaitable[dict[str, Any] | None]]):
        self._build = build
        self._tasks: dict[str, asyncio.Task] = {}
        self._lock = asyncio.Lock()

    async def get(self, scenario: str) -> dict[str, Any] | None:
        async with self._lock:
            task = self._tasks.get(scenario)
            if task is None:
                task = self._tasks[scenario] = asyncio.ensure_future(self._build(scenario))
        return await asyncio.shield(task)
