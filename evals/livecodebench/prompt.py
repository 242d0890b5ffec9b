"""The request NeMo-Skills 7205c43 sends for LiveCodeBench (prompt config eval/livecodebench/python_codegen)."""

from __future__ import annotations

from fixtures.tasks import ChatRequest

from evals.livecodebench.data import LcbProblem

# dataset/livecodebench/prepare.py (PromptConstants, after Qwen2.5-Coder's lcb_runner_cq).
FORMATTING_WITH_STARTER_CODE = (
    "You will use the following starter code to write the solution to the problem and enclose your code within delimiters."
)
FORMATTING_WITHOUT_STARTER_CODE = (
    "Read the inputs from stdin solve the problem and write the answer to stdout (do not directly test on the "
    "sample inputs). Enclose your code within delimiters as follows. Ensure that when the python program runs, it "
    "reads the inputs, runs the algorithm and writes output to STDOUT."
)
# prompt/config/eval/livecodebench/python_codegen.yaml: a `|-` block, so no trailing newline; no system message.
USER_TEMPLATE = "Here is a problem for which you need to generate an executable code in python programming language.\n\n{question}"


def build_question(problem: LcbProblem) -> str:
    """prepare.py's `question` field, including its replacement of every four spaces by a tab."""
    question = problem.question_content + "\n\n"
    if problem.starter_code:
        question += f"{FORMATTING_WITH_STARTER_CODE}\n"
        question += f"```python\n{problem.starter_code}\n```\n\n"
    else:
        question += f"{FORMATTING_WITHOUT_STARTER_CODE}\n\n"
        question += "```python\n# YOUR CODE HERE\n```\n\n"
    return question.replace("    ", "\t")


def build_request(problem: LcbProblem, options: object = None) -> ChatRequest:
    return ChatRequest(messages=[{"role": "user", "content": USER_TEMPLATE.format(question=build_question(problem))}])
