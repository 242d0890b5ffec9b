r"""Answers to AIME problems and the reference's verdicts on them (pure data, no imports).

Each case: the gold answer, the model's answer text, what NeMo-Skills' search_boxed extracts
(None = nothing) and what its math_equal says at 7205c43 (`correct`) and before 5cc1dcc
(`legacy`). The verdicts were obtained by running NeMo-Skills' own math_grader.py (7205c43 and
5cc1dcc^) with math-verify 0.9.0 / latex2sympy2_extended 1.11.0 in a scratch environment.
"""

MATH_CASES = [
    # name, gold, answer text, extracted, correct @7205c43, correct before 5cc1dcc
    ("leading_zero", "70", r"So the answer is \boxed{070}.", "070", True, False),
    ("two_leading_zeros", "7", r"\boxed{007}", "007", True, False),
    ("plain", "70", r"The sum is $70$, so \boxed{70}", "70", True, True),
    ("degrees", "70", r"\boxed{70^\circ}", r"70^\circ", True, True),
    ("degrees_gold", "336^\\circ", r"\boxed{336}", "336", True, True),
    ("fraction", "70", r"\boxed{\frac{140}{2}}", r"\frac{140}{2}", True, True),
    ("dfrac", "70", r"\boxed{\dfrac{140}{2}}", r"\dfrac{140}{2}", True, True),
    ("wrong_fraction", "70", r"\boxed{\frac{141}{2}}", r"\frac{141}{2}", False, False),
    ("several_boxes_last_wins", "70", r"First \boxed{35}; no, doubled: \boxed{70}", "70", True, True),
    ("several_boxes_last_wrong", "70", r"\boxed{70} Wait, recheck. \boxed{35}", "35", False, False),
    ("nested_box", "70", r"\boxed{\boxed{70}}", "70", True, True),
    ("no_box", "70", "The answer is 70.", None, False, False),
    ("final_answer_phrase_not_used", "70", "The final answer is 70", None, False, False),
    ("unclosed", "70", r"\boxed{70", None, False, False),
    ("last_box_unclosed", "70", r"\boxed{70} but then \boxed{7", None, False, False),
    ("unclosed_fraction", "70", r"\boxed{\frac{140}{2}", None, False, False),
    ("empty_box", "70", r"\boxed{}", "", False, False),
    ("last_box_empty", "70", r"\boxed{70} \boxed{}", "", False, False),
    ("box_without_brace", "70", r"\boxed 70", None, False, False),
    ("box_space_brace", "70", r"\boxed {70}", None, False, False),
    ("close_before_open", "70", r"\boxed }{70}", None, False, False),
    ("fbox_alone", "70", r"\fbox{70}", None, False, False),
    ("double_braces", "70", r"\boxed{{70}}", "{70}", True, True),
    ("trailing_period", "70", r"\boxed{70.}", "70.", True, True),
    ("percent", "70", r"\boxed{70\%}", r"70\%", True, True),
    ("inner_spaces", "70", r"\boxed{ 7 0 }", " 7 0 ", True, True),
    ("text_wrapped", "70", r"\boxed{\text{70}}", r"\text{70}", True, True),
    ("assignment", "70", r"\boxed{x = 70}", "x = 70", True, True),
    ("units_text", "70", r"\boxed{70 \text{ degrees}}", r"70 \text{ degrees}", True, True),
    ("near_float", "70", r"\boxed{69.9999999}", "69.9999999", False, False),
    ("float_far", "70", r"\boxed{69.99}", "69.99", False, False),
    ("negative", "70", r"\boxed{-70}", "-70", False, False),
    ("off_by_one", "70", r"\boxed{71}", "71", False, False),
    ("zero_appended", "70", r"\boxed{700}", "700", False, False),
    ("letter", "70", r"\boxed{A}", "A", False, False),
    ("word_number", "70", r"\boxed{seventy}", "seventy", False, False),
    ("tuple", "70", r"\boxed{70, 71}", "70, 71", False, False),
    ("after_truncated_reasoning", "70",
     "Let me compute: 17_b divides 97_b, so b+7 divides 56, giving b = 21 or b = 49, sum \\boxed{7", None, False, False),
    ("reasoning_then_box", "588", "...area of the heptagon is therefore \\boxed{588}.", "588", True, True),
]
