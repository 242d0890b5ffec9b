"""Strict and loose instruction following, as IFBench's evaluation_lib (c6767a1) with NeMo-Skills' patch.

Strict: an instruction is followed iff the response is not blank after strip() and the check
passes on the response as is. Loose: iff the check passes on any of eight variants of the response
that is not blank (the response; without "*"; without its first line, its last line, or both,
those three stripped; and each of those three without "*").

NeMo-Skills runs IFBench with `dockerfiles/ifbench.patch`, under which an exception inside a check
counts as "not followed" (strict) or "try the next variant" (loose) instead of aborting the whole
evaluation; that is the behaviour reproduced here, and the exception is recorded. A missing NLTK
data package is the one exception that is never swallowed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from evals.ifbench.nltk_data import NltkDataMissing
from evals.ifbench.registry import INSTRUCTIONS, build

LOOSE_VARIANT_NAMES = (
    "response",
    "no_asterisks",
    "no_first_line",
    "no_last_line",
    "no_first_and_last_line",
    "no_first_line_no_asterisks",
    "no_last_line_no_asterisks",
    "no_first_and_last_line_no_asterisks",
)


def loose_variants(response: str) -> list[str]:
    """The eight responses loose mode tries, in the reference's order (lines split on "\\n")."""
    lines = response.split("\n")
    without_first = "\n".join(lines[1:]).strip()
    without_last = "\n".join(lines[:-1]).strip()
    without_both = "\n".join(lines[1:-1]).strip()
    return [
        response,
        response.replace("*", ""),
        without_first,
        without_last,
        without_both,
        without_first.replace("*", ""),
        without_last.replace("*", ""),
        without_both.replace("*", ""),
    ]


@dataclass(frozen=True)
class InstructionOutcome:
    """One instruction's verdicts, with why: which loose variant passed and what a check raised."""

    instruction_id: str
    strict: bool
    loose: bool
    loose_variant: str | None = None
    strict_error: str | None = None
    loose_errors: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def category(self) -> str:
        return self.instruction_id.split(":")[0]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.instruction_id, "strict": self.strict, "loose": self.loose}
        if self.loose_variant is not None:
            out["loose_variant"] = self.loose_variant
        if self.strict_error is not None:
            out["strict_error"] = self.strict_error
        if self.loose_errors:
            out["loose_errors"] = list(self.loose_errors)
        if self.notes:
            out["notes"] = list(self.notes)
        return out


@dataclass(frozen=True)
class PromptEvaluation:
    outcomes: tuple[InstructionOutcome, ...] = field(default_factory=tuple)

    @property
    def strict(self) -> list[bool]:
        return [o.strict for o in self.outcomes]

    @property
    def loose(self) -> list[bool]:
        return [o.loose for o in self.outcomes]

    @property
    def prompt_strict(self) -> bool:
        return all(self.strict)

    @property
    def prompt_loose(self) -> bool:
        return all(self.loose)


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def _run_check(check, response: str, params: Mapping[str, Any]) -> tuple[bool, str | None]:
    try:
        return bool(check(response, params)), None
    except NltkDataMissing:
        raise
    except Exception as error:  # the patched reference logs and counts it as not followed
        return False, _describe(error)


def _rng(seed: str, mode: str, index: int) -> random.Random:
    """Deterministic stand-in for the reference's unseeded `random` where its build_description draws."""
    return random.Random(f"{seed}|{mode}|{index}")


def _notes(params: Mapping[str, Any]) -> tuple[str, ...]:
    notes = []
    if params.get("start_was_drawn"):
        notes.append(f"n_start was falsy: the reference draws a random start; drawn {params['n_start']}")
    if params.get("end_was_drawn"):
        notes.append(f"n_end was falsy: the reference draws a random end; drawn {params['n_end']}")
    return tuple(notes)


def evaluate_prompt(
    instruction_ids: Sequence[str],
    kwargs: Sequence[Mapping[str, Any]],
    response: str,
    seed: str = "",
) -> PromptEvaluation:
    """Strict and loose verdicts for each instruction of one prompt on one response.

    `kwargs` are the row's per-instruction arguments; None values are dropped here (the reference
    drops them in place before strict, and loose sees the dropped version). `seed` (e.g. the row
    key) makes the reference's random redraws reproducible.
    """
    if len(instruction_ids) != len(kwargs):
        raise ValueError(f"{len(instruction_ids)} instruction ids but {len(kwargs)} kwargs dicts")
    variants = loose_variants(response)
    outcomes = []
    for index, (instruction_id, raw) in enumerate(zip(instruction_ids, kwargs)):
        given = {name: value for name, value in raw.items() if value is not None}
        # Built twice, as the reference builds one instruction object for strict and one for loose.
        strict_params = build(instruction_id, given, _rng(seed, "strict", index))
        loose_params = build(instruction_id, given, _rng(seed, "loose", index))
        check = INSTRUCTIONS[instruction_id].check

        strict, strict_error = False, None
        if response.strip():
            strict, strict_error = _run_check(check, response, strict_params)

        loose, loose_variant, loose_errors = False, None, []
        for name, variant in zip(LOOSE_VARIANT_NAMES, variants):
            if not variant.strip():
                continue
            passed, error = _run_check(check, variant, loose_params)
            if error is not None:
                loose_errors.append(f"{name}: {error}")
            if passed:
                loose, loose_variant = True, name
                break
        outcomes.append(
            InstructionOutcome(
                instruction_id=instruction_id,
                strict=strict,
                loose=loose,
                loose_variant=loose_variant,
                strict_error=strict_error,
                loose_errors=tuple(loose_errors),
                notes=_notes(strict_params) + _notes(loose_params),
            )
        )
    return PromptEvaluation(tuple(outcomes))
