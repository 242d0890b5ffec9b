"""The per-case Verdict of IFBench."""

from __future__ import annotations

import pytest

from evals.ifbench.data import IfbenchItem, IfbenchOptions
from evals.ifbench.score import parse_case_flags, score
from fixtures.responses import Generation

ITEM = IfbenchItem(
    id="5",
    key="5",
    prompt="Write something. Answer with one of the following options: yes/no/maybe.",
    instruction_id_list=("format:options", "format:no_whitespace"),
    kwargs=({"options": "yes/no/maybe", "N": None}, {"N": None}),
)


def test_verdict_scores_and_details():
    verdict = score(ITEM, Generation(content="Sure\n**Maybe**"))
    assert verdict.scores == {
        "prompt_strict": 0.0,
        "prompt_loose": 1.0,
        "per_prompt_instruction_fraction_strict": 0.0,
        "per_prompt_instruction_fraction_loose": 1.0,
    }
    assert verdict.correct is True  # prompt-level loose by default
    assert verdict.extracted == "format:options=01;format:no_whitespace=01"
    assert verdict.subsets == {"instructions": "format:options+format:no_whitespace"}
    assert verdict.expected == ["format:options", "format:no_whitespace"]
    assert [i["id"] for i in verdict.details["instructions"]] == list(ITEM.instruction_id_list)
    assert verdict.details["instructions"][0]["loose_variant"] == "no_first_line"  # options strip "*" themselves
    assert "strict 0/2 followed" in verdict.reason


def test_headline_strict():
    verdict = score(ITEM, "Sure\n**Maybe**", IfbenchOptions(headline="prompt_strict"))
    assert verdict.correct is False
    assert score(ITEM, "maybe", IfbenchOptions(headline="prompt_strict")).correct is True


def test_instruction_fraction():
    verdict = score(ITEM, "yes, definitely")
    assert verdict.scores["per_prompt_instruction_fraction_strict"] == pytest.approx(0.0)
    verdict = score(ITEM, "Yes!")
    assert verdict.scores["per_prompt_instruction_fraction_strict"] == pytest.approx(1.0)
    verdict = score(ITEM, "Yes !")
    assert verdict.scores["per_prompt_instruction_fraction_strict"] == pytest.approx(0.5)


def test_empty_answer_fails_everything():
    verdict = score(ITEM, Generation(content="", truncated=True))
    assert verdict.correct is False and verdict.extracted is None
    assert set(verdict.scores.values()) == {0.0}
    assert verdict.details["truncated"] is True
    assert verdict.reason.startswith("empty response")


def test_recorded_verdicts_read_back_for_aggregation():
    compact = score(ITEM, "Yes !").compact()
    assert parse_case_flags(compact) == (ITEM.instruction_id_list, (True, False), (True, False))
    blank = score(ITEM, "").compact()
    assert parse_case_flags(blank) == (ITEM.instruction_id_list, (False, False), (False, False))
    with pytest.raises(ValueError, match="does not match"):
        parse_case_flags({**compact, "extracted": "format:options=1"})
