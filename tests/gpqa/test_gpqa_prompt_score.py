"""GPQA request text and verdicts (extraction cross-checked against the reference's eval_mcq)."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.gpqa.data import GpqaItem, load_gpqa
from evals.gpqa.prompt import build_request
from evals.gpqa.score import score
from fixtures.responses import Generation, parse_completion
from tests.gpqa.cases import MCQ_CASES

ITEM = GpqaItem(
    id="recSYNTH0001",
    question="Which {braced} value?",
    options=("alpha", "beta", "gamma", "delta"),
    answer="B",
    domain="Physics",
    subdomain="Quantum Mechanics",
)


def test_prompt_is_the_mcq_4choices_user_message():
    request = build_request(ITEM, None)
    assert request.tools is None and request.extra_body == {}
    assert request.messages == [
        {
            "role": "user",
            "content": "Answer the following multiple choice question. The last line of your response should be in "
            "the following format: 'Answer: A/B/C/D' (e.g. 'Answer: A').\n\n"
            "Which {braced} value?\n\nA) alpha\nB) beta\nC) gamma\nD) delta",
        }
    ]


def test_real_items_prompt_shape(real_gpqa_dir: Path):
    for item in load_gpqa(real_gpqa_dir).items[:20]:
        content = build_request(item, None).messages[0]["content"]
        assert content.startswith("Answer the following multiple choice question. The last line")
        assert content.endswith(item.problem)


@pytest.mark.parametrize(("name", "text", "letter"), MCQ_CASES, ids=[case[0] for case in MCQ_CASES])
def test_extraction_matches_reference(name, text, letter):
    verdict = score(ITEM, Generation(content=text))
    assert verdict.extracted == letter
    assert verdict.correct == (letter == "B")
    assert verdict.expected == "B"


def test_verdict_fields():
    right = score(ITEM, Generation(content="Answer: B"))
    assert right.correct and right.reason == "expected B, extracted B"
    assert right.subsets == {"domain": "Physics", "subdomain": "Quantum Mechanics"}
    wrong = score(ITEM, Generation(content="Answer: C"))
    assert not wrong.correct and wrong.reason == "expected B, extracted C"
    none = score(ITEM, Generation(content="no idea"))
    assert not none.correct and none.extracted is None and "no answer letter" in none.reason


def test_lowercase_letter_in_box_is_wrong():
    """The reference keeps a one-character box as is: 'b' != 'B'."""
    verdict = score(ITEM, Generation(content="\\boxed{b}"))
    assert verdict.extracted == "b" and not verdict.correct


def test_answer_inside_unfinished_reasoning_is_not_scored():
    """Reasoning that never closes leaves an empty answer: the letter inside it does not count."""
    generation = parse_completion(
        {"choices": [{"message": {"content": "<think>so it is B.\nAnswer: B"}, "finish_reason": "length"}]}
    )
    verdict = score(ITEM, generation)
    assert generation.truncated and verdict.extracted is None and not verdict.correct
    assert "truncated" in verdict.reason


def test_answer_after_closed_reasoning_is_scored():
    generation = parse_completion({"choices": [{"message": {"content": "<think>A? no.</think>\nAnswer: B"}}]})
    assert score(ITEM, generation).correct
