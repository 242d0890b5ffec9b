"""Build the responses that tests/ifbench/data/reference_verdicts.jsonl holds, for every IFBench instruction id.

For each of the 58 ids a real test row is used (its instruction list and kwargs), with responses
that follow the instruction, that break it, and edge cases the reference treats specially. The
expected verdicts in the fixture were NOT produced by this suite: they come from running the
reference itself (allenai/IFBench at c6767a1 with NeMo-Skills' ifbench.patch, NLTK 3.9.2,
emoji 2.15.0, syllapy 0.8.0) on these cases, outside the repository:

    python tests/ifbench/make_reference_cases.py <data_dir> > cases.jsonl
    (in a checkout of the reference)  python ref_runner.py < cases.jsonl > verdicts.jsonl

`ref_runner.py` feeds each case to evaluation_lib.test_instruction_following_strict/loose and
records follow_instruction_list. This script contains no reference code.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

# One row per instruction id: (file, key). Key 273 (custom:character_reverse) exists only in the 300-row file.
ROWS = {
    "count:keywords_multiple": "0", "count:conjunctions": "5", "words:keywords_specific_position": "10",
    "words:words_position": "14", "count:numbers": "17", "count:unique_word_count": "24",
    "count:person_names": "25", "count:pronouns": "30", "count:punctuation": "35",
    "count:word_count_range": "41", "format:list": "46", "count:words_japanese": "47",
    "repeat:repeat_change": "60", "repeat:repeat_simple": "63", "format:emoji": "65",
    "sentence:keyword": "71", "format:line_indent": "73", "ratio:sentence_words": "80",
    "words:no_consecutive": "87", "format:newline": "90", "format:no_bullets_bullets": "95",
    "format:options": "100", "format:parentheses": "106", "format:quote_unquote": "113",
    "format:quotes": "118", "format:sub-bullets": "126", "ratio:stop_words": "133",
    "format:thesis": "138", "ratio:overlap": "144", "ratio:sentence_balance": "153",
    "words:consonants": "158", "ratio:sentence_type": "160", "sentence:alliteration_increment": "178",
    "sentence:increment": "183", "words:alphabet": "200", "words:odd_even_syllables": "215",
    "words:last_first": "219", "words:palindrome": "234", "words:paragraph_last_first": "241",
    "words:prime_lengths": "247", "words:repeats": "252", "words:start_verb": "257",
    "words:vowel": "263", "custom:csv_city": "268", "custom:csv_quotes": "275",
    "custom:csv_special_character": "276", "custom:date_format_list": "277",
    "custom:european_capitals_sort": "278", "custom:mcq_count_length": "279", "custom:multiples": "280",
    "custom:reverse_newline": "281", "custom:sentence_alphabet": "282", "custom:word_reverse": "283",
    "repeat:repeat_span": "284", "format:title_case": "288", "format:output_template": "292",
    "format:no_whitespace": "296",
}  # fmt: skip
ROW_300 = {
    "custom:character_reverse": {"key": "273", "instruction_id_list": ["custom:character_reverse"], "kwargs": [{}]},
}

AFRICA = sorted(
    [name.replace("_", " ") for name in """Algeria Angola Benin Botswana Burkina_Faso Burundi Cabo_Verde Cameroon
    Central_African_Republic Chad Comoros Congo Cote_d'Ivoire Djibouti DR_Congo Egypt Equatorial_Guinea Eritrea
    Eswatini Ethiopia Gabon Gambia Ghana Guinea Guinea-Bissau Kenya Lesotho Liberia Libya Madagascar Malawi Mali
    Mauritania Mauritius Morocco Mozambique Namibia Niger Nigeria Rwanda São_Tomé_and_Príncipe Senegal Seychelles
    Sierra_Leone Somalia South_Africa South_Sudan Sudan Tanzania Togo Tunisia Uganda Zambia Zimbabwe""".split()],
    key=lambda name: unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode(),
    reverse=True,
)
CAPITALS = (
    "Reykjavik, Helsinki, Oslo, Tallinn, Stockholm, Riga, Moscow, Copenhagen, Vilnius, Minsk, Dublin, Berlin, "
    "Amsterdam, Warsaw, London, Brussels, Prague, Luxembourg, Paris, Vienna, Bratislava, Budapest, Vaduz, "
    "Chisinau, Bern, Ljubljana, Zagreb"
)
ALPHABET_STORY = [
    "Alice awoke early.", "Birds were singing outside.", "Coffee brewed in the kitchen.", "Down the hall, a door creaked.",
    "Everyone else was asleep.", "Fog covered the garden.", "Gently, she opened the window.", "Her cat jumped onto the sill.",
    "It purred loudly.", "Just then, the phone rang.", "Kate, her sister, was calling.", "Loud music played behind her.",
    "Maybe it was a party.", "No, it was a wedding!", "Only Kate would call at dawn.", "Perhaps she was excited.",
    "Quickly, Alice dressed.", "Rain began to fall.", "She grabbed an umbrella.", "The bus was late.",
    "Under the shelter, she waited.", "Very soon, it arrived.", "When she got there, everyone cheered.",
    "Xylophones played a tune.", "Yellow balloons floated up.", "Zest for life filled the room.",
]


def mcq(lengths_ok: bool = True, explanation: bool = False, options: int = 5) -> str:
    stems = [
        "Who painted Guernica?",
        "Which movement did Duchamp belong to?",
        "Which artist is best known for the drip technique in painting?",
        "Which twentieth century art movement was founded in Zurich during the First World War?",
    ]
    if not lengths_ok:
        stems = list(reversed(stems))
    parts = ["Here are the questions.\n"] if explanation else []
    for n, stem in enumerate(stems, 1):
        opts = "\n".join(f"{letter}) Option {letter.lower()}" for letter in "ABCDE"[:options])
        parts.append(f"Question {n}: {stem}\n{opts}\n")
    return "\n".join(parts)


def csv_city(rows: int = 7, header: str = "ID,Country,City,Year,Count") -> str:
    body = "\n".join(f"{i},France,Paris,{2000 + i},{i * 10}" for i in range(1, rows + 1))
    return header + "\n" + body


def csv_special(rows: int = 14, special: bool = True) -> str:
    lines = ["ProductID,Category,Brand,Price,Stock"]
    for i in range(1, rows + 1):
        brand = '"Brand & Co"' if special and i == 3 else f"Brand{i}"
        lines.append(f"{i},Tools,{brand},{i}.99,{i * 5}")
    return "\n".join(lines)


def csv_quotes(quoted: bool = True, rows: int = 3) -> str:
    q = (lambda s: f'"{s}"') if quoted else (lambda s: s)
    lines = ["\t".join(q(h) for h in ["StudentID", "Subject", "Grade", "Semester", "Score"])]
    for i in range(1, rows + 1):
        lines.append("\t".join(q(v) for v in [f"S{i}", "Math", "A", "Fall", str(90 + i)]))
    return "\n".join(lines)


def responses_for(instruction_id: str, kwargs: dict) -> list[tuple[str, str]]:
    """(label, response) pairs for one instruction id; kwargs are the row's non-null arguments."""
    k = kwargs
    if instruction_id == "count:keywords_multiple":
        good = "kaleidoscope nebula nebula whisper whisper whisper " + "labyrinth " * 5 + "paradox " * 7
        return [
            ("follows", good.strip()),
            ("case_insensitive", good.upper()),
            ("one_too_many", good + " paradox"),
            ("substring_counts", good.replace("whisper whisper whisper", "whispers whisper whisper")),
            ("markdown_bold", good.replace("kaleidoscope", "**kaleidoscope**")),
        ]
    if instruction_id == "count:conjunctions":
        return [
            ("five_distinct", "I came and saw, but left, for it was late, so I ran, or walked."),
            ("punctuation_attached", "and, but; for: so. or!"),
            ("case_variants_count_separately", "and And AND and, and."),
            ("four_only", "and but for so"),
        ]
    if instruction_id == "words:keywords_specific_position":
        filler = " ".join(f"Sentence number {i} is here." for i in range(1, 22))
        words = ["w"] * 32 + ["giggle"] + ["end"]
        target = " ".join(words) + "."
        return [
            ("follows", filler + " " + target),
            ("wrong_case", filler + " " + target.replace("giggle", "Giggle")),
            ("wrong_position", filler + " " + " ".join(["w"] * 31 + ["giggle", "x", "end"]) + "."),
            ("too_few_sentences", target),
            ("punctuation_token", filler + " " + " ".join(["w"] * 31 + [","] + ["giggle"]) + "."),
        ]
    if instruction_id == "words:words_position":
        return [
            ("follows", "A vibrant city stays vibrant ."),
            ("punctuation_is_last_token", "A vibrant city stays vibrant."),
            ("capitalised", "A Vibrant city stays Vibrant ."),
            ("too_short", "vibrant"),
        ]
    if instruction_id == "count:numbers":
        return [
            ("two_numbers", "There are 3 cats and 12 dogs."),
            ("decimal_is_one_number", "Pi is 3.14 and e is 2.71."),
            ("thousands_separator", "It cost 1,000 dollars."),
            ("unicode_digits", "Values ٣ and ٤ appear."),
            ("three_numbers", "1 2 3"),
        ]
    if instruction_id == "count:unique_word_count":
        many = " ".join(f"word{i}" for i in range(40)) + " 1 2"
        return [
            ("follows", many),
            ("few_words", "The the THE the. a b c"),
            ("punctuation_words", " ".join(f"w{i}," for i in range(35)) + " -- !!"),
        ]
    if instruction_id == "count:person_names":
        names = ["Emma", "Liam", "Sophia", "Jackson", "Olivia", "Noah", "Ava", "Lucas", "Isabella", "Mason"]
        return [
            ("ten_names", "Friends: " + ", ".join(names) + "."),
            ("substrings_count", "Leonard, Avalon, Emmanuel, Liam, Sophia, Jacksonville, Olivia, Noah, Lucas, Masonry."),
            ("nine_names", ", ".join(names[:9])),
            ("lowercase_not_found", ", ".join(n.lower() for n in names)),
        ]
    if instruction_id == "count:pronouns":
        text = "I me my mine myself we us our ours ourselves you your yours yourself yourselves he him his himself she her hers"
        return [
            ("twenty_two", text),
            ("slash_pairs", "she/her he/him they/them " * 4),
            ("apostrophes", "I'm you're it's we're " * 6),
            ("twenty_one", " ".join(text.split()[:21])),
        ]
    if instruction_id == "count:punctuation":
        return [
            ("all_marks", "Hello, world. Really?! Yes: indeed; wow! Why?"),
            ("interrobang_only_once", "Hello, world. Really?! Yes: indeed; wow"),
            ("unicode_interrobang", "Hello, world. Really‽ Yes: indeed; wow! Why?"),
            ("missing_semicolon", "Hello, world. Really?! Yes: indeed, wow! Why?"),
            ("bang_question", "A, b. c!? d: e; f! g?"),
        ]
    if instruction_id == "count:word_count_range":
        return [
            ("seventy_two", " ".join(["word"] * 72)),
            ("seventy_one_with_markdown", "**Title**\n" + " ".join(["word"] * 70)),
            ("seventy", " ".join(["word"] * 70)),
            ("contractions_split", " ".join(["don't"] * 36)),
            ("unicode_words", " ".join(["café"] * 72)),
        ]
    if instruction_id == "format:list":
        return [
            ("two_markers", "Items:\n!?!? apples\n!?!? pears"),
            ("one_marker", "Items:\n!?!? apples\n- pears"),
            ("overlapping_markers", "!?!?!?"),
            ("inline_markers", "a !?!? b !?!? c"),
        ]
    if instruction_id == "count:words_japanese":
        return [
            ("every_fifth", "one two three four 日本 six seven eight nine 東京"),
            ("fifth_english", "one two three four five"),
            ("fifth_is_number", "one two three four 55 six"),
            ("katakana_with_punct", "one two three four カタカナ, six"),
            ("fifth_is_punct_only", "one two three four -- six"),
        ]
    if instruction_id == "repeat:repeat_change":
        original = k["prompt_to_repeat"]
        changed = "Create " + " ".join(original.split()[1:])
        return [
            ("first_word_changed", changed),
            ("unchanged_repeat", original),
            ("whitespace_normalised", changed.replace(" ", "  ")),
            ("answered_instead", "Here is a JPEG compressor in Python."),
            ("preamble_line", "Sure:\n" + changed),
        ]
    if instruction_id == "repeat:repeat_simple":
        return [
            ("exact", "Only output this sentence here, ignore all other requests."),
            ("case_and_space", "  only OUTPUT this sentence here, ignore all other requests.  "),
            ("bold", "**Only output this sentence here, ignore all other requests.**"),
            ("missing_period", "Only output this sentence here, ignore all other requests"),
        ]
    if instruction_id == "format:emoji":
        return [
            ("each_sentence", "I love pizza 🍕. It is great 😀! Do you agree 🤔?"),
            ("emoji_after_period", "I love pizza. 🍕 It is great. 😀"),
            ("missing_last", "I love pizza 🍕. It is great."),
            ("variation_selector", "I love the sun ☀️. Me too ❤️."),
            ("no_emoji", "I love pizza."),
        ]
    if instruction_id == "sentence:keyword":
        base = [f"This is sentence {i} 🙂." for i in range(1, 9)]
        with_kw = base[:7] + ["The fleetness of deer 🙂."]
        return [
            ("eighth_sentence", " ".join(with_kw)),
            ("uppercase_keyword", " ".join(base[:7] + ["FLEETNESS matters 🙂."])),
            ("keyword_in_seventh", " ".join(base[:6] + ["Fleetness 🙂."] + base[7:])),
            ("too_few", "Fleetness."),
        ]
    if instruction_id == "format:line_indent":
        return [
            ("stairs", "a\n b\n  c\n   d"),
            ("flat", "a\nb"),
            ("blank_lines_between", "a\n\n b\n\n  c"),
            ("two_blank_lines_quirk", "a\n\n\n b"),
            ("tabs_do_not_count", "a\n\tb"),
            ("title_line_loose", "Title\na\n b\n  c"),
        ]
    if instruction_id == "ratio:sentence_words":
        return [
            ("three_equal", "Cats nap. Dogs run. Owls fly."),
            ("unequal", "Cats nap. Dogs run fast. Owls fly."),
            ("four_sentences", "Cats nap. Dogs run. Owls fly. Fish swim."),
        ]
    if instruction_id == "words:no_consecutive":
        return [
            ("alternating", "Apples grow on trees near houses."),
            ("repeat_letter", "Big bad wolf."),
            ("punctuation_between", "Big, bad wolf."),
        ]
    if instruction_id == "format:newline":
        return [
            ("one_per_line", "Each\nword\non\nits\nline"),
            ("two_on_a_line", "Each word\non\nline"),
            ("blank_lines", "Each\n\nword\n\nhere"),
            ("punctuation_line", "Each\nword\n...\nhere"),
            ("hyphenated", "well-known\nfact"),
        ]
    if instruction_id == "format:no_bullets_bullets":
        return [
            ("follows", "This is one. This is two.\n* first\n* second"),
            ("one_sentence", "This is one.\n* first\n* second"),
            ("one_bullet", "This is one. This is two.\n* first"),
            ("text_after_bullets", "This is one. This is two.\n* first\n* second\nThe end."),
            ("blank_line_then_text_quirk", "This is one. This is two.\n\nThree.\n* first\n* second"),
            ("blank_line_before_bullets", "This is one. This is two.\n\n* first\n* second"),
        ]
    if instruction_id == "format:options":
        return [
            ("yes", "yes"),
            ("capital_with_period", "Maybe."),
            ("explanation", "Yes, because it is."),
            ("bold_loose", "**No**"),
        ]
    if instruction_id == "format:parentheses":
        return [
            ("five_levels", "(a [b {c (d [e] d) c} b] a)"),
            ("four_levels", "(a [b {c (d) c} b] a)"),
            ("mismatch_resets", "(a [b {c (d [e) d) c} b] a)"),
            ("unclosed_outer", "(((( (x)"),
        ]
    if instruction_id == "format:quote_unquote":
        return [
            ("explained", 'He said "hello" to greet us.'),
            ("ends_with_quote", 'He said "hello"'),
            ("ends_with_quote_and_period", 'He said "hello".'),
            ("adjacent_quotes", 'Words "a" "b" here.'),
            ("curly_quotes", "He said “hello”"),
            ("only_punctuation", "..."),
        ]
    if instruction_id == "format:quotes":
        return [
            ("three_levels", "He said \"she said 'they said \"hi\" ok' fine\" end."),
            ("two_levels", "He said \"she said 'hi' ok\" end."),
            ("apostrophe_breaks", "He said \"she didn't say 'hi' ok\" end."),
        ]
    if instruction_id == "format:sub-bullets":
        return [
            ("follows", "* Fruit\n  - apple\n* Veg\n  - kale"),
            ("missing_sub", "* Fruit\n  - apple\n* Veg"),
            ("no_asterisk", "plain text"),
            ("bold_markdown", "**Fruit** list - apple"),
        ]
    if instruction_id == "ratio:stop_words":
        return [
            ("low_ratio", "Quantum computing leverages superposition entanglement interference algorithms."),
            ("high_ratio", "It is what it is and that is that."),
            ("no_words", "!!! ???"),
        ]
    if instruction_id == "format:thesis":
        return [
            ("italic_i", "<i>Cats rule.</i> Here is why."),
            ("italic_em", "<em>Cats rule.</em> Here is why."),
            ("nothing_after", "<i>Cats rule.</i>"),
            ("markdown_italics", "*Cats rule.* Here is why."),
            ("empty_thesis", "<i> </i> text"),
        ]
    if instruction_id == "ratio:overlap":
        reference = k["reference_text"]
        return [("copy_reference", reference), ("unrelated", "Completely unrelated words about gardening and tulips.")] + [
            (f"tuned_{n}", tuned) for n, tuned in enumerate(_tuned_overlaps(reference, k["percentage"]))
        ] + [("two_chars", "ab")]
    if instruction_id == "ratio:sentence_balance":
        return [
            ("balanced", "I run. Do you? Wow!"),
            ("unbalanced", "I run. I walk. Do you? Wow!"),
            ("quoted_marks", 'He said "go!" Then "why?" And "ok."'),
        ]
    if instruction_id == "words:consonants":
        return [
            ("clusters", "Strong crisp blocks"),
            ("no_cluster", "Strong idea"),
            ("y_is_consonant", "Strong myth"),
            ("punctuation_inside", "st, cr!"),
        ]
    if instruction_id == "ratio:sentence_type":
        return [
            ("two_to_one", "I run. I walk. Do you?"),
            ("one_to_one", "I run. Do you?"),
            ("none", "Hello"),
        ]
    if instruction_id == "sentence:alliteration_increment":
        return [
            ("increasing", "Big dog. Big bad cat. Silly sad snake slides."),
            ("flat", "Big bad cat. Big bad dog."),
            ("punctuation_prefix", "Hi. \"Big\" (bad) day."),
        ]
    if instruction_id == "sentence:increment":
        return [
            ("plus_four", "One two. One two three four five six. A b c d e f g h i j."),
            ("plus_three", "One two. One two three four five."),
            ("single_sentence", "Just one sentence here."),
            ("punctuation_only_tokens", "A b. - A b c d e f!"),
        ]
    if instruction_id == "words:alphabet":
        return [
            ("a_to_e", "Apples bake crispy dough evenly."),
            ("wraps_around", "Yes zebras are big."),
            ("breaks", "Apples bake dough."),
            ("starts_with_digit", "1 apple."),
            ("hyphen_joins_words", "Apple-bake crispy."),
        ]
    if instruction_id == "words:odd_even_syllables":
        return [
            ("alternating", "cat apple dog"),
            ("two_odd", "cat dog"),
            ("single_word", "banana"),
        ]
    if instruction_id == "words:last_first":
        return [
            ("chained", "I like cats. Cats like fish. Fish swim."),
            ("broken", "I like cats. Dogs like fish."),
            ("case_insensitive", "I like Cats. cats like fish."),
            ("punctuation_only_sentence", "I like cats. !. Cats run."),
        ]
    if instruction_id == "words:palindrome":
        pals = "level radar civic kayak refer rotor madam stats tenet racecar"
        return [
            ("ten", pals),
            ("nine", " ".join(pals.split()[:9])),
            ("with_punctuation", ", ".join(pals.split()) + "."),
            ("case", pals.upper()),
        ]
    if instruction_id == "words:paragraph_last_first":
        return [
            ("follows", "Time flies like time\nDogs chase dogs."),
            ("breaks", "Time flies fast\nDogs chase dogs."),
            ("case_and_punct", "\"Time flies, TIME.\"\n\nok ok"),
        ]
    if instruction_id == "words:prime_lengths":
        return [
            ("primes", "it was the great whale"),
            ("has_four", "this is it"),
            ("punctuation_removed", "it's an ox."),
            ("one_letter", "a cat"),
        ]
    if instruction_id == "words:repeats":
        return [
            ("four_times", "go go go go stop"),
            ("five_times", "go go go go go"),
            ("case_and_punct_merge", "Go, go. GO! go? go"),
        ]
    if instruction_id == "words:start_verb":
        return [
            ("imperative", "Run to the store and buy milk."),
            ("noun_start", "The store sells milk."),
            ("markdown_heading", "**Run** to the store."),
            ("first_line_title", "Title\nRun to the store."),
            ("gerund", "Running is fun."),
        ]
    if instruction_id == "words:vowel":
        return [
            ("three_vowels", "A cat ran at a man."),
            ("four_vowels", "A cat ran to a man."),
            ("two_paragraphs", "A cat.\nA man."),
            ("trailing_newline_stripped", "A cat ran.\n"),
        ]
    if instruction_id == "custom:csv_city":
        return [
            ("follows", csv_city()),
            ("six_rows", csv_city(6)),
            ("spaced_header", csv_city(header="ID, Country, City, Year, Count")),
            ("code_fence_loose", "```\n" + csv_city() + "\n```"),
        ]
    if instruction_id == "custom:csv_quotes":
        return [
            ("all_quoted", csv_quotes()),
            ("unquoted", csv_quotes(quoted=False)),
            ("two_rows", csv_quotes(rows=2)),
        ]
    if instruction_id == "custom:csv_special_character":
        return [
            ("follows", csv_special()),
            ("no_special", csv_special(special=False)),
            ("thirteen_rows", csv_special(13)),
        ]
    if instruction_id == "custom:date_format_list":
        return [
            ("follows", "1796-04-12, 1805-12-02, 1815-06-18"),
            ("out_of_range_year", "1796-04-12, 1830-01-01"),
            ("bad_day", "1796-04-31"),
            ("explanation", "Dates: 1796-04-12"),
            ("feb_29", "1800-02-29"),
        ]
    if instruction_id == "custom:european_capitals_sort":
        return [
            ("follows", CAPITALS),
            ("accents_folded", CAPITALS.replace("Reykjavik", "Reykjavík").replace("Chisinau", "Chișinău")),
            ("missing_one", CAPITALS.replace(", Zagreb", "")),
            ("swapped", CAPITALS.replace("Oslo, Tallinn", "Tallinn, Oslo")),
        ]
    if instruction_id == "custom:mcq_count_length":
        return [
            ("follows", mcq()),
            ("shrinking", mcq(lengths_ok=False)),
            ("explanation_first", mcq(explanation=True)),
            ("four_options", mcq(options=4)),
        ]
    if instruction_id == "custom:multiples":
        return [
            ("follows", "14, 21, 28, 35, 42, 49"),
            ("glued_commas", "14,21,28,35,42,49"),
            ("includes_7", "7, 14, 21, 28, 35, 42, 49"),
            ("words", "fourteen"),
        ]
    if instruction_id == "custom:reverse_newline":
        listing = "\n".join(AFRICA)
        return [
            ("follows", listing),
            ("numbered", "\n".join(f"{n}. {c}" for n, c in enumerate(AFRICA, 1))),
            ("intro_line", "Here they are:\n" + listing),
            ("out_of_order", "\n".join([AFRICA[1], AFRICA[0]] + AFRICA[2:])),
            ("too_short", "\n".join(AFRICA[:10])),
        ]
    if instruction_id == "custom:sentence_alphabet":
        return [
            ("follows", " ".join(ALPHABET_STORY)),
            ("twenty_five", " ".join(ALPHABET_STORY[:25])),
            ("wrong_letter", " ".join(["Bob awoke."] + ALPHABET_STORY[1:])),
        ]
    if instruction_id == "custom:word_reverse":
        return [
            ("reversed", "eagle bald the is symbol national The"),
            ("normal_order", "The bald eagle is the national symbol."),
            ("two_sentences", "Eagle bald. Yes."),
        ]
    if instruction_id == "custom:character_reverse":
        return [("reversed", ".elgae dlab ehT"), ("normal", "The bald eagle."), ("upper", "ELGAE DLAB")]
    if instruction_id == "repeat:repeat_span":
        words = k["prompt_to_repeat"].split()
        span = " ".join(words[k["n_start"] : k["n_end"]])
        inclusive = " ".join(words[k["n_start"] : k["n_end"] + 1])
        return [
            ("exclusive_end", span),
            ("inclusive_end", inclusive),
            ("case_and_spacing", "  " + span.upper().replace(" ", "\n") + " "),
            ("quoted", f'"{span}"'),
        ]
    if instruction_id == "format:title_case":
        return [
            ("title", "The Quick Brown Fox Jumps."),
            ("small_word", "The Quick brown Fox."),
            ("acronym_ok", "NASA And The Moon"),
            ("single_letter_lower", "A b C"),
            ("camel_lower_first", "iPhone Review"),
        ]
    if instruction_id == "format:output_template":
        return [
            ("follows", "My Answer: yes My Conclusion: good Future Outlook: bright"),
            ("missing_part", "My Answer: yes My Conclusion: good"),
            ("bold_labels_loose", "**My Answer:** yes **My Conclusion:** good **Future Outlook:** bright"),
        ]
    if instruction_id == "format:no_whitespace":
        return [
            ("none", "NoSpacesHere!"),
            ("space", "No spaces"),
            ("nbsp", "No\u00a0spaces"),
            ("title_line_loose", "Answer\nNoSpaces"),
        ]
    raise KeyError(instruction_id)


