"""One HLE case: the model answers, then the judge (a second client) reads the answer.

Both requests go through the harness' cached clients, so re-judging with another judge re-sends
nothing to the evaluated model. A judge reply that gives no verdict is re-asked up to
`judge_attempts` times in all (retry k sends the same request with seed + k, so it is a new cache
entry); after that the case is a judge error (HleJudgeError) or, with
on_unparseable_judgement=wrong, a wrong answer as NeMo-Skills scores it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from evals.hle import prompts
from evals.hle.data import HleItem
from evals.hle.judge import HleJudgeError, JudgeReading, read_reply, stated_confidence
from evals.hle.options import HleOptions
from fixtures.client import EndpointError
from fixtures.responses import Generation, MalformedResponse
from fixtures.tasks import GenerationContext

DEFAULT_CONFIDENCE = 100.0  # the judge prompts: "Put 100 if there is no confidence score available."


@dataclass
class JudgeAttempt:
    """One judge request's outcome, kept in samples.jsonl."""

    reply: str | None
    finish_reason: str | None
    problem: str | None
    seed: int | None
    cached: bool
    usage: dict[str, Any] = field(default_factory=dict)


@dataclass
class HleResult:
    """The case's generation: the model's answer and what the judge made of it."""

    generations: list[Generation]  # the evaluated model's request (the harness sums its usage)
    response: str
    judge_style: str
    judge_correct: bool | None
    judge_extracted_answer: str | None
    judge_reasoning: str | None
    confidence: float
    confidence_source: str  # "judge", "response" or "default"
    judge_attempts: list[JudgeAttempt]
    judge_unparseable: bool = False
    image_sent: bool = False


def options_of(raw: Any) -> HleOptions:
    """The task options as a dataclass, whether the harness hands a dict or the dataclass."""
    if isinstance(raw, HleOptions):
        return raw
    if raw is None:
        return HleOptions()
    if isinstance(raw, dict):
        return HleOptions(**raw)
    raise TypeError(f"hle options: expected a mapping, got {type(raw).__name__}")


def message_content(generation: Generation) -> str | None:
    """message.content exactly as sent back (NeMo-Skills gives the judge reply to the parser untouched)."""
    try:
        return generation.raw["choices"][0]["message"].get("content")
    except (KeyError, IndexError, TypeError, AttributeError):
        return generation.content


def message_refusal(generation: Generation) -> Any:
    try:
        return generation.raw["choices"][0]["message"].get("refusal")
    except (KeyError, IndexError, TypeError, AttributeError):
        return None


def choose_confidence(reading: JudgeReading | None, response: str, source: str) -> tuple[float, str]:
    """The confidence behind calibration: the judge's extraction (official), else the response's
    own "Confidence: NN%", else 100 as both judge prompts instruct."""
    if source == "judge" and reading is not None and reading.confidence is not None:
        return reading.confidence, "judge"
    stated = stated_confidence(response)
    if stated is not None:
        return stated, "response"
    return DEFAULT_CONFIDENCE, "default"


async def run_judge(ctx: GenerationContext, item: HleItem, response: str, options: HleOptions) -> tuple[JudgeReading, list[JudgeAttempt]]:
    """Ask the judge until a reply parses or the attempts run out; endpoint failures are judge errors."""
    if ctx.judge is None:
        raise HleJudgeError("the hle task needs a `judge:` section (url, model, api_key_env)")
    messages = prompts.judge_messages(options.judge_style, item, response)
    extra_body = prompts.judge_extra_body(options.judge_style) or None
    attempts: list[JudgeAttempt] = []
    reading = JudgeReading(correct=None, problem="no judge request was made")
    # NeMo-Skills' judge job sends seed = its input's random_seed (0 with one repeat); the official
    # judge sends none. A retry adds the attempt number, so it is a new request and cache entry.
    base_seed = ctx.repeat if options.judge_style == "nemo_skills" else None
    for attempt in range(options.judge_attempts):
        seed = base_seed if attempt == 0 else (base_seed or 0) + attempt
        client = ctx.judge.with_seed(seed)
        try:
            generation = await client.chat(messages, extra_body=extra_body)
        except (EndpointError, MalformedResponse) as exc:  # the judge's endpoint failed, not the model's
            raise HleJudgeError(f"the judge endpoint failed: {exc}") from exc
        content = message_content(generation)
        reading = read_reply(
            options.judge_style, content, generation.finish_reason, message_refusal(generation), options.verdict_parser
        )
        attempts.append(
            JudgeAttempt(
                reply=content,
                finish_reason=generation.finish_reason,
                problem=reading.problem,
                seed=client.seed,
                cached=generation.cached,
                usage=dict(generation.usage),
            )
        )
        if reading.parsed:
            break
    return reading, attempts


async def generate(ctx: GenerationContext, item: HleItem) -> HleResult:
    options = options_of(ctx.options)
    messages = prompts.model_messages(item, options.prompt_style, options.images)
    generation = await ctx.model.chat(messages)  # a failure here is a model error, left as it is
    response = generation.content
    reading, attempts = await run_judge(ctx, item, response, options)
    if not reading.parsed and options.on_unparseable_judgement == "error":
        raise HleJudgeError(
            f"no verdict in {len(attempts)} judge repl{'y' if len(attempts) == 1 else 'ies'} "
            f"for item {item.id}: {reading.problem}"
        )
    confidence, source = choose_confidence(reading if reading.parsed else None, response, options.confidence_source)
    return HleResult(
        generations=[generation],
        response=response,
        judge_style=options.judge_style,
        judge_correct=bool(reading.correct),
        judge_extracted_answer=reading.extracted_answer,
        judge_reasoning=reading.reasoning,
        confidence=confidence,
        confidence_source=source,
        judge_attempts=attempts,
        judge_unparseable=not reading.parsed,
        image_sent=item.has_image,
    )
