"""Score a multi-turn transcript as bfcl_eval does (`_evaluate_single_multi_turn_entry` + `multi_turn_checker`).

1. A transcript with fewer turns than the ground truth was force-terminated: wrong
   ("multi_turn:force_terminated").
2. Each step is decoded again; steps that fail to decode (text) or decode to nothing are dropped.
3. Turn by turn, the model's calls and the ground-truth calls are executed in fresh instances (the
   state carries over between turns). For a turn whose ground truth is empty nothing is checked
   (its calls still change the state). Otherwise, in this order, the first failure is the verdict:
   - the model made no call in the turn ("multi_turn:empty_turn_model_response");
   - every involved class's public attributes equal the ground truth's
     ("multi_turn:instance_state_mismatch");
   - the ground truth's results of this turn are a multiset subset of the model's results of all
     turns so far ("multi_turn:execution_response_mismatch").
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from fixtures.verdicts import Verdict

from .data import CATEGORIES, MultiTurnItem
from .executor import (
    GROUND_TRUTH_EVAL_PREFIX,
    MODEL_EVAL_PREFIX,
    CallDecodeError,
    CaseBackends,
    calls_to_strings,
    is_empty_execute_response,
)
from .generate import MultiTurnTranscript

_MAX_DETAIL_CHARS = 2000


def decode_turns(transcript: MultiTurnTranscript) -> list[list[list[str]]]:
    """Per turn, the decoded call strings of each step that has calls (text steps dropped)."""
    decoded_turns = []
    for turn in transcript.turns:
        decoded_turn = []
        for step in turn:
            if step.calls is None:
                continue
            try:
                decoded = calls_to_strings(step.calls)
            except CallDecodeError:
                continue
            if is_empty_execute_response(decoded):
                continue
            decoded_turn.append(decoded)
        decoded_turns.append(decoded_turn)
    return decoded_turns


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_DETAIL_CHARS else text[:_MAX_DETAIL_CHARS] + "...<truncated>"


def state_differences(model_instance: Any, truth_instance: Any) -> dict[str, dict[str, str]]:
    """Public attributes (of the ground-truth instance) whose values differ, as the reference compares them."""
    differences = {}
    for name in vars(truth_instance):
        if name.startswith("_"):
            continue
        model_value = getattr(model_instance, name)
        truth_value = getattr(truth_instance, name)
        try:
            differs = model_value != truth_value
        except RecursionError:  # a cyclic tree (cp of a directory into itself): the reference crashes here
            differs = True
        if differs:
            differences[name] = {"model": _short(model_value), "ground_truth": _short(truth_value)}
    return differences


def missing_results(truth_results: list[str], model_results: list[str]) -> list[str]:
    """Ground-truth results not matched one-for-one (duplicates count) in the model's results."""
    pool = list(model_results)
    missing = []
    for result in truth_results:
        try:
            pool.remove(result)
        except ValueError:
            missing.append(result)
    return missing


def _verdict(item: MultiTurnItem, decoded: list[list[list[str]]] | None, ok: bool, error_type: str, reason: str, **details: Any) -> Verdict:
    calls = [[call for step in turn for call in step] for turn in decoded] if decoded is not None else None
    any_call = bool(calls) and any(calls)
    return Verdict(
        correct=ok,
        extracted=json.dumps(calls) if any_call else None,
        expected=json.dumps(item.ground_truth),
        reason=reason if ok else f"{error_type}: {reason}",
        subsets={"category": item.category},
        details={"error_type": error_type, **details} if not ok else {},
    )


def score_multi_turn(item: MultiTurnItem, transcript: MultiTurnTranscript | Mapping[str, Any]) -> Verdict:
    """The verdict of one case; the first failing check gives the reason."""
    if isinstance(transcript, Mapping):
        transcript = MultiTurnTranscript.from_json(dict(transcript))
    truth = item.ground_truth
    if len(transcript.turns) != len(truth):
        return _verdict(
            item, None, False, "multi_turn:force_terminated",
            f"Model was force-terminated during inference phase. The length of the model result turns "
            f"({len(transcript.turns)}) does not match the length of the ground truth turns ({len(truth)}).",
        )  # fmt: skip
    decoded = decode_turns(transcript)
    model = CaseBackends(item.id, item.involved_classes, item.initial_config, item.long_context, MODEL_EVAL_PREFIX)
    reference = CaseBackends(item.id, item.involved_classes, item.initial_config, item.long_context, GROUND_TRUTH_EVAL_PREFIX)
    all_model_results: list[str] = []

    for turn_index, truth_calls in enumerate(truth):
        turn_results: list[str] = []
        for step in decoded[turn_index]:
            turn_results.extend(model.execute(step))
        truth_results = reference.execute(truth_calls)
        all_model_results.extend(turn_results)
        if not truth_calls:
            continue
        if is_empty_execute_response(decoded[turn_index]):
            return _verdict(
                item, decoded, False, "multi_turn:empty_turn_model_response",
                f"Model response list is empty for turn {turn_index}", turn=turn_index,
            )  # fmt: skip
        for class_name, truth_instance in reference.instances.items():
            differences = state_differences(model.instances[class_name], truth_instance)
            if differences:
                return _verdict(
                    item, decoded, False, "multi_turn:instance_state_mismatch",
                    f"Model instance for {class_name} does not match the state with ground truth instance "
                    f"(turn {turn_index}; differing: {', '.join(differences)}).",
                    turn=turn_index, differences=differences,
                )  # fmt: skip
        missing = missing_results(truth_results, all_model_results)
        if missing:
            return _verdict(
                item, decoded, False, "multi_turn:execution_response_mismatch",
                f"Model response execution results so far does not contain all the ground truth response "
                f"execution results for turn {turn_index}. Missing: {_short(missing)}",
                turn=turn_index, missing_items=[_short(m) for m in missing],
            )  # fmt: skip
    return _verdict(item, decoded, True, "", "all turns match the ground truth's state and results")


def overall_multi_turn(accuracies: Mapping[str, float]) -> float:
    """BFCL's overall_multi_turn: the unweighted mean of the four categories' accuracies."""
    missing = [c for c in CATEGORIES if c not in accuracies]
    if missing:
        raise KeyError(f"overall_multi_turn needs the accuracy of {missing}")
    return sum(accuracies[c] for c in CATEGORIES) / len(CATEGORIES)
