"""The last \\boxed{...} of a text, brace-matched, as NeMo-Skills' math_grader.search_boxed finds it.

Reference: NeMo-Skills 7205c43, nemo_skills/evaluation/math_grader.py. Quirks kept on purpose:
only the last "\\boxed" counts (a "\\fbox" is never reached because the function returns early when
"\\boxed" is absent), the brace must follow at once ("\\boxed {A}" and "\\boxed A" give None), and
an unclosed brace gives None.
"""

from __future__ import annotations

BOXED = "\\boxed"


def last_boxed(text: str) -> str | None:
    start = text.rfind(BOXED)
    if start < 0:
        return None
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                span = text[start : index + 1]
                opening = BOXED + "{"
                return span[len(opening) : -1] if span.startswith(opening) else None
    return None
