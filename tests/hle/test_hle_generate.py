"""One case's generation and verdict with in-process stand-ins for the two clients (the HTTP path is
covered end to end in test_hle_end_to_end.py)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from evals.hle import prompts
from evals.hle.data import HleItem
from evals.hle.generate import generate
from evals.hle.judge import HleJudgeError
from evals.hle.score import score
from fixtures.client import EndpointError
from fixtures.responses import parse_completion
from fixtures.tasks import GenerationContext

ITEM = HleItem(id="synth0003", question="What is 3 + 3?", answer="6", answer_type="exactMatch",
               category="Math", raw_subject="Synthetic Math")
ANSWER = "Explanation: 3 + 3 = 6.\nAnswer: 6\nConfidence: 80%"


class StandIn:
    """Answers chat() from a script; records what it was sent. Shares the script across seeds."""

    def __init__(self, script: list[Any], seed: int | None = 0, sent: list[dict[str, Any]] | None = None):
        self.script, self.seed, self.sent = script, seed, sent if sent is not None else []

    def with_seed(self, seed):
        return StandIn(self.script, seed, self.sent)

    async def chat(self, messages, *, tools=None, tool_choice=None, extra_body=None):
        self.sent.append({"messages": messages, "extra_body": extra_body, "seed": self.seed})
        reply = self.script.pop(0)
        if isinstance(reply, Exception):
            raise reply
        message = reply if isinstance(reply, dict) else {"role": "assistant", "content": reply}
        return parse_completion({"choices": [{"message": message, "finish_reason": "stop"}], "usage": {"total_tokens": 3}})


def run(model_script, judge_script, options=None, item=ITEM, seed=0):
    model, judge = StandIn(model_script, seed), StandIn(judge_script, seed)
    ctx = GenerationContext(model=model, judge=judge, repeat=seed, options=options or {})
    return asyncio.run(generate(ctx, item)), model, judge


def test_model_then_judge_with_the_reference_requests():
    result, model, judge = run([ANSWER], ["extracted_final_answer: 6\nReasoning: same.\nJudgement: yes\nConfidence: 80%"])
    assert model.sent[0]["messages"] == prompts.model_messages(ITEM, "nemo_skills", False)
    assert judge.sent == [{
        "messages": [{"role": "user", "content": prompts.judge_prompt("nemo_skills", ITEM.question, ANSWER, "6")}],
        "extra_body": None,
        "seed": 0,
    }]
    assert result.judge_correct is True and result.confidence == 80.0 and result.confidence_source == "judge"
    verdict = score(ITEM, result)
    assert verdict.correct and verdict.scores == {"confidence": 0.8} and verdict.subsets == {"category": "Math"}
    assert verdict.extracted == ANSWER and verdict.expected == "6"
    assert verdict.details["judge_replies"][0].endswith("Judgement: yes\nConfidence: 80%")


def test_the_judge_sees_the_answer_without_reasoning():
    result, _, judge = run(["<think>3+3 is 6</think>" + ANSWER], ["Judgement: no"])
    assert "[response]: Explanation: 3 + 3 = 6." in judge.sent[0]["messages"][0]["content"]
    assert "<think>" not in judge.sent[0]["messages"][0]["content"]
    verdict = score(ITEM, result)
    assert not verdict.correct and "expected '6'" in verdict.reason


def test_confidence_falls_back_to_the_response_then_100():
    result, _, _ = run([ANSWER], ["Judgement: yes"])
    assert (result.confidence, result.confidence_source) == (80.0, "response")
    result, _, _ = run(["Answer: 6"], ["Judgement: yes"])
    assert (result.confidence, result.confidence_source) == (100.0, "default")
    result, _, _ = run([ANSWER], ["Judgement: yes\nConfidence: 55"], {"confidence_source": "response"})
    assert (result.confidence, result.confidence_source) == (80.0, "response")


def test_unparseable_judge_reply_is_a_judge_error():
    with pytest.raises(HleJudgeError, match="no verdict in 1 judge reply for item synth0003"):
        run([ANSWER], ["The answer looks right to me."], {"judge_attempts": 1})
    with pytest.raises(HleJudgeError, match="no verdict in 2 judge replies for item synth0003: no 'Judgement"):
        run([ANSWER], ["The answer looks right to me.", "Still unsure."])  # default: one re-send


def test_unparseable_reply_is_retried_with_a_new_seed_then_errors():
    script = ["no verdict here", "still none", "Judgement: yes"]
    result, _, judge = run([ANSWER], list(script), {"judge_attempts": 3}, seed=2)
    assert [s["seed"] for s in judge.sent] == [2, 3, 4]
    assert result.judge_correct is True and len(result.judge_attempts) == 3
    assert score(ITEM, result).details["judge_attempts"] == 3
    with pytest.raises(HleJudgeError, match="no verdict in 2 judge replies"):
        run([ANSWER], ["nothing", "nothing"], {"judge_attempts": 2})


def test_unparseable_reply_can_be_scored_wrong_as_nemo_skills_does():
    result, _, _ = run([ANSWER], ["nothing"], {"on_unparseable_judgement": "wrong", "judge_attempts": 1})
    verdict = score(ITEM, result)
    assert not verdict.correct and verdict.details["judge_unparseable"] is True
    assert verdict.scores == {}  # left out of the calibration, as the official code leaves unjudged answers
    assert "no verdict" in verdict.reason


def test_judge_endpoint_failure_is_a_judge_error_and_model_failure_is_not():
    with pytest.raises(HleJudgeError, match="the judge endpoint failed: HTTP 500"):
        run([ANSWER], [EndpointError("HTTP 500")])
    with pytest.raises(ConnectionError):
        run([ConnectionError("model down")], ["Judgement: yes"])


def test_missing_judge_is_a_judge_error():
    ctx = GenerationContext(model=StandIn([ANSWER]), judge=None, repeat=0, options={})
    with pytest.raises(HleJudgeError, match="needs a `judge:` section"):
        asyncio.run(generate(ctx, ITEM))


def official_reply(**fields):
    body = {"extracted_final_answer": "6", "reasoning": "same", "correct": "yes", "confidence": 70, "strict": True}
    body.update(fields)
    return json.dumps(body)


def test_official_judge_sends_the_schema_and_reads_the_structured_reply():
    options = {"judge_style": "official", "prompt_style": "official", "judge_attempts": 1}
    result, model, judge = run([ANSWER], [official_reply(correct="no", confidence=70)], options)
    assert model.sent[0]["messages"][1]["content"] == [{"type": "text", "text": ITEM.question}]
    assert judge.sent[0]["extra_body"] == {"response_format": prompts.OFFICIAL_RESPONSE_FORMAT}
    assert judge.sent[0]["messages"][0]["content"].startswith("Judge whether")
    assert "\n\ncorrect: Answer 'yes'" in judge.sent[0]["messages"][0]["content"]
    assert judge.sent[0]["seed"] is None  # the official judge sends no seed
    assert result.judge_correct is False and result.confidence == 70.0 and result.judge_extracted_answer == "6"
    with pytest.raises(HleJudgeError, match="correct must be 'yes' or 'no'"):
        run([ANSWER], [official_reply(correct="YES")], options)
    refusal = {"role": "assistant", "content": None, "refusal": "no"}
    with pytest.raises(HleJudgeError, match="judge refused"):
        run([ANSWER], [refusal], options)


def test_image_rows_are_sent_when_the_model_takes_images():
    from tests.hle import synthetic

    item = HleItem(id="synth0008", question="Q?", answer="A", answer_type="exactMatch", category="Other",
                   raw_subject="x", image=synthetic.DATA_URL)
    result, model, judge = run([ANSWER], ["Judgement: no"], {"images": True}, item=item)
    assert model.sent[0]["messages"][1]["content"][1] == {"type": "image_url", "image_url": {"url": synthetic.DATA_URL}}
    assert "data:image" not in judge.sent[0]["messages"][0]["content"]  # the judge reads text only
    assert score(item, result).details["image_sent"] is True