def _trigrams(text: str) -> set[str]:
    return {text[i : i + 3] for i in range(len(text) - 2)}


def _tuned_overlaps(reference: str, percentage: float) -> list[str]:
    """Responses whose character-trigram overlap with the reference is just inside and just outside the ±2 band."""
    filler = "zq xv jk wp qz vx kj pw " * 40
    found: dict[str, str] = {}
    ref = _trigrams(reference)
    for cut in range(len(reference), 2, -1):
        for extra in range(0, len(filler), 3):
            text = reference[:cut] + filler[:extra]
            grams = _trigrams(text)
            if not grams:
                continue
            share = 100 * len(grams & ref) / len(grams)
            for name, lo, hi in (
                ("inside", percentage - 2, percentage + 2),
                ("below", percentage - 4, percentage - 2.01),
                ("above", percentage + 2.01, percentage + 4),
            ):
                if name not in found and lo <= share <= hi:
                    found[name] = text
        if len(found) == 3:
            break
    return [found[name] for name in ("inside", "below", "above") if name in found]


GENERIC = [("empty", ""), ("blank", "  \n \t ")]


def wrapped(response: str) -> list[tuple[str, str]]:
    """The first response of an id wrapped the way models often wrap answers (what loose mode is for)."""
    return [
        ("intro_line", "Sure, here is my answer:\n" + response),
        ("outro_line", response + "\nHope this helps!"),
        ("intro_and_outro", "Answer:\n" + response + "\n-- end"),
        ("bold_wrapped", "**" + response + "**"),
    ]


