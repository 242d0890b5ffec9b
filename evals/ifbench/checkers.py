"""The 58 IFBench instruction checks, with the semantics of allenai/IFBench `instructions.py` at c6767a1.

Each check is a pure function `(response, params) -> bool`, where `params` are the instruction's
arguments after the reference's `build_description` normalisation (see registry.py). Quirks of the
reference are kept on purpose, since the verdicts must equal its verdicts: they are pointed out in
comments. A check may raise (IndexError, ZeroDivisionError, csv.Error, ...) where the reference
raises; the evaluation turns that into "not followed", as NeMo-Skills' patched evaluation_lib does.
"""

from __future__ import annotations

import csv
import io
import re
import string
import unicodedata
from collections import Counter
from typing import Any, Mapping


from evals.ifbench.text import (
    PUNCT_AND_SPACE,
    count_stopwords,
    count_words,
    pos_tag,
    remove_punctuation,
    split_into_sentences,
    word_tokenize,
)

Params = Mapping[str, Any]

# ---------------------------------------------------------------------------------------------
# count:*
# ---------------------------------------------------------------------------------------------


def word_count_range(response: str, p: Params) -> bool:
    return p["min_words"] <= count_words(response) <= p["max_words"]


def unique_word_count(response: str, p: Params) -> bool:
    # Tokens stripped of ASCII punctuation; a token of punctuation only adds "" to the set.
    unique = {word.strip(PUNCT_AND_SPACE) for word in response.lower().split()}
    return len(unique) >= p["N"]


COORDINATING_CONJUNCTIONS = ("and", "but", "for", "nor", "or", "so", "yet")


def conjunctions(response: str, p: Params) -> bool:
    # The reference keeps the raw tokens in its set: "and", "And" and "and," count as different.
    found = {
        word
        for word in response.split()
        if word.strip(PUNCT_AND_SPACE).lower() in COORDINATING_CONJUNCTIONS
    }
    return len(found) >= p["small_n"]


PERSON_NAMES = (
    "Emma", "Liam", "Sophia", "Jackson", "Olivia", "Noah", "Ava", "Lucas", "Isabella", "Mason",
    "Mia", "Ethan", "Charlotte", "Alexander", "Amelia", "Benjamin", "Harper", "Leo", "Zoe",
    "Daniel", "Chloe", "Samuel", "Lily", "Matthew", "Grace", "Owen", "Abigail", "Gabriel", "Ella",
    "Jacob", "Scarlett", "Nathan", "Victoria", "Elijah", "Layla", "Nicholas", "Audrey", "David",
    "Hannah", "Christopher", "Penelope", "Thomas", "Nora", "Andrew", "Aria", "Joseph", "Claire",
    "Ryan", "Stella", "Jonathan",
)  # fmt: skip


def person_names(response: str, p: Params) -> bool:
    # Plain substring search at c6767a1 ("Leo" is found in "Leonard", "Ava" in "Avalon").
    return sum(1 for name in PERSON_NAMES if name in response) >= p["N"]


def numbers(response: str, p: Params) -> bool:
    # Punctuation is deleted first, so "3.14" and "1,000" are one number each.
    return len(re.findall(r"\d+", remove_punctuation(response))) == p["N"]


INTERROBANGS = ("!?", "?!", "‽")
STANDARD_PUNCTUATION = frozenset(".,!?;:")


def punctuation(response: str, p: Params) -> bool:
    if not any(mark in response for mark in INTERROBANGS):
        return False
    # One "?!" (else one "!?") is taken out before the single marks are looked for; "‽" is not.
    rest = response.replace("?!", "", 1)
    if len(rest) == len(response):
        rest = response.replace("!?", "", 1)
    return STANDARD_PUNCTUATION <= set(rest)


