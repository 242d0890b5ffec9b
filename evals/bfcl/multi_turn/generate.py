"""The model interaction of one multi-turn case: NeMo-Skills' `_generate_single_data_point_multi_turn`.

With `++use_client_parsing=False` (the model-card setting) the request carries the OpenAI `tools`,
and each step's native `tool_calls` are kept as [{name: arguments_json}]. Per user turn:
- the turn's messages are appended (at a miss_func hold-out turn, whose messages are empty, the
  held-out docs are added to the tools and the user says HOLDOUT_PROMPT instead);
- the model is asked again and again: its message is appended to the history, its calls decoded
  and executed against this case's own backends, and each result appended as a `tool` message
  (paired with the call ids); the turn ends when a step decodes to no call (text, bad JSON);
- after each executed step a counter is incremented; when it exceeds MAXIMUM_STEP_LIMIT (20), i.e.
  after the 21st executing step, the case is force-quit: no further turns. The evaluator then
  fails it for having fewer turns than the ground truth, unless that was already the last turn;
- a context-window error from the endpoint ends the case the same way (NeMo-Skills' soft fail).
"""

from __future__ import annotations

import asyncio
import inspect
from dataclasses import dataclass, field
from typing import Any

from fixtures.responses import Generation

from .data import MultiTurnItem
from .executor import GENERATION_PREFIX, CallDecodeError, CaseBackends, calls_to_strings, is_empty_execute_response
from .tools import ToolDocs

MAXIMUM_STEP_LIMIT = 20
HOLDOUT_PROMPT = "I have updated some more functions you can choose from. What about now?"

# NeMo-Skills' is_context_window_exceeded_error (inference/model/utils.py), by message.
_CONTEXT_ERROR_MARKERS = (
    "Requested token count exceeds",
    "exceeds maximum input length",
    "should not exceed max_seq_len",
    "reduce the length of the input messages",
    "'max_completion_tokens' is too large",
    "max_tokens must be at least 1, got -",
)


def is_context_window_error(error: BaseException) -> bool:
    if type(error).__name__ in {"ContextWindowExceededError", "ContextWindowExceeded"}:
        return True
    text = str(error)
    return any(marker in text for marker in _CONTEXT_ERROR_MARKERS)


@dataclass
class Step:
    """One model response inside a turn: its tool calls as [{name: arguments}] (None if it answered in text)."""

    calls: list[dict[str, Any]] | None
    text: str
    results: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"calls": self.calls, "text": self.text, "results": self.results}


@dataclass
class MultiTurnTranscript:
    """Everything scoring needs, JSON-serialisable: per turn, the steps the model took."""

    turns: list[list[Step]]
    force_quit: bool = False
    out_of_context: bool = False
    generations: list[Generation] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "turns": [[step.to_json() for step in turn] for turn in self.turns],
            "force_quit": self.force_quit,
            "out_of_context": self.out_of_context,
            "generations": [g.to_json() for g in self.generations],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "MultiTurnTranscript":
        try:
            turns = [[Step(s.get("calls"), s.get("text", ""), list(s.get("results", []))) for s in t] for t in data["turns"]]
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not a multi-turn transcript: {exc}") from exc
        generations = [
            Generation(**{k: v for k, v in g.items() if k in Generation.__dataclass_fields__}) for g in data.get("generations", [])
        ]
        return cls(turns, bool(data.get("force_quit")), bool(data.get("out_of_context")), generations)


def assistant_message(generation: Generation) -> dict[str, Any]:
    """The assistant message appended to the history: the server's message as returned (as NeMo-Skills
    re-sends the client's message object), or one rebuilt from the Generation when raw is absent."""
    try:
        message = generation.raw["choices"][0]["message"]
        if isinstance(message, dict):
            return dict(message)
    except (KeyError, IndexError, TypeError):
        pass
    message: dict[str, Any] = {"role": "assistant", "content": generation.content}
    if generation.tool_calls:
        message["tool_calls"] = generation.tool_calls
    return message


def step_calls(generation: Generation) -> list[dict[str, Any]] | None:
    """[{name: arguments}] from the response's tool calls, None when it has none (a text answer)."""
    if not generation.tool_calls:
        return None
    try:
        return [{tc["function"]["name"]: tc["function"]["arguments"]} for tc in generation.tool_calls]
    except (KeyError, TypeError):
        return None


def decode_step(calls: list[dict[str, Any]] | None) -> list[str]:
    """Call strings of a step; raises CallDecodeError for a text step or undecodable calls."""
    if calls is None:
        raise CallDecodeError("text response")
    return calls_to_strings(calls)


async def _chat(ctx: Any, messages: list[dict[str, Any]], tools: list[dict[str, Any]]) -> Generation:
    result = ctx.model.chat(messages, tools=tools)
    if inspect.isawaitable(result):
        result = await result
    return result


async def run_multi_turn(ctx: Any, item: MultiTurnItem) -> MultiTurnTranscript:
    """Play one case against the model with its own backends; returns the transcript to score."""
    # the simulated APIs run in a worker thread: a slow call (the reference's math API will compute
    # logarithm(precision=10**8) if asked) must not stop the event loop that drives every other case
    backends = await asyncio.to_thread(
        CaseBackends, item.id, item.involved_classes, item.initial_config, item.long_context, GENERATION_PREFIX
    )
    docs = ToolDocs(item.functions)
    tools = docs.tools()
    messages: list[dict[str, Any]] = []
    transcript = MultiTurnTranscript(turns=[])

    for turn_index, turn_messages in enumerate(item.question):
        steps: list[Step] = []
        count = 0
        if str(turn_index) in item.held_out:
            docs.add_held_out(item.held_out[str(turn_index)])
            tools = docs.tools()
            if turn_messages:
                raise ValueError(f"{item.id}: hold-out turn {turn_index} should have no user message")
            turn_messages = [{"role": "user", "content": HOLDOUT_PROMPT}]
        messages.extend(turn_messages)

        while True:
            try:
                generation = await _chat(ctx, list(messages), tools)
            except Exception as exc:
                if is_context_window_error(exc):
                    transcript.out_of_context = True
                    break
                raise
            transcript.generations.append(generation)
            messages.append(assistant_message(generation))
            step = Step(calls=step_calls(generation), text=generation.content or "")
            steps.append(step)
            try:
                decoded = decode_step(step.calls)
            except CallDecodeError:
                break
            if is_empty_execute_response(decoded):
                break
            step.results = await asyncio.to_thread(backends.execute, decoded)
            call_ids = [tc.get("id") for tc in generation.tool_calls or []]
            for result, call_id in zip(step.results, call_ids):
                messages.append({"role": "tool", "content": result, "tool_call_id": call_id})
            count += 1
            if count > MAXIMUM_STEP_LIMIT:
                transcript.force_quit = True
                break

        transcript.turns.append(steps)
        if transcript.force_quit or transcript.out_of_context:
            break
    return transcript
