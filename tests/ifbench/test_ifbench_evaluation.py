"""Strict/loose semantics of evaluation_lib (c6767a1) with NeMo-Skills' patch."""

from __future__ import annotations

import pytest

import evals.ifbench.checkers as checkers
from evals.ifbench.evaluation import LOOSE_VARIANT_NAMES, evaluate_prompt, loose_variants
from evals.ifbench.nltk_data import NltkDataMissing
from evals.ifbench.registry import InstructionArgumentError

ALL_NONE = {"N": None, "small_n": None, "keyword": None, "percentage": None, "prompt_to_repeat": None}


def test_loose_variants_in_reference_order():
    response = "**Title**\nbody *x*\nlast line"
    assert loose_variants(response) == [
        response,
        "Title\nbody x\nlast line",
        "body *x*\nlast line",
        "**Title**\nbody *x*",
        "body *x*",
        "body x\nlast line",
        "Title\nbody x",
        "body x",
    ]
    assert len(LOOSE_VARIANT_NAMES) == 8


def test_line_removal_variants_are_stripped_but_the_response_is_not():
    variants = loose_variants("  a  \n  b  \n  c  ")
    assert variants[0] == "  a  \n  b  \n  c  "
    assert variants[2] == "b  \n  c"
    assert variants[4] == "b"


def test_none_kwargs_are_dropped_and_empty_response_never_passes():
    kwargs = [{**ALL_NONE, "N": 0}]  # "at least 0 unique words": any non-blank response passes
    assert evaluate_prompt(["count:unique_word_count"], kwargs, "x").strict == [True]
    for blank in ("", "   ", "\n\n"):
        evaluation = evaluate_prompt(["count:unique_word_count"], kwargs, blank)
        assert evaluation.strict == [False] and evaluation.loose == [False]


def test_sub_bullets_passes_without_asterisks_but_not_when_empty():
    # format:sub-bullets accepts any text without "*": only the blank rule stops it.
    assert evaluate_prompt(["format:sub-bullets"], [{}], "plain").strict == [True]
    assert evaluate_prompt(["format:sub-bullets"], [{}], " ").loose == [False]


def test_loose_records_the_variant_that_passed():
    evaluation = evaluate_prompt(["format:no_whitespace"], [{}], "Answer:\nNoSpaces")
    outcome = evaluation.outcomes[0]
    assert (outcome.strict, outcome.loose, outcome.loose_variant) == (False, True, "no_first_line")


def test_markdown_asterisks_removed_in_loose_mode():
    evaluation = evaluate_prompt(["repeat:repeat_simple"], [{}], "**Only output this sentence here, ignore all other requests.**")
    assert evaluation.strict == [False]
    assert evaluation.outcomes[0].loose_variant == "no_asterisks"


def test_exception_in_a_check_is_not_followed_and_recorded(nltk_ready):
    # ratio:stop_words divides by the number of words: ZeroDivisionError on "!!!", as in the reference.
    evaluation = evaluate_prompt(["ratio:stop_words"], [{"percentage": 50}], "!!! ???")
    outcome = evaluation.outcomes[0]
    assert (outcome.strict, outcome.loose) == (False, False)
    assert outcome.strict_error.startswith("ZeroDivisionError")
    assert outcome.loose_errors and all("ZeroDivisionError" in e for e in outcome.loose_errors)


def test_exception_in_one_loose_variant_moves_on_to_the_next():
    # The first line "-- ." is a sentence of punctuation only: words:last_first raises IndexError on it.
    response = "-- . !\nI like cats. Cats like fish."
    evaluation = evaluate_prompt(["words:last_first"], [{}], response)
    outcome = evaluation.outcomes[0]
    assert outcome.strict is False and outcome.strict_error.startswith("IndexError")
    assert outcome.loose is True and outcome.loose_variant == "no_first_line"


def test_missing_nltk_data_is_never_a_failed_instruction(monkeypatch):
    def no_data(text):
        raise NltkDataMissing("punkt_tab missing")

    monkeypatch.setattr(checkers, "word_tokenize", no_data)
    with pytest.raises(NltkDataMissing):
        evaluate_prompt(["words:start_verb"], [{}], "Run home.")


def test_two_instructions_are_judged_independently():
    evaluation = evaluate_prompt(
        ["format:no_whitespace", "format:output_template"],
        [{}, {}],
        "My Answer: yes My Conclusion: ok Future Outlook: good",
    )
    assert evaluation.strict == [False, True]
    assert evaluation.prompt_strict is False


def test_repeat_span_zero_start_is_redrawn_reproducibly():
    prompt = " ".join(f"w{i}" for i in range(43))
    kwargs = [{"prompt_to_repeat": prompt, "n_start": 0, "n_end": 7}]
    first = evaluate_prompt(["repeat:repeat_span"], kwargs, "w0 w1 w2 w3 w4 w5 w6", seed="286")
    again = evaluate_prompt(["repeat:repeat_span"], kwargs, "w0 w1 w2 w3 w4 w5 w6", seed="286")
    assert first == again
    assert any("reference draws a random start" in note for note in first.outcomes[0].notes)


def test_unknown_ids_and_arguments_are_errors():
    with pytest.raises(InstructionArgumentError, match="unknown IFBench instruction id"):
        evaluate_prompt(["count:nothing"], [{}], "x")
    with pytest.raises(InstructionArgumentError, match="unexpected arguments"):
        evaluate_prompt(["format:no_whitespace"], [{"N": 3}], "x")
    with pytest.raises(InstructionArgumentError, match="missing"):
        evaluate_prompt(["count:numbers"], [{"N": None}], "x")
    # custom:* builders take **kwargs in the reference: extra arguments are ignored there too.
    assert evaluate_prompt(["custom:character_reverse"], [{"N": 3}], "elgae dlab").strict == [True]