def keywords_multiple(response: str, p: Params) -> bool:
    lowered = response.lower()
    wanted = zip((p["keyword1"], p["keyword2"], p["keyword3"], p["keyword4"], p["keyword5"]), (1, 2, 3, 5, 7))
    return all(lowered.count(keyword.lower()) == times for keyword, times in wanted)


_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def words_japanese(response: str, p: Params) -> bool:
    every = p["N"]
    for position, word in enumerate(response.split(), start=1):
        word = word.strip(PUNCT_AND_SPACE)
        if position % every == 0 and word and not word.isdigit() and not _JAPANESE.search(word):
            return False
    return True


PRONOUNS = frozenset(
    "i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his "
    "himself she her hers herself it its itself they them their theirs themselves".split()
)


def pronouns(response: str, p: Params) -> bool:
    # "/" becomes a space so that "she/her" counts twice; then punctuation is deleted.
    words = remove_punctuation(response.replace("/", " ").lower()).split()
    return sum(1 for word in words if word in PRONOUNS) >= p["N"]


# ---------------------------------------------------------------------------------------------
# ratio:*
# ---------------------------------------------------------------------------------------------


def stop_words(response: str, p: Params) -> bool:
    # ZeroDivisionError when the response has no \w word: the reference raises too.
    percentage = (count_stopwords(response) / count_words(response)) * 100
    return percentage <= p["percentage"]


def _sentence_endings(response: str) -> tuple[int, int, int]:
    sentences = split_into_sentences(response)
    return (
        sum(1 for s in sentences if s.endswith(".")),
        sum(1 for s in sentences if s.endswith("?")),
        sum(1 for s in sentences if s.endswith("!")),
    )


def sentence_type(response: str, p: Params) -> bool:
    declarative, interrogative, _ = _sentence_endings(response)
    return declarative == 2 * interrogative


def sentence_balance(response: str, p: Params) -> bool:
    declarative, interrogative, exclamatory = _sentence_endings(response)
    return declarative == interrogative == exclamatory


def _char_trigrams(text: str) -> set[str]:
    return {text[i : i + 3] for i in range(len(text) - 2)}


def overlap(response: str, p: Params) -> bool:
    # Character trigrams (nltk.ngrams over the raw string); ZeroDivisionError under 3 characters.
    mine = _char_trigrams(response)
    share = len(mine & _char_trigrams(p["reference_text"])) / len(mine)
    target = p["percentage"]
    return target - 2 <= share * 100 <= target + 2


def sentence_words(response: str, p: Params) -> bool:
    # Only "three sentences of equal length" is checked; the "all different words" part is not.
    sentences = split_into_sentences(response)
    if len(sentences) != 3:
        return False
    length = len(sentences[0].strip())
    return all(len(s.strip()) == length for s in sentences)


# ---------------------------------------------------------------------------------------------
# words:*
# ---------------------------------------------------------------------------------------------


def alphabet(response: str, p: Params) -> bool:
    letters = string.ascii_lowercase
    words = remove_punctuation(response).strip(PUNCT_AND_SPACE).split()
    if not words:
        return False
    current = words[0][0].lower()
    if current not in letters:  # a substring test, as in the reference
        return False
    for word in words[1:]:
        word = word.strip(PUNCT_AND_SPACE).lower()
        if not word:
            continue
        current = letters[(letters.index(current) + 1) % 26]
        if word[0] != current:
            return False
    return True


def vowel(response: str, p: Params) -> bool:
    lines = response.strip().split("\n")
    if len(lines) != 1:
        return False
    return len({char for char in lines[0].lower() if char in "aeiou"}) <= 3


_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxyz")


def consonants(response: str, p: Params) -> bool:
    for word in response.lower().strip().split():
        if not any(a in _CONSONANTS and b in _CONSONANTS for a, b in zip(word, word[1:])):
            return False
    return True


def palindrome(response: str, p: Params) -> bool:
    words = remove_punctuation(response).lower().split()
    return sum(1 for word in words if len(word) >= 5 and word == word[::-1]) >= 10


