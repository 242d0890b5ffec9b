"""LiveCodeBench data loading, split selection, private-test decoding, the prompt and code extraction."""

from __future__ import annotations

import json
from datetime import date

import pytest

from evals.livecodebench import data as lcb_data
from evals.livecodebench.data import (
    DataError, decode_private_tests, encode_private_tests, load_problems, load_tests, parse_split, resolve_split,
)
from evals.livecodebench.extract import extract_code
from evals.livecodebench.prompt import build_question, build_request
from evals.livecodebench.task import load
from evals.livecodebench.score import LcbOptions
from tests.livecodebench.rows import HARD_ROW, PAIR_ROW, SUM_ROW, row, write_hub_dir


def test_split_names_are_nemo_skills_month_ranges():
    assert parse_split("test_v5_2407_2412") == lcb_data.SplitSpec("release_v5", date(2024, 7, 1), date(2024, 12, 31))
    assert parse_split("test_v6_2408_2505") == lcb_data.SplitSpec("release_v6", date(2024, 8, 1), date(2025, 5, 31))
    assert parse_split("test_v5_2408_2502").end == date(2025, 2, 28)
    spec = resolve_split("test_v5_2407_2412", None, "2024-11-01", "2024-11-30")
    assert (spec.release_version, spec.start, spec.end) == ("release_v5", date(2024, 11, 1), date(2024, 11, 30))
    with pytest.raises(DataError, match="expected test_v<N>"):
        parse_split("v5")
    with pytest.raises(DataError, match="release_version"):
        resolve_split("test_v5_2407_2412", "release_v9", None, None)
    assert lcb_data.RELEASE_FILES["release_v5"] == ("test.jsonl", "test2.jsonl", "test3.jsonl", "test4.jsonl", "test5.jsonl")


def test_default_split_keeps_release_v5_rows_within_the_dates(hub_dir):
    dataset = load(hub_dir, LcbOptions())
    ids = [p.question_id for p in dataset.items]
    assert ids == ["abc901_a", "3901", "1999_C"]  # file order; 2024-06-30 and 2025-01-01 excluded, test6 unused
    assert dataset.notes["release_version"] == "release_v5" and dataset.revision.startswith("files:")
    pair = dataset.items[1]
    assert pair.fn_name == "pairSum" and pair.platform == "leetcode" and pair.difficulty == "medium"
    assert pair.public_tests[0].input == "[1, 2, 3, 4]\n5"
    v6 = load(hub_dir, LcbOptions(split="test_v6_2408_2505"))
    assert [p.question_id for p in v6.items] == ["3901", "1999_C", "abc950_c", "abc990_a"]


def test_loading_does_not_decode_private_tests(hub_dir, monkeypatch):
    calls = []
    monkeypatch.setattr(lcb_data, "decode_private_tests", lambda text: calls.append(text) or [])
    load_problems(hub_dir, parse_split("test_v5_2407_2412"))
    assert calls == []


def test_private_tests_decoded_when_scored_public_first(hub_dir):
    problems = load_problems(hub_dir, parse_split("test_v5_2407_2412"))
    tests = load_tests(problems[0])
    assert tests.inputs == ("3\n1 2 3\n", "2\n10 -4\n", "1\n7\n", "5\n1 1 1 1 1\n")
    assert tests.outputs[0] == "6\n" and tests.fn_name is None
    plain = load_tests(problems[2])  # plain-JSON private tests
    assert plain.inputs == ("4\n1 -2 3 -1\n", "3\n-1 -1 -1\n")


def test_private_test_encoding_matches_the_reference_decoder():
    tests = [{"input": "1\n", "output": "2\n", "testtype": "stdin"}]
    encoded = encode_private_tests(tests)
    assert decode_private_tests(encoded) == tests
    assert decode_private_tests(json.dumps(tests)) == tests
    # a pickle naming any class or function is refused instead of executed
    import base64, pickle, zlib
    evil = base64.b64encode(zlib.compress(pickle.dumps(date(2024, 1, 1)))).decode()
    with pytest.raises(pickle.UnpicklingError):
        decode_private_tests(evil)


