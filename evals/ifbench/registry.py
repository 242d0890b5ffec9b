"""The 58 IFBench instruction ids, their arguments, and the reference's `build_description` normalisation.

`build(instruction_id, kwargs, rng)` turns a row's (None-filtered) kwargs into the parameters the
check sees, as `instructions.py` at c6767a1 does: keywords are stripped, the options string is
parsed, and a falsy `n_start`/`n_end` of repeat:repeat_span is replaced by a random index (the
reference tests `if not n_start`, so the start index 0 given by one test row is redrawn; `rng`
makes that draw reproducible). Where the reference would silently invent a random value for an
argument the row does not give, this raises instead: the test data always gives them.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from evals.ifbench import checkers as c

Check = Callable[[str, Mapping[str, Any]], bool]
Prepare = Callable[[str, dict[str, Any], random.Random], dict[str, Any]]


class InstructionArgumentError(ValueError):
    """A row's kwargs do not fit its instruction (unknown id, missing or unexpected argument)."""


@dataclass(frozen=True)
class InstructionSpec:
    id: str
    check: Check
    arguments: tuple[str, ...] = ()
    accepts_extra: bool = False  # the reference's build_description takes **kwargs and ignores them
    uses_nltk_data: bool = False
    prepare: Prepare | None = None


def _require(instruction_id: str, kwargs: dict[str, Any], *names: str, truthy: bool = False) -> None:
    for name in names:
        value = kwargs.get(name)
        if value is None or (truthy and not value):
            raise InstructionArgumentError(
                f"{instruction_id}: argument {name!r} is missing (got {value!r}); "
                "the reference would draw a random value, which makes the verdict meaningless"
            )


def _non_negative(instruction_id: str, kwargs: dict[str, Any], *names: str) -> dict[str, Any]:
    _require(instruction_id, kwargs, *names)
    for name in names:
        if kwargs[name] < 0:
            raise InstructionArgumentError(
                f"{instruction_id}: argument {name!r} is negative ({kwargs[name]!r}); the reference would draw a random value"
            )
    return dict(kwargs)


def _numbers(*names: str) -> Prepare:
    return lambda iid, kwargs, rng: _non_negative(iid, kwargs, *names)


def _stripped(*names: str) -> Prepare:
    def prepare(iid: str, kwargs: dict[str, Any], rng: random.Random) -> dict[str, Any]:
        _require(iid, kwargs, *names)
        return {**kwargs, **{name: kwargs[name].strip() for name in names}}

    return prepare