_PRIMES = frozenset((2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97))


def prime_lengths(response: str, p: Params) -> bool:
    return all(len(word) in _PRIMES for word in remove_punctuation(response).split())


def start_verb(response: str, p: Params) -> bool:
    # The first token's tag is taken from tagging the whole response (context matters).
    tokens = word_tokenize(response)
    return len(tokens) > 0 and "VB" in pos_tag(tokens)[0][1]


def repeats(response: str, p: Params) -> bool:
    counts = Counter(remove_punctuation(response.lower()).split())
    return all(count <= p["small_n"] for count in counts.values())


def odd_even_syllables(response: str, p: Params) -> bool:
    words = remove_punctuation(response).lower().split()
    import syllapy  # on first use: emoji and syllapy cost a quarter of a second at collection

    parities = [syllapy.count(word) % 2 for word in words if word.strip()]
    return all(a != b for a, b in zip(parities, parities[1:]))


def last_first(response: str, p: Params) -> bool:
    # IndexError when a sentence is only punctuation: the reference raises too.
    sentences = split_into_sentences(response)
    for current, following in zip(sentences, sentences[1:]):
        last = current.rstrip(PUNCT_AND_SPACE).split()[-1]
        first = following.lstrip(PUNCT_AND_SPACE).split()[0]
        if last.lower() != first.lower():
            return False
    return True


def paragraph_last_first(response: str, p: Params) -> bool:
    for paragraph in response.split("\n"):
        paragraph = paragraph.strip().lower()
        if not paragraph:
            continue
        words = paragraph.strip(PUNCT_AND_SPACE).split()
        if words and words[0] != words[-1]:
            return False
    return True


def no_consecutive(response: str, p: Params) -> bool:
    words = remove_punctuation(response.lower()).split()
    return all(a[0] != b[0] for a, b in zip(words, words[1:]))


def keywords_specific_position(response: str, p: Params) -> bool:
    n, m = p["n"], p["m"]
    sentences = split_into_sentences(response)
    if len(sentences) < n:
        return False
    tokens = word_tokenize(sentences[n - 1])
    if len(tokens) < m:
        return False
    return tokens[m - 1] == p["keyword"]  # case-sensitive at c6767a1


def words_position(response: str, p: Params) -> bool:
    tokens = word_tokenize(response)
    return len(tokens) >= 2 and tokens[1] == tokens[-2] == p["keyword"]


# ---------------------------------------------------------------------------------------------
# sentence:*
# ---------------------------------------------------------------------------------------------


def alliteration_increment(response: str, p: Params) -> bool:
    previous = -1
    for sentence in split_into_sentences(response):
        words = [w.lstrip(PUNCT_AND_SPACE) for w in sentence.lower().split()]
        words = [w for w in words if w]
        score = 0
        in_run = False
        for a, b in zip(words, words[1:]):
            if a[0] == b[0]:
                score += 1 if in_run else 2  # a run of r alliterative words scores r
                in_run = True
            else:
                in_run = False
        if score <= previous:
            return False
        previous = score
    return True


def keyword_sentence(response: str, p: Params) -> bool:
    position = p["N"]
    sentences = split_into_sentences(response)
    if len(sentences) < position:
        return False
    return p["word"].lower() in sentences[int(position - 1)].lower()


def increment(response: str, p: Params) -> bool:
    # IndexError when there is no sentence at all: the reference raises too.
    sentences = split_into_sentences(response)
    previous = len(remove_punctuation(sentences[0]).strip().split())
    for sentence in sentences[1:]:
        count = len(remove_punctuation(sentence).strip().split())
        if count != previous + p["small_n"]:
            return False
        previous = count
    return True


# ---------------------------------------------------------------------------------------------
# format:*
# ---------------------------------------------------------------------------------------------