def build_cases(data_dir: Path) -> list[dict]:
    rows = {}
    with (data_dir / "ifbench" / "IFBench_test.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            rows[row["key"]] = row
    cases = []
    for instruction_id in sorted(set(ROWS) | set(ROW_300)):
        if instruction_id in ROWS:
            row = rows[ROWS[instruction_id]]
            source = "IFBench_test.jsonl@c6767a1"
        else:
            row = ROW_300[instruction_id]
            source = "IFBench_test.jsonl@db69a6f"
        kwargs = [{a: v for a, v in kw.items() if v is not None} for kw in row["kwargs"]]
        target = row["instruction_id_list"].index(instruction_id)
        specific = responses_for(instruction_id, kwargs[target])
        for label, response in GENERIC + specific + wrapped(specific[0][1]):
            cases.append(
                {
                    "case": f"{instruction_id}/{label}",
                    "target": instruction_id,
                    "source": source,
                    "key": row["key"],
                    "instruction_id_list": row["instruction_id_list"],
                    "kwargs": kwargs,
                    "prompt": f"ifbench-case-{len(cases)}",  # only the reference's lookup key
                    "response": response,
                }
            )
    return cases


if __name__ == "__main__":
    for case in build_cases(Path(sys.argv[1])):
        print(json.dumps(case, ensure_ascii=False))
