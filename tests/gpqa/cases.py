r"""GPQA-style responses and the letter NeMo-Skills' eval_mcq (7205c43, relaxed) extracts (pure data).

The letters were obtained by running the reference's eval_mcq itself on these texts in a scratch
environment; None means no answer.
"""

MCQ_CASES = [
    ("answer_line", "The mass ratio gives option C.\n\nAnswer: C", "C"),
    ("answer_bold", "Reasoning...\n**Answer:** B", "B"),
    ("answer_lowercase_letter", "answer: d", "D"),
    ("answer_last_of_two", "Answer: A\nOn reflection that is wrong.\nAnswer: B", "B"),
    ("final_answer_phrase", "Thus option A fits.\nThe final answer is D", "D"),
    ("final_answer_phrase_boxed", "The final answer is \\boxed{C}", "C"),
    ("final_answer_not_last_line", "The final answer is B\nAnswer: C", "C"),
    ("boxed_letter", "So we get \\boxed{A}.", "A"),
    ("boxed_text_letter", "\\boxed{\\text{B}}", "B"),
    ("boxed_option_text", "\\boxed{(D) 4.2 eV}", "D"),
    ("boxed_lowercase", "\\boxed{c}", "c"),
    ("boxed_beats_answer_line", "Answer: A\n\\boxed{B}", "B"),
    ("unclosed_box_falls_to_answer", "Answer: C\n\\boxed{D", "C"),
    ("answer_dollar", "Answer: $B$", None),
    ("answer_word_not_a_letter", "Answer: Because of symmetry, B", None),
    ("no_answer", "I am not sure which option is right.", None),
    ("empty", "", None),
]
