"""The generation loop of one case with a scripted model: messages, tools, step limit, hold-outs."""

from __future__ import annotations

import asyncio

import pytest

from evals.bfcl.multi_turn.checker import score_multi_turn
from evals.bfcl.multi_turn.generate import HOLDOUT_PROMPT, MAXIMUM_STEP_LIMIT, MultiTurnTranscript, run_multi_turn

from .mt_helpers import Ctx, ScriptedModel, ground_truth_script, item_by_id, text_generation, tool_generation


def play(item, script):
    model = ScriptedModel(script)
    transcript = asyncio.run(run_multi_turn(Ctx(model), item))
    return model, transcript


def test_tool_results_go_back_as_tool_messages_after_the_assistant_message():
    it = item_by_id("multi_turn_base_1")
    model, transcript = play(it, ground_truth_script(it.ground_truth, it.involved_classes))
    second = model.requests[1]["messages"]
    assert second[0] == it.question[0][0]
    assert second[1]["role"] == "assistant" and second[1]["tool_calls"][0]["function"]["name"] == "ls"
    assert second[2] == {"role": "tool", "content": transcript.turns[0][0].results[0], "tool_call_id": "t0_0"}
    assert second[2]["content"].startswith('{"current_directory_content": [')
    third = model.requests[2]["messages"]  # turn 1 starts with the next user message after the text answer
    assert third[-1] == it.question[1][0] and third[-2] == {"role": "assistant", "content": "Done."}
    assert len(model.requests) == 8 and all(r["tools"] == model.requests[0]["tools"] for r in model.requests)
    assert [len(t) for t in transcript.turns] == [2, 2, 2, 2]
    assert not transcript.force_quit


def test_transcript_round_trips_through_json():
    it = item_by_id("multi_turn_base_1")
    _, transcript = play(it, ground_truth_script(it.ground_truth, it.involved_classes))
    again = MultiTurnTranscript.from_json(transcript.to_json())
    assert again.to_json() == transcript.to_json()
    assert score_multi_turn(it, transcript.to_json()).correct


def test_force_quit_after_more_than_20_steps_ends_the_case():
    it = item_by_id("multi_turn_base_1")
    model, transcript = play(it, [tool_generation(["pwd()"]) for _ in range(MAXIMUM_STEP_LIMIT + 1)])
    assert len(model.requests) == MAXIMUM_STEP_LIMIT + 1  # 21 executed steps, then no more requests
    assert transcript.force_quit and len(transcript.turns) == 1
    verdict = score_multi_turn(it, transcript)
    assert not verdict.correct and verdict.details["error_type"] == "multi_turn:force_terminated"


def test_twenty_steps_are_allowed():
    it = item_by_id("multi_turn_base_1")
    script = [tool_generation(["ls(a=True)"])] + [tool_generation(["pwd()"]) for _ in range(MAXIMUM_STEP_LIMIT - 1)]
    script += [text_generation()] + ground_truth_script(it.ground_truth[1:], it.involved_classes)
    _, transcript = play(it, script)
    assert not transcript.force_quit and score_multi_turn(it, transcript).correct


def test_force_quit_on_the_last_turn_is_still_scored():
    it = item_by_id("multi_turn_base_1")
    script = ground_truth_script(it.ground_truth[:-1], it.involved_classes)
    script += [tool_generation(it.ground_truth[-1])] + [tool_generation(["pwd()"]) for _ in range(MAXIMUM_STEP_LIMIT)]
    model, transcript = play(it, script)
    assert transcript.force_quit and len(transcript.turns) == len(it.ground_truth)
    assert score_multi_turn(it, transcript).correct


def test_miss_func_adds_held_out_tools_with_the_prompt_at_their_turn():
    it = item_by_id("multi_turn_miss_func_0")
    if set(it.involved_classes) - {"GorillaFileSystem", "TwitterAPI", "MessageAPI", "MathAPI"}:
        pytest.skip("entry needs other backends")
    model, transcript = play(it, ground_truth_script(it.ground_truth, it.involved_classes))
    names = [[t["function"]["name"] for t in r["tools"]] for r in model.requests]
    holdout_request = next(i for i, r in enumerate(model.requests) if r["messages"][-1]["content"] == HOLDOUT_PROMPT)
    assert all("sort" not in n for n in names[:holdout_request])
    assert names[holdout_request][-1] == "sort"
    assert model.requests[holdout_request]["messages"][-1] == {"role": "user", "content": HOLDOUT_PROMPT}
    assert score_multi_turn(it, transcript).correct


def test_undecodable_tool_arguments_end_the_turn():
    it = item_by_id("multi_turn_base_1")
    bad = tool_generation(["ls(a=True)"])
    bad.tool_calls[0]["function"]["arguments"] = "{oops"
    model, transcript = play(it, [bad] + ground_truth_script(it.ground_truth[1:], it.involved_classes))
    assert transcript.turns[0][0].results == [] and len(transcript.turns[0]) == 1
    assert model.requests[1]["messages"][-1] == it.question[1][0]  # no tool message: next user turn
    verdict = score_multi_turn(it, transcript)
    assert not verdict.correct and verdict.details["error_type"] == "multi_turn:empty_turn_model_response"


class ContextModel(ScriptedModel):
    def __init__(self, script, fail_at):
        super().__init__(script)
        self.fail_at = fail_at

    async def chat(self, messages, tools=None, tool_choice=None):
        if len(self.requests) == self.fail_at:
            self.requests.append({})
            raise RuntimeError("This model's maximum context length is 8192 tokens; exceeds maximum input length")
        return await super().chat(messages, tools, tool_choice)


def test_context_window_error_is_a_soft_stop():
    it = item_by_id("multi_turn_base_1")
    model = ContextModel(ground_truth_script(it.ground_truth, it.involved_classes), fail_at=2)
    transcript = asyncio.run(run_multi_turn(Ctx(model), it))
    assert transcript.out_of_context and len(transcript.turns) == 2 and transcript.turns[1] == []
    assert score_multi_turn(it, transcript).details["error_type"] == "multi_turn:force_terminated"


def test_other_endpoint_errors_propagate():
    class Broken(ScriptedModel):
        async def chat(self, messages, tools=None, tool_choice=None):
            raise ConnectionError("endpoint down")

    with pytest.raises(ConnectionError):
        asyncio.run(run_multi_turn(Ctx(Broken([])), item_by_id("multi_turn_base_1")))


def test_a_slow_simulated_call_does_not_stop_the_event_loop(monkeypatch):
    """Simulated APIs run in a worker thread, so other cases' requests keep moving meanwhile."""
    import time

    from evals.bfcl.multi_turn import executor

    slow_execute = executor.CaseBackends.execute

    def execute_slowly(self, calls):
        time.sleep(0.5)  # a blocking call, like the reference math API on a huge precision
        return slow_execute(self, calls)

    monkeypatch.setattr(executor.CaseBackends, "execute", execute_slowly)
    it = item_by_id("multi_turn_base_1")
    ticks = 0

    async def ticker(stop: asyncio.Event) -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            await asyncio.sleep(0.01)

    async def both():
        stop = asyncio.Event()
        counting = asyncio.create_task(ticker(stop))
        script = [tool_generation(["pwd()"])] + [text_generation() for _ in it.question]
        transcript = await run_multi_turn(Ctx(ScriptedModel(script)), it)
        stop.set()
        await counting
        return transcript

    transcript = asyncio.run(both())
    assert transcript.turns[0][0].results  # the call ran
    assert ticks >= 20  # ~50 ticks while the 0.5 s call blocked its thread; 1 if it blocked the loop
