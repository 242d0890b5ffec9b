"""Ground truth played as the model scores 100% on every entry; deliberate deviations fail for the right reason."""

from __future__ import annotations

import asyncio

import pytest

from evals.bfcl.multi_turn.checker import overall_multi_turn, score_multi_turn
from evals.bfcl.multi_turn.data import CATEGORIES
from evals.bfcl.multi_turn.generate import run_multi_turn

from .mt_helpers import (
    Ctx,
    ScriptedModel,
    all_items,
    ground_truth_script,
    item_by_id,
    shared_data,
    skip_if_backends_missing,
    text_generation,
    tool_generation,
)


def _ids() -> list[str]:
    if not (shared_data() / "bfcl" / "v4" / "multi_turn_func_doc").is_dir():
        return ["needs-data"]
    return [item.id for item in all_items()]


def play(item, script):
    return asyncio.run(run_multi_turn(Ctx(ScriptedModel(script)), item))


@pytest.mark.parametrize("entry_id", _ids())
def test_ground_truth_as_model_scores_correct(entry_id):
    if entry_id == "needs-data":
        pytest.skip("needs ../shared/data/bfcl/v4 (BFCL data)")
    item = item_by_id(entry_id)
    skip_if_backends_missing(item)
    transcript = play(item, ground_truth_script(item.ground_truth, item.involved_classes))
    verdict = score_multi_turn(item, transcript)
    assert verdict.correct, verdict.reason
    assert verdict.subsets == {"category": item.category}


def test_all_categories_are_covered():
    counts = {c: sum(1 for it in all_items() if it.category == c) for c in CATEGORIES}
    assert counts == {c: 200 for c in CATEGORIES}


# ---- deviations on multi_turn_base_14 (MessageAPI + GorillaFileSystem) --------------------------
# ground truth: [cd(ResearchDocs), find(., report.csv)], [grep(report.csv, ...)], [tail(report.csv, 5)],
#               [message_login(USR001), add_contact(John Levy), send_message(USR005, ...)]


def deviate(turns: list[list[str]]):
    item = item_by_id("multi_turn_base_14")
    skip_if_backends_missing(item)
    return score_multi_turn(item, play(item, ground_truth_script(turns, item.involved_classes)))


def base14() -> list[list[str]]:
    return [list(t) for t in item_by_id("multi_turn_base_14").ground_truth]


def test_wrong_argument_of_a_read_call_fails_the_response_check():
    turns = base14()
    turns[0][1] = "find(path='.',name='report.txt')"
    verdict = deviate(turns)
    assert not verdict.correct
    assert verdict.details["error_type"] == "multi_turn:execution_response_mismatch" and verdict.details["turn"] == 0


def test_wrong_argument_of_a_write_call_fails_the_state_check():
    turns = base14()
    turns[3][2] = "send_message(receiver_id='USR005',message='Something else.')"
    verdict = deviate(turns)
    assert verdict.details["error_type"] == "multi_turn:instance_state_mismatch"
    assert verdict.details["turn"] == 3 and list(verdict.details["differences"]) == ["inbox"]
    assert "MessageAPI" in verdict.reason


def test_missing_call_fails():
    turns = base14()
    del turns[3][1]  # no add_contact: USR005 unknown, the message cannot be sent
    verdict = deviate(turns)
    assert verdict.details["error_type"] == "multi_turn:instance_state_mismatch"
    assert set(verdict.details["differences"]) >= {"user_map", "inbox"}


def test_extra_state_changing_call_fails():
    turns = base14()
    turns[1].append("touch(file_name='extra.txt')")
    verdict = deviate(turns)
    assert verdict.details["error_type"] == "multi_turn:instance_state_mismatch" and verdict.details["turn"] == 1
    assert list(verdict.details["differences"]) == ["root"]


def test_extra_read_only_call_is_accepted():
    turns = base14()
    turns[1].append("ls()")
    assert deviate(turns).correct


def test_skipped_turn_fails_as_empty_turn():
    turns = base14()
    turns[2] = []
    verdict = deviate(turns)
    assert verdict.details["error_type"] == "multi_turn:empty_turn_model_response" and verdict.details["turn"] == 2
    assert verdict.reason.endswith("Model response list is empty for turn 2")


def test_results_of_earlier_turns_count_for_the_response_check():
    turns = base14()
    turns[1] = turns[1] + turns[2]  # tail already in turn 1 ...
    turns[2] = ["ls()"]  # ... so turn 2 only needs some call and the right state
    assert deviate(turns).correct


def test_text_only_answer_scores_wrong_with_nothing_extracted():
    item = item_by_id("multi_turn_base_1")
    verdict = score_multi_turn(item, play(item, [text_generation("I can't.") for _ in item.question]))
    assert not verdict.correct and verdict.extracted is None
    assert verdict.details["error_type"] == "multi_turn:empty_turn_model_response"


def test_miss_param_turn_without_calls_is_not_checked():
    item = item_by_id("multi_turn_miss_param_1")
    skip_if_backends_missing(item)
    assert item.ground_truth[3] == []
    script = ground_truth_script(item.ground_truth, item.involved_classes)
    assert score_multi_turn(item, play(item, script)).correct
    # calls made in the empty turn still change the state checked later
    turns = [list(t) for t in item.ground_truth]
    turns[3] = ["cd(folder='..')", "rm(file_name='workspace')"]
    verdict = score_multi_turn(item, play(item, ground_truth_script(turns, item.involved_classes)))
    assert not verdict.correct and verdict.details["turn"] == 4


def test_overall_multi_turn_is_the_unweighted_mean():
    assert overall_multi_turn(dict(zip(CATEGORIES, [50.0, 40.0, 30.0, 20.0]))) == 35.0
    with pytest.raises(KeyError):
        overall_multi_turn({"multi_turn_base": 1.0})


def test_tool_generation_helper_names_positional_arguments():
    call = tool_generation(["sort('final_report.pdf')"], classes=["GorillaFileSystem"]).tool_calls[0]
    assert call["function"] == {"name": "sort", "arguments": '{"file_name": "final_report.pdf"}'}



def test_cyclic_file_trees_compare_as_different_instead_of_crashing():
    from evals.bfcl.multi_turn.apis.gorilla_file_system import GorillaFileSystem
    from evals.bfcl.multi_turn.checker import state_differences

    def cyclic():
        system = GorillaFileSystem()
        system._load_scenario({"root": {"r": {"type": "directory", "contents": {}}}})
        system.mkdir(dir_name="a")
        assert system.cp(source="a", destination="a") == {"result": "'a' copied to 'a/a'"}  # a/a/a/... shares itself
        return system

    assert list(state_differences(cyclic(), cyclic())) == ["root"]
