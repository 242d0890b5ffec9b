"""Scoring of the agentic categories (web_search_*, memory_*), as bfcl-eval 2026.3.23 does it.

The reference (`eval_runner._evaluate_single_agentic_entry` + `agentic_checker`) takes the model's
single turn as a list of steps, picks the LAST step that does not decode to a function call (or
decodes to nothing) as the final answer, normalises it and the ground-truth alternatives, and
accepts when any alternative occurs in the answer between word boundaries.

A step is what NeMo-Skills records per model reply: a list of `{name: arguments_json}` dicts when
the reply has tool calls, otherwise the reply text (`[text]`). The FC decoder used for the check is
the reference's `convert_to_function_call` (the o4-mini FC handler NeMo-Skills evaluates with).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

# The characters the reference removes before matching: , . / - _ * ^ ( )
_STRIP = re.compile(r"[,./\-_*^()]")


def standardize(text: str) -> str:
    """Remove `,./-_*^()`, lower-case, and turn single quotes into double quotes.

    Whitespace is kept (the reference's docstring says otherwise; its code keeps it).
    """
    return _STRIP.sub("", text).lower().replace("'", '"')


@dataclass(frozen=True)
class AgenticCheck:
    valid: bool
    error_type: str = ""
    error_message: str = ""
    standardized_response: str = ""
    standardized_answers: tuple[str, ...] = ()


def check_answer(response: Any, possible_answers: list[str]) -> AgenticCheck:
    """`agentic_checker`: any normalised alternative found as a whole word in the normalised response.

    A list response is replaced by its first element, and anything that is not a string by its
    `str()`, exactly as the reference does (so a step holding a tool-call dict is compared as text).
    """
    answers = tuple(standardize(answer) for answer in possible_answers)
    if type(response) is list:
        response = response[0]
    if type(response) is not str:
        response = str(response)
    normalised = standardize(response)
    for answer in answers:
        if re.search(rf"\b{re.escape(answer)}\b", normalised):
            return AgenticCheck(True, standardized_response=normalised, standardized_answers=answers)
    return AgenticCheck(
        False,
        error_type="agentic:answer_not_found",
        error_message="None of the expected answers were found in the model response.",
        standardized_response=normalised,
        standardized_answers=answers,
    )


def decode_fc_step(step: Any) -> list[str]:
    """The reference's `convert_to_function_call`: `{name: args}` dicts to `name(k=repr(v),...)` strings.

    Raises (as the reference does) on anything that is not a list of dicts with JSON-object
    arguments: that is what marks a step as a message rather than a call.
    """
    calls = [step] if type(step) is dict else step
    out: list[str] = []
    for call in calls:
        for name, args in call.items():
            if type(args) is str:
                args = json.loads(args)
            out.append(f"{name}({','.join(f'{k}={v!r}' for k, v in args.items())})")
    return out


def is_empty_execute_response(decoded: list[Any]) -> bool:
    """`multi_turn_utils.is_empty_execute_response`."""
    return len(decoded) == 0 or (len(decoded) == 1 and len(decoded[0]) == 0)


def step_is_call(step: Any) -> bool:
    """True when the step decodes to at least one call (the agent loop executes it and goes on)."""
    try:
        return not is_empty_execute_response(decode_fc_step(step))
    except Exception:
        return False


def step_from_reply(tool_calls: list[dict[str, Any]] | None, content: str | None) -> Any:
    """The step NeMo-Skills records for one model reply (OpenAI tool calls or text)."""
    if tool_calls:
        return [{call["function"]["name"]: call["function"]["arguments"]} for call in tool_calls]
    return [content if content is not None else ""]


@dataclass(frozen=True)
class AgenticVerdict:
    valid: bool
    final_answer: Any  # the step taken as the final answer (None when there is none)
    error_type: str = ""
    error_message: str = ""
    details: dict[str, Any] = field(default_factory=dict)


def score_agentic(turns: Any, possible_answers: list[str]) -> AgenticVerdict:
    """Score one agentic entry from its recorded turns (`result`: a list holding ONE list of steps)."""
    if type(turns) is not list or len(turns) != 1:
        return AgenticVerdict(
            False,
            None,
            "agentic:inference_error",
            "Error during inference phase. Model did not output a list of model responses.",
        )
    final = None
    for step in turns[0]:
        if not step_is_call(step):
            final = step
    if not final:
        return AgenticVerdict(
            False, final, "agentic:no_last_message", "Cannot find the last chat message that is not a function call."
        )
    check = check_answer(final, possible_answers)
    return AgenticVerdict(
        check.valid,
        final,
        check.error_type,
        check.error_message,
        {
            "standardized_model_response": check.standardized_response,
            "standardized_possible_answers": list(check.standardized_answers),
        },
    )
