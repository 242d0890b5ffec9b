"""One case's verdict: strict and loose verdicts of every instruction of the prompt on the model's answer."""

from __future__ import annotations

from typing import Any

from fixtures.verdicts import Verdict

from evals.ifbench.data import IfbenchItem, IfbenchOptions
from evals.ifbench.evaluation import PromptEvaluation, evaluate_prompt


def _flags(values: list[bool]) -> str:
    return "".join("1" if v else "0" for v in values)


def _reason(evaluation: PromptEvaluation, blank: bool) -> str:
    if blank:
        return "empty response: no instruction can be followed"
    parts = []
    for mode, flags in (("strict", evaluation.strict), ("loose", evaluation.loose)):
        failed = [o.instruction_id for o, ok in zip(evaluation.outcomes, flags) if not ok]
        text = f"{mode} {sum(flags)}/{len(flags)} followed"
        if failed:
            text += f" (not followed: {', '.join(failed)})"
        parts.append(text)
    return "; ".join(parts)


def score(item: IfbenchItem, generation: Any, options: IfbenchOptions | None = None) -> Verdict:
    """Verdict of one case. `correct` is the prompt-level verdict named by options.headline (loose by default).

    `generation` is a fixtures.responses.Generation (its `content`, reasoning already removed) or a string.
    """
    options = options or IfbenchOptions()
    response = generation if isinstance(generation, str) else (generation.content or "")
    evaluation = evaluate_prompt(item.instruction_id_list, item.kwargs, response, seed=item.key)
    blank = not response.strip()
    scores = {
        "prompt_strict": float(evaluation.prompt_strict),
        "prompt_loose": float(evaluation.prompt_loose),
        "instruction_strict": sum(evaluation.strict) / len(evaluation.strict),
        "instruction_loose": sum(evaluation.loose) / len(evaluation.loose),
    }
    return Verdict(
        correct=bool(scores[options.headline]),
        extracted=None if blank else f"strict={_flags(evaluation.strict)};loose={_flags(evaluation.loose)}",
        expected=list(item.instruction_id_list),
        reason=_reason(evaluation, blank),
        scores=scores,
        subsets={"instructions": str(len(item.instruction_id_list))},
        details={
            "key": item.key,
            "instructions": [outcome.to_json() for outcome in evaluation.outcomes],
            "truncated": bool(getattr(generation, "truncated", False)),
        },
    )