def test_bad_rows_are_named(tmp_path):
    write_hub_dir(tmp_path)
    broken = row("abc902_a", title="t", content="c", platform="atcoder", date="2024-08-01T00:00:00",
                 difficulty="easy", public=[("1\n", "1\n")], private=[])
    broken["private_test_cases"] = "!!not base64!!"
    (tmp_path / "test5.jsonl").write_text(json.dumps(broken) + "\n")
    problems = load_problems(tmp_path, parse_split("test_v5_2407_2412"))
    with pytest.raises(DataError, match=r"test5.jsonl@0 \(abc902_a\): private_test_cases"):
        load_tests(problems[-1])
    (tmp_path / "test2.jsonl").write_text("{not json\n")
    with pytest.raises(DataError, match=r"test2.jsonl:1: not a JSON object"):
        load_problems(tmp_path, parse_split("test_v5_2407_2412"))
    (tmp_path / "test2.jsonl").write_text("")
    (tmp_path / "test3.jsonl").unlink()
    with pytest.raises(DataError, match=r"test3.jsonl: missing"):
        load_problems(tmp_path, parse_split("test_v5_2407_2412"))


def test_question_and_prompt_are_the_reference_text(hub_dir):
    problems = {p.question_id: p for p in load(hub_dir, LcbOptions()).items}
    stdin_question = build_question(problems["abc901_a"])
    assert stdin_question == (
        SUM_ROW["question_content"] + "\n\n"
        "Read the inputs from stdin solve the problem and write the answer to stdout (do not directly test on the "
        "sample inputs). Enclose your code within delimiters as follows. Ensure that when the python program runs, it "
        "reads the inputs, runs the algorithm and writes output to STDOUT.\n\n```python\n# YOUR CODE HERE\n```\n\n"
    )
    call_question = build_question(problems["3901"])
    assert call_question == (
        PAIR_ROW["question_content"] + "\n\n"
        "You will use the following starter code to write the solution to the problem and enclose your code within "
        "delimiters.\n```python\nclass Solution:\n\tdef pairSum(self, nums: List[int], k: int) -> List[int]:\n\t\t\n```\n\n"
    )  # every four spaces became a tab, as prepare.py does
    request = build_request(problems["3901"])
    assert request.messages == [{
        "role": "user",
        "content": "Here is a problem for which you need to generate an executable code in python programming language.\n\n" + call_question,
    }]
    assert HARD_ROW["question_content"] in build_request(problems["1999_C"]).messages[0]["content"]


@pytest.mark.parametrize(
    "text, code",
    [
        ("```python\nprint(1)\n```", "print(1)"),
        ("first\n```python\nprint(1)\n```\nthen\n```python\nprint(2)\n```\ndone", "print(2)"),  # last block
        ("<think>```python\nbad()\n```</think>\n```python\nprint(3)\n```", "print(3)"),
        ("a</think>b</think>\n```python\nx = 1\n```", "x = 1"),  # everything up to the first </think>
        ("```python\nprint(1)\n", ""),  # unclosed: truncated, nothing runs
        ("```python\nprint(1)\n```\n```python\nprint(2)", ""),  # the last opening fence is unclosed
        ("```\nprint(1)\n```", ""),  # untagged only: the last ``` is the closing fence, nothing after it
        ("```py\nprint(1)\n```\ntrailing ``` x", ""),
        ("print(5)", "print(5)"),  # no fence at all: the whole text
        ("```python\r\nprint(1)\r\n```", "print(1)"),
        ("```python3\nprint(1)\n```", "3\nprint(1)"),  # "```python" matches, the tag's rest stays
        ("", ""),
    ],
)
def test_code_extraction_as_nemo_skills(text, code):
    """Expected values = what NeMo-Skills 7205c43 preprocess_code returned for each text (run outside the repo)."""
    assert extract_code(text) == code


def test_row_index_is_reused_and_follows_file_changes(hub_dir, tmp_path, monkeypatch):
    index_dir = tmp_path / "index"
    spec = parse_split("test_v5_2407_2412")
    first = load_problems(hub_dir, spec, index_dir)
    assert len(list(index_dir.iterdir())) == 5
    monkeypatch.setattr(lcb_data, "iter_rows", lambda path: pytest.fail(f"re-read {path}"))
    assert load_problems(hub_dir, spec, index_dir) == first
    monkeypatch.undo()
    changed = tmp_path / "hub"
    write_hub_dir(changed)
    extra = row("abc903_a", title="t", content="c", platform="atcoder", date="2024-09-01T00:00:00",
                difficulty="easy", public=[("1\n", "1\n")], private=[("2\n", "2\n")])
    with open(changed / "test5.jsonl", "a") as f:
        f.write(json.dumps(extra) + "\n")
    assert [p.question_id for p in load_problems(changed, spec, index_dir)][-1] == "abc903_a"
    assert load_tests(load_problems(changed, spec, index_dir)[-1]).inputs == ("1\n", "2\n")
