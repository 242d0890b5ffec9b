"""Sentence splitting and word counting as the reference's instructions_util at c6767a1 (outputs taken from it)."""

from __future__ import annotations

import pytest

from evals.ifbench.text import count_stopwords, count_words, remove_punctuation, split_into_sentences


@pytest.mark.parametrize(
    "text, sentences",
    [
        (
            "Mr. Smith went to Washington. He said hi! Did he? Yes... ok.",
            ["Mr. Smith went to Washington.", "He said hi!", "Did he?", "Yes...", "ok."],
        ),
        # The regex splitter cuts "www." off (its website rule only protects ".com" and friends).
        (
            "Visit www.example.com today. Pi is 3.14. The U.S.A. is big.",
            ["Visit www.", "example.com today.", "Pi is 3.14.", "The U.S.A. is big."],
        ),
        # A closing quote moves before the period.
        ('He said "stop." Then she left!', ['He said "stop".', "Then she left!"]),
        ("Line one\nline two. Next", ["Line one line two.", "Next"]),
        ("Dr. Who? Ph.D. holders e.g. me.", ["Dr. Who?", "Ph.D. holders e.g. me."]),
        ("", []),
    ],
)
def test_regex_sentence_splitter(text, sentences):
    assert split_into_sentences(text) == sentences


def test_word_count_uses_stdlib_word_characters():
    # NLTK >= 3.10 runs RegexpTokenizer on the `regex` engine, whose \w also matches the emoji
    # variation selector; NLTK 3.9.2 (the reference's) used `re`: "☀️" is not a word.
    assert count_words("Hello ☀️ world") == 2
    assert count_words("don't stop") == 3
    assert count_words("café naïve 123") == 3
    assert count_words("") == 0


def test_stopwords_are_counted_on_word_tokens(nltk_ready):
    assert count_stopwords("don't stop") == 2  # "don" and "t" are English stopwords
    assert count_stopwords("The THE the cat") == 3
    assert count_stopwords("Quantum entanglement") == 0


def test_remove_punctuation_is_ascii_only():
    assert remove_punctuation("a.b,c!d“e”f") == "abcd“e”f"
