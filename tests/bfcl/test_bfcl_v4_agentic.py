"""Agentic answer checking (web_search_*, memory_*) against bfcl-eval 2026.3.23's own outputs.

data_v4/reference_outputs.json was written by data_v4/make_reference_outputs.py running the
reference `agentic_checker` on the inputs of data_v4/reference_cases.json in a scratch venv.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.bfcl.v4.agentic import check_answer, score_agentic, standardize, step_from_reply, step_is_call

DATA = Path(__file__).parent / "data_v4"
CASES = json.loads((DATA / "reference_cases.json").read_text(encoding="utf-8"))
REFERENCE = json.loads((DATA / "reference_outputs.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("index", range(len(CASES["AGENTIC_CASES"])))
def test_checker_matches_reference(index):
    response, answers = CASES["AGENTIC_CASES"][index]
    result = check_answer(response, answers)
    assert result.valid is REFERENCE["agentic"][index], (response, answers)
    if not result.valid:
        assert result.standardized_response == REFERENCE["agentic_std"][index]


def test_reference_cases_cover_both_verdicts():
    assert sum(REFERENCE["agentic"]) >= 10 and REFERENCE["agentic"].count(False) >= 10


@pytest.mark.parametrize("index", range(len(CASES["AGENTIC_LIST_CASES"])))
def test_checker_on_non_string_responses_matches_reference(index):
    response, answers = CASES["AGENTIC_LIST_CASES"][index]
    assert check_answer(response, answers).valid is REFERENCE["agentic_list"][index]


def test_normalisation_rules():
    assert standardize("A,B.C/D-E_F*G^H(I)J") == "abcdefghij"
    assert standardize("It's  Tab\tKept") == 'it"s  tab\tkept'  # whitespace is kept, ' becomes "
    assert check_answer("The capital is Paris.", ["paris"]).valid
    assert not check_answer("Parisian food", ["Paris"]).valid  # whole words only
    assert check_answer("won 7 games", ["seven", "7"]).valid  # any alternative
    assert not check_answer("won 17 games", ["7"]).valid
    failure = check_answer("no idea", ["Paris"])
    assert failure.error_type == "agentic:answer_not_found"
    assert failure.error_message == "None of the expected answers were found in the model response."


def call(name, **args):
    return {"id": f"call_{name}", "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}


def test_final_answer_is_last_step_that_is_not_a_call():
    steps = [
        step_from_reply([call("search_engine_query", keywords="most expensive tea")], None),
        step_from_reply(None, "Let me think. The answer might be Zhong Shanshan."),
        step_from_reply([call("fetch_url_content", url="https://example.com")], ""),
        step_from_reply(None, "{'answer': 'Zhang Yiming', 'context': 'Forbes'}"),
    ]
    verdict = score_agentic([steps], ["Zhang Yiming"])
    assert verdict.valid and verdict.final_answer == ["{'answer': 'Zhang Yiming', 'context': 'Forbes'}"]
    # The middle text mentions a wrong name; only the last non-call step counts.
    assert not score_agentic([steps[:2]], ["Zhang Yiming"]).valid
    # A trailing call after the answer does not hide it: the last NON-call step is taken.
    assert score_agentic([steps + [step_from_reply([call("search_engine_query", keywords="x")], None)]], ["Zhang Yiming"]).valid


def test_undecodable_call_is_a_message_and_empty_turns_fail():
    bad_arguments = [{"fetch_url_content": "{not json"}]
    assert not step_is_call(bad_arguments)
    # the reference then checks str() of the step's first element
    verdict = score_agentic([[bad_arguments]], ["fetch_url_content"])
    assert verdict.valid and verdict.final_answer == bad_arguments
    only_calls = [[step_from_reply([call("memory_retrieve")], None)]]
    assert score_agentic(only_calls, ["x"]).error_type == "agentic:no_last_message"
    assert score_agentic([[]], ["x"]).error_type == "agentic:no_last_message"
    assert score_agentic([], ["x"]).error_type == "agentic:inference_error"
    assert score_agentic([[["a"]], [["b"]]], ["a"]).error_type == "agentic:inference_error"
    # an empty-string message is falsy: the reference reports no last message
    assert score_agentic([[""]], ["x"]).error_type == "agentic:no_last_message"
    assert not score_agentic([[[""]]], ["x"]).valid


def test_a_call_without_arguments_is_still_a_call():
    assert step_is_call([{"memory_retrieve": "{}"}])
    assert not step_is_call([])
    assert not step_is_call(["plain text"])


@pytest.mark.parametrize("index", range(len(CASES["AGENTIC_ENTRY_CASES"])))
def test_whole_entry_verdict_matches_reference(index):
    """The reference's `_evaluate_single_agentic_entry` (with the FC decoder) on recorded turns."""
    result, truth = CASES["AGENTIC_ENTRY_CASES"][index]
    assert score_agentic(result, truth).valid is REFERENCE["agentic_entries"][index], result
