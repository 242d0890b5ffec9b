"""Text primitives of the IFBench checkers at c6767a1: sentence splitting, word counts, NLTK tokenising.

At that commit `split_into_sentences` is still IFEval's regex splitter (the punkt-based splitter came
in December 2025); NLTK is used for `word_tokenize`, `pos_tag` and the stopword list only. The
regular expressions below are the reference's, character for character.
"""

from __future__ import annotations

import functools
import re
import string


from evals.ifbench.nltk_data import NltkDataMissing, how_to_provide, missing_resources

PUNCTUATION = string.punctuation
PUNCT_AND_SPACE = string.punctuation + " "
_DELETE_PUNCTUATION = str.maketrans("", "", string.punctuation)

_ALPHABETS = "([A-Za-z])"
_PREFIXES = "(Mr|St|Mrs|Ms|Dr)[.]"
_SUFFIXES = "(Inc|Ltd|Jr|Sr|Co)"
_STARTERS = r"(Mr|Mrs|Ms|Dr|Prof|Capt|Cpt|Lt|He\s|She\s|It\s|They\s|Their\s|Our\s|We\s|But\s|However\s|That\s|This\s|Wherever)"
_ACRONYMS = "([A-Z][.][A-Z][.](?:[A-Z][.])?)"
_WEBSITES = "[.](com|net|org|io|gov|edu|me)"
_DIGITS = "([0-9])"
_MULTIPLE_DOTS = r"\.{2,}"

_PRD = "<prd>"
_STOP = "<stop>"


def remove_punctuation(text: str) -> str:
    """Delete every ASCII punctuation character (str.translate, as the checkers do)."""
    return text.translate(_DELETE_PUNCTUATION)


def split_into_sentences(text: str) -> list[str]:
    """IFEval's regex sentence splitter: protect abbreviations, decimals, sites and ellipses, then cut at . ? !"""
    text = " " + text + "  "
    text = text.replace("\n", " ")
    text = re.sub(_PREFIXES, "\\1" + _PRD, text)
    text = re.sub(_WEBSITES, _PRD + "\\1", text)
    text = re.sub(_DIGITS + "[.]" + _DIGITS, "\\1" + _PRD + "\\2", text)
    text = re.sub(_MULTIPLE_DOTS, lambda m: _PRD * len(m.group(0)) + _STOP, text)
    if "Ph.D" in text:
        text = text.replace("Ph.D.", "Ph" + _PRD + "D" + _PRD)
    text = re.sub(r"\s" + _ALPHABETS + "[.] ", " \\1" + _PRD + " ", text)
    text = re.sub(_ACRONYMS + " " + _STARTERS, "\\1" + _STOP + " \\2", text)
    text = re.sub(
        _ALPHABETS + "[.]" + _ALPHABETS + "[.]" + _ALPHABETS + "[.]",
        "\\1" + _PRD + "\\2" + _PRD + "\\3" + _PRD,
        text,
    )
    text = re.sub(_ALPHABETS + "[.]" + _ALPHABETS + "[.]", "\\1" + _PRD + "\\2" + _PRD, text)
    text = re.sub(" " + _SUFFIXES + "[.] " + _STARTERS, " \\1" + _STOP + " \\2", text)
    text = re.sub(" " + _SUFFIXES + "[.]", " \\1" + _PRD, text)
    text = re.sub(" " + _ALPHABETS + "[.]", " \\1" + _PRD, text)
    # Closing quotes move before the sentence mark so that the cut falls after them.
    for mark, quote in ((".", "”"), (".", '"'), ("!", '"'), ("?", '"')):
        text = text.replace(mark + quote, quote + mark)
    for mark in (".", "?", "!"):
        text = text.replace(mark, mark + _STOP)
    text = text.replace(_PRD, ".")
    sentences = [piece.strip() for piece in text.split(_STOP)]
    if sentences and not sentences[-1]:
        sentences = sentences[:-1]
    return sentences


def count_words(text: str) -> int:
    """Words as NLTK's RegexpTokenizer(r"\\w+") finds them."""
    return len(re.findall(r"\w+", text))


@functools.lru_cache(maxsize=1)
def _english_stopwords() -> frozenset[str]:
    return frozenset(_nltk_call(_nltk().corpus.stopwords.words, "english"))


def count_stopwords(text: str) -> int:
    """\\w+ tokens whose lower-case form is an NLTK English stopword."""
    stopwords = _english_stopwords()
    return sum(1 for token in re.findall(r"\w+", text) if token.lower() in stopwords)


def word_tokenize(text: str) -> list[str]:
    """nltk.word_tokenize (English punkt_tab sentence split, then the Treebank word tokenizer)."""
    return _nltk_call(_nltk().word_tokenize, text)


def pos_tag(tokens: list[str]) -> list[tuple[str, str]]:
    """nltk.pos_tag with the English averaged perceptron tagger."""
    return _nltk_call(_nltk().pos_tag, tokens)


def _nltk():
    """NLTK, imported on first use: importing it costs seconds (it pulls in SciPy), which collection must not pay."""
    import nltk

    return nltk


def _nltk_call(function, *args):
    """Call into NLTK; a missing data package becomes NltkDataMissing (which scoring never swallows)."""
    try:
        return function(*args)
    except LookupError as error:
        missing = missing_resources()
        raise NltkDataMissing(how_to_provide(missing) if missing else str(error)) from error
