"""Reading a judge's reply: the NeMo-Skills verdict parser and the official structured output.

NeMo-Skills (nemo_skills/evaluation/metrics/utils.py::is_correct_judgement):
- at 7205c43 (since 48cd54b, 2025-12-09): the FIRST match of `\\*{0,2}Judgement\\*{0,2}\\s*:`
  (case-insensitive); the stripped text after it must start with "yes" / "no" (case-insensitive);
- before 48cd54b: the text after the LAST case-sensitive "Judgement:", same yes/no test.
Anything else is "improper judgement format", which NeMo-Skills scores as wrong.

Official HLE (hle_eval/run_judge_results.py): openai's beta parse() of the ExtractedAnswer pydantic
model; any failure leaves the question unjudged (`correct = "yes" in judge_response["correct"]`).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

_JUDGEMENT_RE = re.compile(r"\*{0,2}Judgement\*{0,2}\s*:", re.IGNORECASE)
_CONFIDENCE_RE = re.compile(r"\*{0,2}confidence\*{0,2}\s*:\s*\*{0,2}\s*([0-9]+(?:\.[0-9]+)?)", re.IGNORECASE)
_EXTRACTED_RE = re.compile(r"\*{0,2}extracted_final_answer\*{0,2}\s*:[ \t]*(.*)", re.IGNORECASE)
_LAX_INT_STR = re.compile(r"^[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?$")


class HleJudgeError(RuntimeError):
    """The judge could not give a verdict (unparseable replies, or its endpoint failed).

    Distinct from a wrong answer (a verdict of "no") and from a model error (the evaluated model's
    endpoint failed): the harness reports the case as an error of kind "judge".
    """

    error_kind = "judge"


@dataclass(frozen=True)
class JudgeReading:
    """What one judge reply says. `correct` is None when the reply gives no verdict."""

    correct: bool | None
    extracted_answer: str | None = None
    confidence: float | None = None  # percent, as the judge states it
    reasoning: str | None = None
    problem: str | None = None  # why the reply is unusable

    @property
    def parsed(self) -> bool:
        return self.correct is not None


# --- NeMo-Skills free-text judge ------------------------------------------------------------------


def nemo_skills_verdict(judgement: str, parser: str = "regex") -> bool | None:
    """is_correct_judgement(judgement, return_none=True): True/False, or None when improper."""
    if parser == "regex":
        match = _JUDGEMENT_RE.search(judgement)
        if not match:
            return None
        verdict = judgement[match.end() :].strip().lower()
    elif parser == "split":
        if "Judgement:" not in judgement:
            return None
        verdict = judgement.split("Judgement:")[-1].strip().lower()
    else:
        raise ValueError(f"unknown verdict parser {parser!r}: expected 'regex' or 'split'")
    if verdict.startswith("yes"):
        return True
    if verdict.startswith("no"):
        return False
    return None


def stated_confidence(text: str) -> float | None:
    """The last "Confidence: NN" (optionally bold, optionally with %) in a text, in percent.

    Used on the NeMo-Skills judge's reply (its prompt asks for a "Confidence:" line) and, with
    confidence_source=response, on the model's answer written in the official format.
    """
    matches = _CONFIDENCE_RE.findall(text or "")
    return float(matches[-1]) if matches else None


def read_nemo_skills_reply(text: str, parser: str = "regex") -> JudgeReading:
    verdict = nemo_skills_verdict(text, parser)
    extracted = _EXTRACTED_RE.search(text)
    return JudgeReading(
        correct=verdict,
        extracted_answer=extracted.group(1).strip().strip("*").strip() if extracted else None,
        confidence=stated_confidence(text),
        problem=None if verdict is not None else "no 'Judgement: yes|no' in the judge's reply",
    )


# --- official structured output -----------------------------------------------------------------


def read_official_reply(content: str | None, finish_reason: str | None = None, refusal: Any = None) -> JudgeReading:
    """Validate the reply as openai 1.57's parse() + pydantic 2 (lax mode) validate ExtractedAnswer.

    parse() raises on finish_reason "length" / "content_filter"; a refusal or null content leaves
    `parsed` None, which the official code then fails on. Lax pydantic accepts an integer
    confidence given as an integral float, a bool or a numeric string, and `strict` as true, 1 or
    1.0; extra keys are ignored.
    """
    if finish_reason in ("length", "content_filter"):
        return _unusable(f"judge stopped with finish_reason {finish_reason!r}")
    if refusal:
        return _unusable("judge refused")
    if content is None:
        return _unusable("judge reply has no content")
    try:
        data = json.loads(content)
    except (json.JSONDecodeError, RecursionError):
        return _unusable("judge reply is not a JSON object")
    if not isinstance(data, dict):
        return _unusable("judge reply is not a JSON object")
    problems = []
    for key in ("extracted_final_answer", "reasoning"):
        if not isinstance(data.get(key), str):
            problems.append(f"{key} must be a string")
    if data.get("correct") not in ("yes", "no"):
        problems.append("correct must be 'yes' or 'no'")
    confidence = _lax_int(data.get("confidence"))
    if confidence is None:
        problems.append("confidence must be an integer")
    strict = data.get("strict", None)
    if not (strict is True or (type(strict) in (int, float) and strict == 1)):
        problems.append("strict must be true")
    if problems:
        return _unusable("judge reply does not match ExtractedAnswer: " + "; ".join(problems))
    return JudgeReading(
        correct="yes" in data["correct"],
        extracted_answer=data["extracted_final_answer"],
        confidence=float(confidence),  # type: ignore[arg-type]
        reasoning=data["reasoning"],
    )


def _lax_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 2**63:
            return int(value)
        return None
    if isinstance(value, str):
        text = value.strip()
        if _LAX_INT_STR.match(text):
            return int(float(text.replace("_", ""))) if "." in text else int(text)
    return None


def _unusable(problem: str) -> JudgeReading:
    return JudgeReading(correct=None, problem=problem)


def read_reply(style: str, content: str | None, finish_reason: str | None, refusal: Any, parser: str) -> JudgeReading:
    if style == "official":
        return read_official_reply(content, finish_reason, refusal)
    return read_nemo_skills_reply(content or "", parser)
