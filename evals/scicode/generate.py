"""One case's model interaction: the problem's steps in order, each prompt quoting the model's earlier code."""

from __future__ import annotations

from typing import Any

from evals.scicode.extract import extract_python_script
from evals.scicode.program import step_solution
from evals.scicode.prompt import build_messages
from evals.scicode.records import SciCodeGeneration, SciCodeProblem, StepOutput

# The messages NeMo-Skills' is_context_window_exceeded_error (inference/model/utils.py) recognises.
_CONTEXT_MESSAGES = (
    "Requested token count exceeds",
    "exceeds maximum input length",
    "should not exceed max_seq_len",
    "reduce the length of the input messages",
    "'max_completion_tokens' is too large",
    "max_tokens must be at least 1, got -",
)


def is_context_window_exceeded(error: BaseException) -> bool:
    """True for an endpoint error saying the prompt no longer fits the context window."""
    if "ContextWindowExceeded" in type(error).__name__:
        return True
    text = str(error)
    return any(message in text for message in _CONTEXT_MESSAGES)


async def generate(ctx: Any, problem: SciCodeProblem) -> SciCodeGeneration:
    """Ask for every generated step in order; the pre-filled steps contribute their reference code.

    As NeMo-Skills' SciCodeGenerationTask: once a request fails because the context window is
    exhausted, that step and every later one are recorded as out of context (they fail); any other
    endpoint error propagates (the case is an error, not a wrong answer).
    """
    with_background = getattr(ctx.options, "with_background", True)
    code: list[str] = []
    steps: list[StepOutput] = []
    generations: list[Any] = []
    out_of_context = False
    for index, step in enumerate(problem.steps):
        if index in problem.prefilled:
            code.append(problem.prefilled[index])
            steps.append(StepOutput(index, step.step_number, "prefilled", code=problem.prefilled[index]))
            continue
        if out_of_context:
            code.append("")
            steps.append(StepOutput(index, step.step_number, "out_of_context"))
            continue
        messages = build_messages(problem, index, code, with_background)
        try:
            generation = await ctx.model.chat(messages)
        except Exception as error:  # noqa: BLE001 - only the context-window case is handled
            if not is_context_window_exceeded(error):
                raise
            out_of_context = True
            code.append("")
            steps.append(StepOutput(index, step.step_number, "out_of_context"))
            continue
        generations.append(generation)
        extracted = extract_python_script(generation.content or "")
        solution = step_solution(problem.required_dependencies, code, extracted)
        code.append(extracted)
        steps.append(StepOutput(index, step.step_number, "generated", code=extracted, solution=solution))
    return SciCodeGeneration(problem_id=problem.id, steps=steps, generations=generations)
