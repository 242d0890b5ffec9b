"""One case's verdict: strict and loose verdicts of every instruction of the prompt on the model's answer."""

from __future__ import annotations

from typing import Any, Mapping

from fixtures.verdicts import Verdict

from evals.ifbench.data import IfbenchItem, IfbenchOptions
from evals.ifbench.evaluation import PromptEvaluation, evaluate_prompt


INSTRUCTIONS_SUBSET = "instructions"


def encode_flags(evaluation: PromptEvaluation) -> str:
    """`id=SL;id=SL` with S, L the strict and loose verdicts as 0/1: what the aggregation reads back."""
    return ";".join(f"{o.instruction_id}={int(o.strict)}{int(o.loose)}" for o in evaluation.outcomes)


def parse_case_flags(verdict: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[bool, ...], tuple[bool, ...]]:
    """(instruction ids, strict flags, loose flags) of a recorded verdict; a blank answer (extracted None) failed all."""
    ids = tuple(verdict["subsets"][INSTRUCTIONS_SUBSET].split("+"))
    extracted = verdict.get("extracted")
    if extracted is None:
        return ids, (False,) * len(ids), (False,) * len(ids)
    pairs = [part.rsplit("=", 1) for part in extracted.split(";")]
    if tuple(name for name, _ in pairs) != ids or any(len(flags) != 2 or set(flags) - {"0", "1"} for _, flags in pairs):
        raise ValueError(f"IFBench verdict {extracted!r} does not match its instructions {ids}")
    return ids, tuple(flags[0] == "1" for _, flags in pairs), tuple(flags[1] == "1" for _, flags in pairs)


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
        # the share of this prompt's instructions followed; averaged over prompts by the harness, this is NOT
        # IFBench's instruction-level accuracy (counted over all instructions: task_metrics.ifbench)
        "per_prompt_instruction_fraction_strict": sum(evaluation.strict) / len(evaluation.strict),
        "per_prompt_instruction_fraction_loose": sum(evaluation.loose) / len(evaluation.loose),
    }
    return Verdict(
        correct=bool(scores[options.headline]),
        extracted=None if blank else encode_flags(evaluation),
        expected=list(item.instruction_id_list),
        reason=_reason(evaluation, blank),
        scores=scores,
        subsets={INSTRUCTIONS_SUBSET: "+".join(item.instruction_id_list)},
        details={
            "key": item.key,
            "instructions": [outcome.to_json() for outcome in evaluation.outcomes],
            "truncated": bool(getattr(generation, "truncated", False)),
        },
    )