def parentheses(response: str, p: Params) -> bool:
    pairs = {")": "(", "]": "[", "}": "{"}
    open_stack: list[str] = []
    deepest = 0
    for char in response:
        if char in "([{":
            open_stack.append(char)
            deepest = max(deepest, len(open_stack))
        elif char in ")]}":
            if open_stack and open_stack[-1] == pairs[char]:
                open_stack.pop()
                if deepest >= 5 and len(open_stack) < deepest:
                    return True
            else:  # a mismatched closer resets the count
                open_stack = []
                deepest = 0
    return False


def quotes(response: str, p: Params) -> bool:
    stack: list[str] = []
    deepest = 0
    for char in response:
        if stack and char == stack[-1]:
            stack.pop()
            if deepest - len(stack) >= 3:
                return True
        elif char in "\"'":
            stack.append(char)
            deepest = max(deepest, len(stack))
    return False


def options(response: str, p: Params) -> bool:
    if p["strict"]:
        return response in p["choices"]
    answer = response.strip(PUNCT_AND_SPACE).lower()
    return any(choice.strip(PUNCT_AND_SPACE).lower() == answer for choice in p["choices"])


def newline(response: str, p: Params) -> bool:
    cleaned = remove_punctuation(response)
    lines = [line for line in cleaned.strip().split("\n") if line != ""]
    return len(lines) == len(cleaned.strip().split())


def _emoji_at(text: str, index: int) -> bool:
    import emoji

    return emoji.is_emoji(text[index])


def emoji_sentences(response: str, p: Params) -> bool:
    sentences = split_into_sentences(response)
    for i, sentence in enumerate(sentences):
        stripped = remove_punctuation(sentence).strip()
        if not stripped:
            return False
        # The last or second-to-last character may be the emoji (a variation selector may follow).
        if _emoji_at(stripped, -1) or _emoji_at(stripped, -2 if len(stripped) > 1 else -1):
            continue
        if i == len(sentences) - 1:
            return False
        # Else the emoji may open the next sentence (the splitter cuts before it).
        following = remove_punctuation(sentences[i + 1]).strip()
        if not following or not _emoji_at(following, 0):
            return False
    return True


def _drop_blank_lines_like_reference(lines: list[str]) -> list[str]:
    """The reference removes blank lines while iterating over the same list, which skips the line after each removal.

    `list.remove` also deletes the first equal line, not necessarily the one just seen.
    """
    lines = list(lines)
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            lines.remove(line)
        index += 1
    return lines


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def line_indent(response: str, p: Params) -> bool:
    lines = _drop_blank_lines_like_reference(response.split("\n"))
    return all(_indent(b) > _indent(a) for a, b in zip(lines, lines[1:]))


def quote_unquote(response: str, p: Params) -> bool:
    text = response.replace("“", '"').replace("”", '"')
    text = text.replace("'\"'", "")
    text = "".join(text.split())
    if '""' in text:
        return False
    # IndexError when nothing is left after stripping: the reference raises too.
    return text.strip(string.digits + string.punctuation.replace('"', ""))[-1] != '"'


def bullet_list(response: str, p: Params) -> bool:
    return len(re.findall(re.escape(p["sep"]), response)) >= 2


def thesis(response: str, p: Params) -> bool:
    start = response.find("<i>")
    if start == -1:
        start = response.find("<em>")
        if start == -1:
            return False
    rest = response[start:]
    end = rest.find("</i>")
    if end == -1:
        end = rest.find("</em>")
        if end == -1:
            return False
    # Fixed offsets 3 and 4 as in the reference, also for <em> / </em>.
    if rest[3:end].strip() == "":
        return False
    return rest[end + 4 :].strip() != ""


def sub_bullets(response: str, p: Params) -> bool:
    # Every piece after a "*" must contain a "-"; a response without "*" passes.
    return all("-" in piece for piece in response.split("*")[1:])