def _prepare_overlap(iid: str, kwargs: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    _require(iid, kwargs, "reference_text")
    return _non_negative(iid, kwargs, "percentage")


def _prepare_list(iid: str, kwargs: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    _require(iid, kwargs, "sep")
    return dict(kwargs)


def _prepare_options(iid: str, kwargs: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    _require(iid, kwargs, "options")
    text = kwargs["options"]
    # Letter options ("a), b), c), d)") must be answered exactly; text options loosely.
    strict = re.match(r"\W*[aA]\W*[bB]\W*[cC]\W*", text) is not None
    separator = "/" if "/" in text else "or" if "or" in text else ","
    return {"strict": strict, "choices": [choice.strip() for choice in text.split(separator)]}


def _prepare_keyword_sentence(iid: str, kwargs: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    _require(iid, kwargs, "word", truthy=True)
    return _non_negative(iid, kwargs, "N")


def _prepare_specific_position(iid: str, kwargs: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    _require(iid, kwargs, "keyword", "n", "m", truthy=True)
    return {**kwargs, "keyword": kwargs["keyword"].strip()}


def _prepare_repeat_change(iid: str, kwargs: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    if not kwargs.get("prompt_to_repeat"):
        raise InstructionArgumentError(f"{iid}: prompt_to_repeat must be set (the reference raises ValueError)")
    return dict(kwargs)


def _prepare_repeat_span(iid: str, kwargs: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    if not kwargs.get("prompt_to_repeat"):
        raise InstructionArgumentError(f"{iid}: prompt_to_repeat must be set (the reference raises ValueError)")
    word_count = len(kwargs["prompt_to_repeat"].split())
    params = dict(kwargs)
    # `if not n_start:` in the reference: 0 (or None) is replaced by a random start, then likewise the end.
    start = kwargs.get("n_start")
    params["n_start"] = start if start else rng.randint(0, word_count - 2)
    params["start_was_drawn"] = not start
    end = kwargs.get("n_end")
    params["n_end"] = end if end else rng.randint(params["n_start"] + 1, word_count - 1)
    params["end_was_drawn"] = not end
    return params


def _spec(iid: str, check: Check, *arguments: str, prepare: Prepare | None = None, nltk: bool = False) -> InstructionSpec:
    return InstructionSpec(iid, check, tuple(arguments), uses_nltk_data=nltk, prepare=prepare)


def _custom(iid: str, check: Check) -> InstructionSpec:
    return InstructionSpec(iid, check, (), accepts_extra=True)


_SPECS = (
    _spec("count:word_count_range", c.word_count_range, "min_words", "max_words", prepare=_numbers("min_words", "max_words")),
    _spec("count:unique_word_count", c.unique_word_count, "N", prepare=_numbers("N")),
    _spec("ratio:stop_words", c.stop_words, "percentage", prepare=_numbers("percentage"), nltk=True),
    _spec("ratio:sentence_type", c.sentence_type),
    _spec("ratio:sentence_balance", c.sentence_balance),
    _spec("count:conjunctions", c.conjunctions, "small_n", prepare=_numbers("small_n")),
    _spec("count:person_names", c.person_names, "N", prepare=_numbers("N")),
    _spec("ratio:overlap", c.overlap, "reference_text", "percentage", prepare=_prepare_overlap),
    _spec("count:numbers", c.numbers, "N", prepare=_numbers("N")),
    _spec("words:alphabet", c.alphabet),
    _spec("words:vowel", c.vowel),
    _spec("words:consonants", c.consonants),
    _spec("sentence:alliteration_increment", c.alliteration_increment),
    _spec("words:palindrome", c.palindrome),
    _spec("count:punctuation", c.punctuation),
    _spec("format:parentheses", c.parentheses),
    _spec("format:quotes", c.quotes),
    _spec("words:prime_lengths", c.prime_lengths),
    _spec("format:options", c.options, "options", prepare=_prepare_options),
    _spec("format:newline", c.newline),
    _spec("format:emoji", c.emoji_sentences),
    _spec("ratio:sentence_words", c.sentence_words),
    _spec("count:words_japanese", c.words_japanese, "N", prepare=_numbers("N")),
    _spec("words:start_verb", c.start_verb, nltk=True),
    _spec("words:repeats", c.repeats, "small_n", prepare=_numbers("small_n")),
    _spec("sentence:keyword", c.keyword_sentence, "word", "N", prepare=_prepare_keyword_sentence),
    _spec("count:pronouns", c.pronouns, "N", prepare=_numbers("N")),
    _spec("words:odd_even_syllables", c.odd_even_syllables),
    _spec("words:last_first", c.last_first),
    _spec("words:paragraph_last_first", c.paragraph_last_first),
    _spec("sentence:increment", c.increment, "small_n", prepare=_numbers("small_n")),
    _spec("words:no_consecutive", c.no_consecutive),
    _spec("format:line_indent", c.line_indent),
    _spec("format:quote_unquote", c.quote_unquote),
    _spec("format:list", c.bullet_list, "sep", prepare=_prepare_list),
    _spec("format:thesis", c.thesis),
    _spec("format:sub-bullets", c.sub_bullets),
    _spec("format:no_bullets_bullets", c.no_bullets_bullets),
    _custom("custom:multiples", c.multiples),
    _custom("custom:mcq_count_length", c.mcq_count_length),
    _custom("custom:reverse_newline", c.reverse_newline),
    _custom("custom:word_reverse", c.word_reverse),
    _custom("custom:character_reverse", c.character_reverse),
    _custom("custom:sentence_alphabet", c.sentence_alphabet),
    _custom("custom:european_capitals_sort", c.european_capitals_sort),
    _custom("custom:csv_city", c.csv_city),
    _custom("custom:csv_special_character", c.csv_special_character),
    _custom("custom:csv_quotes", c.csv_quotes),
    _custom("custom:date_format_list", c.date_format_list),
    _spec(
        "count:keywords_multiple",
        c.keywords_multiple,
        "keyword1",
        "keyword2",
        "keyword3",
        "keyword4",
        "keyword5",
        prepare=_stripped("keyword1", "keyword2", "keyword3", "keyword4", "keyword5"),
    ),
    _spec("words:keywords_specific_position", c.keywords_specific_position, "keyword", "n", "m", prepare=_prepare_specific_position, nltk=True),
    _spec("words:words_position", c.words_position, "keyword", prepare=_stripped("keyword"), nltk=True),
    _spec("repeat:repeat_change", c.repeat_change, "prompt_to_repeat", prepare=_prepare_repeat_change),
    _spec("repeat:repeat_simple", c.repeat_simple),
    _spec("repeat:repeat_span", c.repeat_span, "prompt_to_repeat", "n_start", "n_end", prepare=_prepare_repeat_span),
    _spec("format:title_case", c.title_case, nltk=True),
    _spec("format:output_template", c.output_template),
    _spec("format:no_whitespace", c.no_whitespace),
)

INSTRUCTIONS: dict[str, InstructionSpec] = {spec.id: spec for spec in _SPECS}


def build(instruction_id: str, kwargs: Mapping[str, Any], rng: random.Random) -> dict[str, Any]:
    """Validate a row's kwargs (None values already dropped) and normalise them as build_description does."""
    spec = INSTRUCTIONS.get(instruction_id)
    if spec is None:
        raise InstructionArgumentError(f"unknown IFBench instruction id {instruction_id!r}")
    given = dict(kwargs)
    unexpected = sorted(set(given) - set(spec.arguments))
    if unexpected and not spec.accepts_extra:
        raise InstructionArgumentError(
            f"{instruction_id}: unexpected arguments {unexpected} (the reference's build_description raises TypeError)"
        )
    if spec.prepare is None:
        return {name: given[name] for name in spec.arguments if name in given}
    return spec.prepare(instruction_id, {name: given[name] for name in spec.arguments if name in given}, rng)
