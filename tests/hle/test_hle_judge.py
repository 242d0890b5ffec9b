"""Judge replies: NeMo-Skills' is_correct_judgement (7205c43 and before 48cd54b) and the official
structured output (openai parse() + pydantic ExtractedAnswer)."""

from __future__ import annotations

import json

import pytest

from evals.hle.judge import nemo_skills_verdict, read_nemo_skills_reply, read_official_reply, stated_confidence

REPLY = (
    "extracted_final_answer: 8\n\n"
    "Reasoning: The response's answer 8 equals the correct answer 8.\n\n"
    "Judgement: yes\n\n"
    "Confidence: 90%"
)

# (judge reply, verdict at 7205c43 (regex), verdict before 48cd54b (split)); None = improper format
CASES = [
    ("Judgement: yes", True, True),
    ("Judgement: no", False, False),
    (REPLY, True, True),
    ("**Judgement**: yes", True, None),  # the form 48cd54b added (gpt-4o writes it)
    ("**Judgement**: No\n\nConfidence: 20%", False, None),
    ("**Judgement:** yes", None, None),  # the bold closes after the colon: "** yes" starts with neither
    ("judgement: YES", True, None),  # case-insensitive label and verdict
    ("JUDGEMENT:yes", True, None),
    ("Judgement : yes", True, None),
    ("Judgement: Yes, the answers match.", True, True),  # trailing text
    ("Judgement:\n\n  yes\n", True, True),
    ("Judgement: no.", False, False),
    ("Judgement: nope", False, False),  # startswith("no")
    ("Judgement: Yesterday", True, True),  # startswith("yes")
    ("Judgement: **yes**", None, None),
    ("Judgement: maybe", None, None),
    ("Judgment: yes", None, None),  # American spelling
    ("Judgement - yes", None, None),
    ("***Judgement***: yes", None, None),
    ("", None, None),
    ("The answer is correct: yes", None, None),
    # the first match wins at 7205c43, the last "Judgement:" before
    ("Reasoning: my judgement: no doubt it matches.\nJudgement: yes", False, True),
    ("Judgement: no\nOn reflection, Judgement: yes", False, True),
    ("Reasoning: a judgement: unclear here.\nJudgement: yes", None, True),
]


@pytest.mark.parametrize("reply,regex,split", CASES)
def test_nemo_skills_verdict(reply, regex, split):
    assert nemo_skills_verdict(reply, "regex") is regex
    assert nemo_skills_verdict(reply, "split") is split


def test_unknown_parser():
    with pytest.raises(ValueError, match="unknown verdict parser"):
        nemo_skills_verdict("Judgement: yes", "other")


def test_read_nemo_skills_reply_fields():
    reading = read_nemo_skills_reply(REPLY)
    assert reading.correct is True and reading.parsed
    assert reading.extracted_answer == "8" and reading.confidence == 90.0 and reading.problem is None
    bold = read_nemo_skills_reply("**extracted_final_answer**: **B**\n\n**Judgement**: no\n\n**Confidence**: 35%")
    assert bold.correct is False and bold.extracted_answer == "B" and bold.confidence == 35.0
    bad = read_nemo_skills_reply("I think it is right.")
    assert bad.correct is None and not bad.parsed and "Judgement" in bad.problem


@pytest.mark.parametrize(
    "text,value",
    [
        ("Answer: 8\nConfidence: 85%", 85.0),
        ("**Confidence**: 85%", 85.0),
        ("confidence:100", 100.0),
        ("Confidence: 72.5%", 72.5),
        ("Confidence: 0|\\%| and 100|\\%| ... Confidence: 40", 40.0),  # the last one
        ("Confidence: high", None),
        ("no confidence given", None),
        ("", None),
    ],
)
def test_stated_confidence(text, value):
    assert stated_confidence(text) == value


def official(**fields):
    body = {"extracted_final_answer": "8", "reasoning": "same", "correct": "yes", "confidence": 85, "strict": True}
    body.update(fields)
    return json.dumps({k: v for k, v in body.items() if v is not ...})


@pytest.mark.parametrize(
    "content,correct,confidence",
    [
        (official(), True, 85),
        (official(correct="no", confidence=10), False, 10),
        (official(confidence="85"), True, 85),  # pydantic lax mode: numeric string
        (official(confidence=" 85.00 "), True, 85),
        (official(confidence=85.0), True, 85),
        (official(confidence=True), True, 1),
        (official(confidence=-5), True, -5),  # no range check in the official schema
        (official(strict=1), True, 85),
        (official(extra="ignored"), True, 85),
        ("  " + official() + "\n", True, 85),
    ],
)
def test_official_reply_accepted(content, correct, confidence):
    reading = read_official_reply(content, "stop")
    assert reading.parsed and reading.correct is correct and reading.confidence == confidence
    assert reading.extracted_answer == "8" and reading.reasoning in ("same",)


@pytest.mark.parametrize(
    "content,finish_reason,refusal,problem",
    [
        (official(correct="Yes"), "stop", None, "correct must be 'yes' or 'no'"),
        (official(correct=" yes"), "stop", None, "correct must be"),
        (official(confidence=85.5), "stop", None, "confidence must be an integer"),
        (official(confidence="85%"), "stop", None, "confidence must be an integer"),
        (official(confidence=...), "stop", None, "confidence must be an integer"),
        (official(strict=False), "stop", None, "strict must be true"),
        (official(strict="true"), "stop", None, "strict must be true"),
        (official(strict=...), "stop", None, "strict must be true"),
        (official(extracted_final_answer=None), "stop", None, "extracted_final_answer must be a string"),
        (official(extracted_final_answer=8), "stop", None, "extracted_final_answer must be a string"),
        ("```json\n" + official() + "\n```", "stop", None, "not a JSON object"),
        ("[1, 2]", "stop", None, "not a JSON object"),
        ("Judgement: yes", "stop", None, "not a JSON object"),
        (official(), "length", None, "finish_reason 'length'"),
        (official(), "content_filter", None, "finish_reason 'content_filter'"),
        (None, "stop", "I can't help with that.", "refused"),
        (None, "stop", None, "no content"),
    ],
)
def test_official_reply_rejected(content, finish_reason, refusal, problem):
    reading = read_official_reply(content, finish_reason, refusal)
    assert not reading.parsed and reading.correct is None
    assert problem in reading.problem
