"""Code extraction as NeMo-Skills 7205c43 `evaluation/evaluator/code.py::preprocess_code` (since 699dfaa)."""

from __future__ import annotations


def extract_code(generation: str, language: str = "python") -> str:
    """The code NeMo-Skills would run for this generation ("" means nothing runnable).

    - carriage returns are removed;
    - everything up to the FIRST `</think>` is dropped (str.partition in the reference);
    - the LAST "```python" fence opens the block; without one, the LAST "```" does. Because that
      fallback finds the last fence of the text, which is usually a closing fence, a response whose
      blocks are all untagged ("```\\ncode\\n```") yields "" there, and so here;
    - the block ends at the next "```"; an opening fence with no closing one yields "" (truncated);
    - a text with no fence at all is kept whole;
    - the result is stripped.
    """
    completion = generation.replace("\r", "")
    if "</think>" in completion:
        completion = completion.partition("</think>")[2]
    fence = f"```{language}"
    start = completion.rfind(fence)
    width = len(fence)
    if start == -1:
        start = completion.rfind("```")
        width = 3
    if start != -1:
        completion = completion[start + width :]
        end = completion.find("```")
        completion = completion[:end] if end != -1 else ""
    return completion.strip()
