"""AIME request text (by prompt name) and verdicts on whole responses."""

from __future__ import annotations

import pytest

from evals.aime2025.data import AimeItem
from evals.aime2025.prompt import DEFAULT_PROMPT, PROMPTS, AimeOptions, build_request
from evals.aime2025.score import score
from fixtures.config import ConfigError
from fixtures.responses import Generation, parse_completion

ITEM = AimeItem(id="aime25-0", problem="Find $x$ if $x+{1}=71$.", expected_answer="70")

EXPECTED_TEXT = {
    "generic/math": "Solve the following math problem. Make sure to put the answer (and only answer) inside "
    "\\boxed{}.\n\nFind $x$ if $x+{1}=71$.",
    "eval/aai/math": "Solve the following math problem step by step. Put your answer inside \\boxed{}.\n\n"
    "Find $x$ if $x+{1}=71$.\n\nRemember to put your answer inside \\boxed{}.",
    "gpt-oss/math": "Find $x$ if $x+{1}=71$.\nPlease reason step by step, and put your final answer within \\boxed{}.",
    "generic/matharena": "Please reason step by step, and put your final answer within \\boxed{}.\n\n"
    "Find $x$ if $x+{1}=71$.",
}


def test_default_prompt_is_generic_math():
    assert DEFAULT_PROMPT == "generic/math"
    request = build_request(ITEM, None)
    assert request.messages == [{"role": "user", "content": EXPECTED_TEXT["generic/math"]}]


@pytest.mark.parametrize("name", sorted(PROMPTS))
def test_prompt_by_name(name):
    assert build_request(ITEM, AimeOptions(prompt=name)).messages == [{"role": "user", "content": EXPECTED_TEXT[name]}]


def test_unknown_prompt_is_a_config_error():
    with pytest.raises(ConfigError, match=r"tasks.aime2025.options.prompt: unknown prompt 'math-oai'; choose one of"):
        AimeOptions(prompt="math-oai")


def test_scores():
    assert score(ITEM, Generation(content="x = 70, so \\boxed{070}")).correct
    legacy = score(ITEM, Generation(content="\\boxed{070}"), AimeOptions(legacy_int_literals=True))
    assert not legacy.correct and legacy.extracted == "070"
    wrong = score(ITEM, Generation(content="\\boxed{71}"))
    assert not wrong.correct and wrong.reason == "expected 70, extracted '71'"
    none = score(ITEM, Generation(content="It is 70."))
    assert none.extracted is None and not none.correct and "no complete \\boxed{}" in none.reason


def test_box_inside_unfinished_reasoning_is_not_scored():
    generation = parse_completion(
        {"choices": [{"message": {"content": "<think>17_b | 97_b gives b=21,49: \\boxed{70}"}, "finish_reason": "length"}]}
    )
    verdict = score(ITEM, generation)
    assert generation.truncated and generation.content == ""
    assert verdict.extracted is None and not verdict.correct and "truncated" in verdict.reason


def test_box_after_reasoning_is_scored():
    body = {"choices": [{"message": {"content": "<think>maybe \\boxed{35}</think>The sum is \\boxed{70}."}}]}
    verdict = score(ITEM, parse_completion(body))
    assert verdict.correct and verdict.extracted == "70"


def test_separate_reasoning_field_is_not_scored():
    body = {"choices": [{"message": {"content": "The answer is 70.", "reasoning_content": "\\boxed{70}"}}]}
    assert not score(ITEM, parse_completion(body)).correct
