"""HLE's task metrics beyond judge_correct: the official accuracy, 95% interval and calibration
error, overall and per category, and a description of the judge for results.json."""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any, Sequence

from evals.hle import prompts
from evals.hle.generate import options_of
from evals.hle.metrics import JudgedCase, official_metrics, per_category
from evals.hle.score import CONFIDENCE_SCORE


def judged_cases(records: Sequence[dict[str, Any]]) -> tuple[list[JudgedCase], Counter[str]]:
    """Judged cases in case order, and the number of scored cases per category."""
    cases: list[JudgedCase] = []
    totals: Counter[str] = Counter()
    for record in records:
        verdict = record.get("verdict", record)
        category = str(verdict.get("subsets", {}).get("category", ""))
        totals[category] += 1
        scores = verdict.get("scores", {})
        if CONFIDENCE_SCORE in scores:  # absent when the judge gave no verdict (official: unjudged)
            cases.append(JudgedCase(bool(verdict["correct"]), float(scores[CONFIDENCE_SCORE]), category))
    return cases, totals


def judge_description(options: Any) -> dict[str, Any]:
    opts = options_of(options)
    template = prompts.judge_template(opts.judge_style)
    return {
        "style": opts.judge_style,
        "verdict_parser": opts.verdict_parser if opts.judge_style == "nemo_skills" else "structured output",
        "attempts": opts.judge_attempts,
        "on_unparseable_judgement": opts.on_unparseable_judgement,
        "confidence_source": opts.confidence_source,
        "prompt_template": template,
        "prompt_sha256": hashlib.sha256(template.encode("utf-8")).hexdigest(),
        "response_format": prompts.judge_extra_body(opts.judge_style).get("response_format"),
    }


def aggregate(records: Sequence[dict[str, Any]], repeats: int, options: Any) -> dict[str, Any]:
    """Official HLE metrics over the scored cases (all repeats pooled, as one list of responses)."""
    opts = options_of(options)
    cases, totals = judged_cases(records)
    beta = opts.calibration_bin_size
    return {
        "official": official_metrics(cases, sum(totals.values()), beta),
        "official_per_category": per_category(cases, dict(totals), beta),
        "judge": judge_description(opts),
        "system_prompt": prompts.system_prompt(opts.prompt_style),
    }
