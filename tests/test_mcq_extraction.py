"""eval_mcq extraction (NeMo-Skills 7205c43, relaxed mode) on the answer forms it meets."""

import pytest

from evals.common.boxed import last_boxed
from evals.common.mcq import extract_letter


@pytest.mark.parametrize(
    "text, letter",
    [
        ("Reasoning...\nAnswer: \\boxed{C}", "C"),  # the requested format
        ("\\boxed{A} at first, but on reflection \\boxed{D}", "D"),  # the last box counts
        ("The final answer is B", "B"),  # regex first in relaxed mode
        ("The final answer is \\boxed{(E)}", "E"),  # longer candidate -> last standalone capital
        ("The final answer is B.\nThanks", None),  # '$' is the end of the text: no match, no box, no 'Answer:'
        ("**Answer:** F", "F"),  # Artificial Analysis pattern with bold markers
        ("answer: g", "G"),  # case-insensitive, upper-cased
        ("Answer: A\nWait... Answer: H", "H"),  # last match
        ("Answer: \\boxed{I have no idea}", "I"),  # the box content's last standalone capital
        ("\\boxed{}", None),  # empty box, no Answer:
        ("I think it is (B)", None),  # a bare letter is not an answer
        ("Answer: \\boxed{J", None),  # unclosed box, and 'Answer:' must be followed by the letter itself
        ("Answer: \\boxed{J\nAnswer: J", "J"),  # unclosed box -> the 'Answer:' pattern
        ("\\boxed {A}", None),  # a space after \\boxed is not a box
        ("The final answer is x", "x"),  # one character is taken as is (and will not match)
        ("", None),
    ],
)
def test_extract_letter(text, letter):
    assert extract_letter(text) == letter


def test_last_boxed_brace_matching():
    assert last_boxed("\\boxed{\\frac{1}{2}}") == "\\frac{1}{2}"
    assert last_boxed("\\boxed{1} and \\boxed{2") is None
    assert last_boxed("no box") is None
    assert last_boxed("\\fbox{3}") is None
