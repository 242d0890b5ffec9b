"""The request of one SciCode step: NeMo-Skills' `eval/scicode/default` prompt, filled as its generator fills it."""

from __future__ import annotations

from typing import Sequence

from evals.scicode.records import SciCodeProblem

# NeMo-Skills 7205c43 prompt/config/eval/scicode/default.yaml, `user` (the same text as SciCode's
# eval/data/background_comment_template.txt). No system message: the config has none.
DEFAULT_TEMPLATE = """PROBLEM DESCRIPTION:
You will be provided with the main description of the problem, previous steps, and the next step. Your task will be to generate the disciplinary knowledge necessary for solving the next step and then develop a Python solution focused on this step.

PREVIOUS STEPS DESCRIPTION:
{problem_steps_str}

NEXT STEP - PROBLEM DESCRIPTION AND FUNCTION HEADER:
This part will describe the next step in the problem-solving process. First, provide the necessary scientific background knowledge as a comment at the beginning of your response, starting with 'Background: '. Then, a function header will be provided, and your task is to develop the Python code for this next step based on the provided description and function header.

{next_step_str}

DEPENDENCIES:
Use only the following dependencies in your solution. Do not include these dependencies at the beginning of your code.
{dependencies}

RESPONSE GUIDELINES:
1. Start with the scientific background required for the next step, formatted as a comment.
2. Then write the complete and executable Python program for the next step in a single block.
3. Your response should focus exclusively on implementing the solution for the next step, adhering closely to the specified function header and the context provided by the initial steps.
4. DO NOT include previous function code, example usage or test code in your response.
5. Ensure your response is in the format of ```python``` and includes the necessary background as a comment at the top.

Example:
```python
# Background: [Here, insert the necessary scientific knowledge required for the next step.]

[Insert the Python code here based on the provided function header and dependencies.]
```"""


def step_text(problem: SciCodeProblem, index: int, with_background: bool) -> str:
    """A step's description, followed on the next line by its provided background when asked."""
    step = problem.steps[index]
    return f"{step.description}\n{step.background}" if with_background else step.description


def prompt_parts(
    problem: SciCodeProblem, index: int, previous_code: Sequence[str], with_background: bool
) -> tuple[str, str, str]:
    """(problem_steps_str, next_step_str, previous_code_str) for step `index` (0-based).

    Earlier steps appear as description, code, and a "------" separator, joined by blank lines
    (the last separator dropped); the next step is its description and then its function header
    and return line. `previous_code` holds the code of steps 0..index-1: the model's own extracted
    code, or the reference code of a pre-filled step.
    """
    if len(previous_code) < index:
        raise ValueError(f"problem {problem.id}: step {index + 1} needs the code of {index} earlier steps")
    blocks: list[str] = []
    for i in range(index):
        blocks += [step_text(problem, i, with_background), previous_code[i], "------"]
    step = problem.steps[index]
    header = f"{step.function_header}\n\n{step.return_line}"
    next_step_str = "\n\n".join([step_text(problem, index, with_background), header])
    return "\n\n".join(blocks[:-1]), next_step_str, "\n".join(previous_code[:index])


def build_prompt(problem: SciCodeProblem, index: int, previous_code: Sequence[str], with_background: bool) -> str:
    steps_str, next_step_str, _ = prompt_parts(problem, index, previous_code, with_background)
    return DEFAULT_TEMPLATE.format(
        problem_steps_str=steps_str, next_step_str=next_step_str, dependencies=problem.required_dependencies
    )


def build_messages(
    problem: SciCodeProblem, index: int, previous_code: Sequence[str], with_background: bool
) -> list[dict[str, str]]:
    return [{"role": "user", "content": build_prompt(problem, index, previous_code, with_background)}]