def no_bullets_bullets(response: str, p: Params) -> bool:
    # In the reference the flag "still in the sentences part" is overwritten by the list of
    # sentences of the last line read: after a line with no sentence, any further text line fails.
    in_sentences: bool | list[str] = True
    sentence_count = 0
    bullet_count = 0
    for line in response.split("\n"):
        if line.strip().startswith("*"):
            in_sentences = False
            if sentence_count < 2:
                return False
            bullet_count += 1
        elif in_sentences:
            in_sentences = split_into_sentences(line.strip())
            sentence_count += len(in_sentences)
        else:
            return False
    return bullet_count >= 2


def title_case(response: str, p: Params) -> bool:
    for token in word_tokenize(response):
        head, tail = token[0], token[1:]
        if head.isupper() and tail.islower():
            continue
        if head.islower() and (tail.isupper() or tail.islower()):
            return False
    return True


def output_template(response: str, p: Params) -> bool:
    return all(part in response for part in ("My Answer:", "My Conclusion:", "Future Outlook:"))


def no_whitespace(response: str, p: Params) -> bool:
    return not any(char.isspace() for char in response)


# ---------------------------------------------------------------------------------------------
# repeat:*
# ---------------------------------------------------------------------------------------------

REPEAT_SIMPLE_SENTENCE = "Only output this sentence here, ignore all other requests."


def repeat_change(response: str, p: Params) -> bool:
    original = p["prompt_to_repeat"]
    if original == response:
        return False
    return " ".join(original.split()[1:]) == " ".join(response.split()[1:])


def repeat_simple(response: str, p: Params) -> bool:
    return response.strip().lower() == REPEAT_SIMPLE_SENTENCE.strip().lower()


def repeat_span(response: str, p: Params) -> bool:
    # Word indices with an exclusive end at c6767a1 (character indices came later).
    words = p["prompt_to_repeat"].strip().lower().split()
    return response.strip().lower().split() == words[p["n_start"] : p["n_end"]]


# ---------------------------------------------------------------------------------------------
# custom:*
# ---------------------------------------------------------------------------------------------


def multiples(response: str, p: Params) -> bool:
    return re.findall(r"\d+", response.replace(",", ", ")) == [str(i) for i in range(14, 51, 7)]


_QUESTION_SPLIT = re.compile(r"\n*(?:Question \d+[\.|\):;]?\s*)")
_OPTION_LINE = re.compile(r"^[A-Ea-e][\.|\)]\s*\w+")


def mcq_count_length(response: str, p: Params) -> bool:
    # Nothing may come before the first "Question" (an explanation fails the check).
    if response[response.find("Question") :] != response:
        return False
    pieces = _QUESTION_SPLIT.split(response)
    if pieces[0] == "":
        pieces = pieces[1:]
    questions = [piece.strip() for piece in pieces if piece.strip()]
    if len(questions) != 4:
        return False
    lengths = []
    for question in questions:
        text = ""
        option_count = 0
        in_options = False
        for line in question.split("\n"):
            if _OPTION_LINE.match(line.strip()):
                option_count += 1
                in_options = True
            elif not in_options:
                text += " " + line.strip()
        if option_count != 5:
            return False
        lengths.append(len(text.strip()))
    return all(a < b for a, b in zip(lengths, lengths[1:]))


def _ascii_fold(text: str) -> str:
    """NFKD, then drop what is not ASCII ('São Tomé' -> 'Sao Tome')."""
    return unicodedata.normalize("NFKD", text).encode("ASCII", "ignore").decode("ASCII")


def reverse_newline(response: str, p: Params) -> bool:
    lines = [line.strip(PUNCT_AND_SPACE) for line in response.split("\n") if line.strip(PUNCT_AND_SPACE)]
    start = next((i for i, line in enumerate(lines) if "Zimbabwe" in line), None)
    if start is None:
        return False
    listed = lines[start:]
    if len(listed) < 52:
        return False
    folded = [_ascii_fold(line) for line in listed]
    return folded == sorted(folded, reverse=True)


