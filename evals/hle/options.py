"""The task options of HLE (YAML `options:` of the `hle` task), checked when built."""

from __future__ import annotations

from dataclasses import dataclass, field

from fixtures.config import ConfigError

JUDGE_STYLES = ("nemo_skills", "official")
PROMPT_STYLES = ("nemo_skills", "official")
VERDICT_PARSERS = ("regex", "split")
CONFIDENCE_SOURCES = ("judge", "response")
ON_UNPARSEABLE = ("error", "wrong")


@dataclass
class HleOptions:
    """What a run of HLE may change; the defaults are the model-card run (NeMo-Skills 7205c43).

    - prompt_style: the answer-format system message and user content. `nemo_skills` sends
      generic/hle.yaml as NeMo-Skills does (system text verbatim, doubled braces included; the
      question as a plain string); `official` sends hle_eval/run_model_predictions.py's
      SYSTEM_PROMPT and the question as a list of content parts.
    - judge_style: `nemo_skills` (judge/hle.yaml, free text, "Judgement: yes|no") or `official`
      (run_judge_results.py's prompt with the ExtractedAnswer structured-output schema).
    - verdict_parser: for the NeMo-Skills judge: `regex` (is_correct_judgement at 7205c43, after
      48cd54b) or `split` (before 48cd54b: text after the last case-sensitive "Judgement:").
    - judge_attempts: judge requests per case before an unparseable reply becomes a judge error.
      The official script leaves such a question unjudged and asks for a re-run of the judge, which
      sends the request again; here every reply is cached, so that one re-send happens in the run
      (attempt 2 = the same request with seed + 1). NeMo-Skills sends once (judge_attempts: 1).
    - on_unparseable_judgement: `error` (the case errors with HleJudgeError) or `wrong` (scored
      as a wrong answer, as NeMo-Skills' is_correct_judgement does).
    - confidence_source: `judge` (the confidence the judge extracts from the response, as the
      official metrics use) or `response` ("Confidence: NN%" read from the response itself).
    - images: the model takes images: image rows are sent with the image as an image_url content
      part instead of being skipped.
    - categories: keep only these HLE categories (empty: all), as NeMo-Skills' per-category splits.
    - calibration_bin_size: `beta` of the official calib_err (100).
    """

    prompt_style: str = "nemo_skills"
    judge_style: str = "nemo_skills"
    verdict_parser: str = "regex"
    judge_attempts: int = 2
    on_unparseable_judgement: str = "error"
    confidence_source: str = "judge"
    images: bool = False
    categories: list[str] = field(default_factory=list)
    calibration_bin_size: int = 100
    hub_id: str = "cais/hle"
    hub_split: str = "test"
    revision: str | None = None
    hf_token_env: str = "HF_TOKEN"

    def __post_init__(self) -> None:
        _choice("prompt_style", self.prompt_style, PROMPT_STYLES)
        _choice("judge_style", self.judge_style, JUDGE_STYLES)
        _choice("verdict_parser", self.verdict_parser, VERDICT_PARSERS)
        _choice("confidence_source", self.confidence_source, CONFIDENCE_SOURCES)
        _choice("on_unparseable_judgement", self.on_unparseable_judgement, ON_UNPARSEABLE)
        if not isinstance(self.judge_attempts, int) or self.judge_attempts < 1:
            raise ConfigError(f"tasks.hle.options.judge_attempts: expected an integer >= 1, got {self.judge_attempts!r}")
        if not isinstance(self.calibration_bin_size, int) or self.calibration_bin_size < 1:
            raise ValueError(
                f"hle options.calibration_bin_size: expected an integer >= 1, got {self.calibration_bin_size!r}"
            )
        if not isinstance(self.categories, list) or not all(isinstance(c, str) for c in self.categories):
            raise ConfigError(f"tasks.hle.options.categories: expected a list of category names, got {self.categories!r}")


def _choice(key: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ConfigError(f"tasks.hle.options.{key}: expected one of {', '.join(allowed)}; got {value!r}")
