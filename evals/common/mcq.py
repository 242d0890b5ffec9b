"""Multiple-choice answer extraction as NeMo-Skills' eval_mcq does it (GPQA, MMLU-Pro).

Reference: NeMo-Skills 7205c43, nemo_skills/evaluation/evaluator/mcq.py with its defaults
(extract_from_boxed=True, relaxed=True) and math_grader.extract_answer:
1. relaxed: the last match of `The final answer is (.+)$` (no MULTILINE: `$` is the end of the text),
   else the content of the last \\boxed{};
2. a one-character result is the letter; a longer one yields its last standalone capital letter;
3. otherwise the last match of the Artificial Analysis `Answer:` pattern, upper-cased.
"""

from __future__ import annotations

import re

from evals.common.boxed import last_boxed

FINAL_ANSWER = re.compile(r"The final answer is (.+)$")
STANDALONE_CAPITAL = re.compile(r"\b[A-Z]\b(?!.*\b[A-Z]\b)", re.DOTALL)
AA_ANSWER = re.compile(r"(?i)[\*\_]{0,2}Answer[\*\_]{0,2}\s*:[\s\*\_]{0,2}\s*([A-Z])(?![a-zA-Z0-9])")


def extract_candidate(text: str, relaxed: bool = True, from_boxed: bool = True) -> str | None:
    """Step 1: the raw answer string, before it is narrowed to a letter."""
    if relaxed:
        found = FINAL_ANSWER.findall(text)
        return (found[-1] if found else None) or last_boxed(text)
    if from_boxed:
        return last_boxed(text)
    found = FINAL_ANSWER.findall(text)
    return found[-1] if found else None


def extract_letter(text: str, relaxed: bool = True, from_boxed: bool = True) -> str | None:
    """The predicted option letter, or None when the response names none."""
    candidate = extract_candidate(text, relaxed=relaxed, from_boxed=from_boxed)
    letter = None
    if candidate is not None:
        if len(candidate) == 1:
            letter = candidate
        elif len(candidate) > 1:
            found = STANDALONE_CAPITAL.findall(candidate)
            if found:
                letter = found[-1].strip()
    if letter is None:
        found = AA_ANSWER.findall(text)
        if found:
            letter = found[-1].strip().upper()
    return letter