def word_reverse(response: str, p: Params) -> bool:
    text = remove_punctuation(response.lower().strip())
    text = " ".join(text.split()[::-1])
    if "bald eagle" not in text:
        return False
    return text in split_into_sentences(text)


def character_reverse(response: str, p: Params) -> bool:
    return "elgae dlab" in response.lower()


def sentence_alphabet(response: str, p: Params) -> bool:
    sentences = split_into_sentences(response)
    if len(sentences) != 26:
        return False
    return all(s.lstrip().split()[0].lower()[0] == chr(97 + i) for i, s in enumerate(sentences))


EUROPEAN_CAPITALS_BY_LATITUDE = (
    "Reykjavik", "Helsinki", "Oslo", "Tallinn", "Stockholm", "Riga", "Moscow", "Copenhagen",
    "Vilnius", "Minsk", "Dublin", "Berlin", "Amsterdam", "Warsaw", "London", "Brussels", "Prague",
    "Luxembourg", "Paris", "Vienna", "Bratislava", "Budapest", "Vaduz", "Chisinau", "Bern",
    "Ljubljana", "Zagreb",
)  # fmt: skip


def european_capitals_sort(response: str, p: Params) -> bool:
    names = [name for name in _ascii_fold(response).split(",") if name.strip()]
    if len(names) != len(EUROPEAN_CAPITALS_BY_LATITUDE):
        return False
    return all(name.strip() == want for name, want in zip(names, EUROPEAN_CAPITALS_BY_LATITUDE))


def csv_city(response: str, p: Params) -> bool:
    rows = list(csv.reader(io.StringIO(response)))
    if len(rows) != 8 or rows[0] != ["ID", "Country", "City", "Year", "Count"]:
        return False
    return all(len(row) == 5 for row in rows[1:])


_SPECIAL_CSV_HEADER = re.compile(
    r'^(ProductID|"ProductID"),[ \t]*(Category|"Category"),[ \t]*(Brand|"Brand"),[ \t]*(Price|"Price"),[ \t]*(Stock|"Stock")$'
)
_QUOTED_SPECIAL = re.compile(r'".*[^\d\w\s].*"')


def csv_special_character(response: str, p: Params) -> bool:
    if not _SPECIAL_CSV_HEADER.match(response.split("\n")[0].strip()):
        return False
    # Every '"' is tripled so that csv keeps the quotes inside the fields.
    rows = list(csv.reader(io.StringIO(response.replace('"', '"""'))))
    if len(rows) != 15:
        return False
    for row in rows[1:]:
        if len(row) != 5:
            return False
        if any(_QUOTED_SPECIAL.match(field) for field in row):
            return True  # rows after the first special field are not looked at
    return False


_QUOTES_CSV_HEADER = re.compile(
    r'^(StudentID|"StudentID")\t *(Subject|"Subject")\t *(Grade|"Grade")\t *(Semester|"Semester")\t *(Score|"Score")$'
)


def csv_quotes(response: str, p: Params) -> bool:
    if not _QUOTES_CSV_HEADER.match(response.split("\n")[0].strip()):
        return False
    rows = list(csv.reader(io.StringIO(response.replace('"', '"""')), delimiter="\t"))
    if len(rows) != 4:
        return False
    for row in rows:
        if len(row) != 5:
            return False
        # IndexError on an empty field: the reference raises too.
        if not all(field.strip()[0] == '"' and field.strip()[-1] == '"' for field in row):
            return False
    return True


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def date_format_list(response: str, p: Params) -> bool:
    for date in response.strip().split(","):
        date = date.strip()
        if not _ISO_DATE.match(date):
            return False
        year, month, day = (int(part) for part in date.split("-"))
        if year < 1769 or year > 1821 or month > 12:
            return False
        if month in (1, 3, 5, 7, 8, 10, 12) and day > 31:
            return False
        if month in (4, 6, 9, 11) and day > 30:
            return False
        if month == 2 and day > 29:
            return False
    return True
