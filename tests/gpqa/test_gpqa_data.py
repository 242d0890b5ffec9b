"""GPQA loading: the reference's preprocessing, option formatting and seed-42 shuffle."""

from __future__ import annotations

import collections
import random
import sys
import types
from pathlib import Path

import pytest

from evals.gpqa import data as gpqa_data
from evals.gpqa.data import GpqaDataError, GpqaOptions, build_items, fingerprint, load_gpqa, preprocess
from tests.gpqa.conftest import synthetic_row, write_gpqa_csv

# Correct letters of the 198 Diamond rows (CSV order) as NeMo-Skills 7205c43 prepares them: obtained
# by running its dataset/gpqa/prepare.py format_entry after random.seed(42) on the rows read by
# pandas (as the hub's CSV loader reads them). Letters only: no GPQA content is committed.
REFERENCE_LETTERS = (
    "CABDCBDBDBCAABCABBADCBBBDBABADCBDBDCDDCAADAACCADACABBCABDCBACABCADDABDCBBCABBCDCCDBBABDBACAAAC"
    "BDBBACACCCBAADABABDCBDABAACBDBDBAADADCBCCDDABACACBBDAADDBACCACDDDABBBBDDDDCCACCADBDDDDBDDDDCBA"
    "CAABBBBBCB"
)
# sha256 of json.dumps([[Record ID, problem, expected_answer], ...]) over the reference's output for
# the same rows: pins the preprocessing and the problem text of every item without revealing it.
REFERENCE_ITEMS_SHA256 = "a69cd3b417923d5dda54440cccbda54f694c60450931fa9912b4809067f8d070"


def reference_letters(rows: list[dict]) -> str:
    """An independent re-implementation of the reference loop: global random.seed, in-place shuffle, index()."""
    state = random.getstate()
    try:
        random.seed(42)
        letters = []
        for row in rows:
            clean = [preprocess(row[k]) for k in ("Incorrect Answer 1", "Incorrect Answer 2", "Incorrect Answer 3")]
            clean.append(preprocess(row["Correct Answer"]))
            random.shuffle(clean)
            letters.append(chr(65 + clean.index(preprocess(row["Correct Answer"]))))
        return "".join(letters)
    finally:
        random.setstate(state)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (None, " "),
        ("  plain  ", "plain"),
        ("\nline\n", "line"),
        ("Title [title]Body", "Title. Body"),
        ("a  b", "a b"),
        ("a   b", "a  b"),  # one pass of replace: three spaces leave two
        ("a    b", "a  b"),
        ("", ""),
    ],
)
def test_preprocess_as_lm_eval_harness(raw, clean):
    assert preprocess(raw) == clean


def test_items_from_synthetic_csv(tmp_path: Path):
    rows = [synthetic_row(n) for n in range(6)]
    write_gpqa_csv(tmp_path, rows)
    dataset = load_gpqa(tmp_path)
    assert [item.id for item in dataset.items] == [f"recSYNTH{n:04d}" for n in range(6)]
    assert dataset.source.endswith("gpqa/gpqa_diamond.csv")
    assert dataset.revision.startswith("sha256:")
    for n, item in enumerate(dataset.items):
        assert sorted(item.options) == sorted([f"right {n}", f"wrong-1 {n}", f"wrong-2 {n}", f"wrong-3 {n}"])
        assert item.options["ABCD".index(item.answer)] == f"right {n}"
        assert item.domain == ["Chemistry", "Physics", "Biology"][n % 3]
        assert item.subdomain == ["Organic Chemistry", "Quantum Mechanics", "Genetics"][n % 3]
    assert "".join(item.answer for item in dataset.items) == reference_letters(rows)


def test_problem_text_format(tmp_path: Path):
    row = synthetic_row(
        0,
        Question="\n  What is  2+2? [title]Keep me raw  \n",
        **{
            "Correct Answer": " 4 ",
            "Incorrect Answer 1": "3  apples",
            "Incorrect Answer 2": "Five [title]x",
            "Incorrect Answer 3": "22",
        },
    )
    write_gpqa_csv(tmp_path, [row])
    (item,) = load_gpqa(tmp_path).items
    # seed 42, first row: [Inc1, Inc2, Inc3, Correct] -> [Inc3, Inc2, Correct, Inc1] (the reference's first shuffle)
    assert item.options == ("22", "Five. x", "4", "3 apples")
    assert item.answer == "C"
    # The question is only stripped of newlines: no strip of spaces, no [title] or double-space clean-up.
    assert item.problem == "  What is  2+2? [title]Keep me raw  \n\nA) 22\nB) Five. x\nC) 4\nD) 3 apples"


def test_empty_and_na_cells_become_a_space(tmp_path: Path):
    """pandas (the hub's CSV reader) turns empty and 'N/A'-like cells into None; the reference maps None to ' '."""
    rows = [synthetic_row(0, **{"Incorrect Answer 3": ""}), synthetic_row(1, **{"Incorrect Answer 2": "N/A"})]
    write_gpqa_csv(tmp_path, rows)
    first, second = load_gpqa(tmp_path).items
    assert " " in first.options and "N/A" not in second.options and " " in second.options


def test_shuffle_depends_on_every_earlier_row():
    """Why the letters are computed over the whole split at load: a slice shuffled alone differs."""
    rows = [synthetic_row(n) for n in range(40)]
    whole = "".join(item.answer for item in build_items(rows, "synthetic"))
    assert whole[:10] == "".join(item.answer for item in build_items(rows[:10], "synthetic"))
    assert whole[10:] != "".join(item.answer for item in build_items(rows[10:], "synthetic"))
    assert whole == reference_letters(rows)


def test_shuffle_ignores_and_keeps_global_random_state():
    rows = [synthetic_row(n) for n in range(20)]
    random.seed(123)
    before = random.getstate()
    first = [item.answer for item in build_items(rows, "synthetic")]
    assert random.getstate() == before
    random.random()
    assert [item.answer for item in build_items(rows, "synthetic")] == first


def test_shuffle_seed_option(tmp_path: Path):
    rows = [synthetic_row(n) for n in range(30)]
    write_gpqa_csv(tmp_path, rows)
    default = "".join(i.answer for i in load_gpqa(tmp_path).items)
    other = "".join(i.answer for i in load_gpqa(tmp_path, GpqaOptions(shuffle_seed=7)).items)
    assert default == reference_letters(rows)
    assert other != default


def test_duplicate_correct_option_takes_first_position():
    row = synthetic_row(0, **{"Incorrect Answer 1": "same", "Correct Answer": "same"})
    (item,) = build_items([row], "synthetic")
    assert item.answer == "ABCD"[item.options.index("same")]


def test_real_diamond_letters_match_reference(real_gpqa_dir: Path):
    dataset = load_gpqa(real_gpqa_dir)
    assert len(dataset.items) == 198
    assert "".join(item.answer for item in dataset.items) == REFERENCE_LETTERS
    assert fingerprint(dataset.items) == REFERENCE_ITEMS_SHA256
    assert dataset.notes["items_sha256"] == REFERENCE_ITEMS_SHA256


def test_real_diamond_independent_reimplementation(real_gpqa_dir: Path):
    rows = gpqa_data.read_csv_rows(real_gpqa_dir / "gpqa" / "gpqa_diamond.csv")
    assert reference_letters(rows) == REFERENCE_LETTERS


def test_real_diamond_ids_and_subsets(real_gpqa_dir: Path):
    items = load_gpqa(real_gpqa_dir).items
    assert len({item.id for item in items}) == 198
    assert all(item.id.startswith("rec") and item.id.isalnum() for item in items)
    assert collections.Counter(item.domain for item in items) == {"Chemistry": 93, "Physics": 86, "Biology": 19}
    subdomains = collections.Counter(item.subdomain for item in items)
    assert len(subdomains) == 13 and subdomains["Organic Chemistry"] == 72
    for item in items:
        a, b, c, d = (item.problem.find(marker) for marker in ("\n\nA) ", "\nB) ", "\nC) ", "\nD) "))
        assert 0 < a < b < c < d, item.id
        assert item.problem.endswith("\nD) " + item.options[3])


def test_missing_column_names_file_and_column(tmp_path: Path):
    path = write_gpqa_csv(tmp_path, [synthetic_row(0)])
    text = path.read_text(encoding="utf-8").replace("Record ID", "Record", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GpqaDataError, match=r"gpqa_diamond.csv, row 0: missing column\(s\) \['Record ID'\]"):
        load_gpqa(tmp_path)


def test_missing_file_is_a_clear_error(tmp_path: Path):
    with pytest.raises(GpqaDataError, match=r"gpqa/gpqa_diamond.csv: not found"):
        load_gpqa(tmp_path)


def test_duplicate_record_id_is_an_error():
    with pytest.raises(GpqaDataError, match="duplicate Record ID 'recSYNTH0000'"):
        build_items([synthetic_row(0), synthetic_row(0)], "synthetic")


def _fake_datasets(monkeypatch, load_dataset) -> None:
    monkeypatch.setitem(sys.modules, "datasets", types.SimpleNamespace(load_dataset=load_dataset))


def test_hub_loader_arguments_and_revision(monkeypatch):
    calls = []
    rows = [synthetic_row(n) for n in range(5)]

    def load_dataset(*args, **kwargs):
        calls.append((args, kwargs))
        return rows

    _fake_datasets(monkeypatch, load_dataset)
    monkeypatch.setenv("HF_TOKEN", "hf_secret_value")
    dataset = load_gpqa(None, GpqaOptions(revision="abc123"))
    assert calls == [
        (("Idavidrein/gpqa", "gpqa_diamond"), {"split": "train", "revision": "abc123", "token": "hf_secret_value"})
    ]
    assert dataset.source == "hf://Idavidrein/gpqa/gpqa_diamond/train"
    assert dataset.revision == "abc123"
    assert "".join(i.answer for i in dataset.items) == reference_letters(rows)


def test_hub_failure_never_shows_the_token(monkeypatch):
    def load_dataset(*args, **kwargs):
        raise PermissionError(f"gated: token {kwargs['token']} has no access")

    _fake_datasets(monkeypatch, load_dataset)
    monkeypatch.setenv("HF_TOKEN", "hf_secret_value")
    with pytest.raises(GpqaDataError) as info:
        load_gpqa(None)
    assert "hf_secret_value" not in str(info.value)
    assert "HF_TOKEN" in str(info.value) and "--data-dir" in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__


def _pandas_rows(path: Path) -> list[dict]:
    import pandas as pd

    frame = pd.read_csv(path, dtype=str)
    return [{k: (None if gpqa_data._is_missing(v) else v) for k, v in row.items()} for row in frame.to_dict("records")]


def test_plain_csv_reader_reads_the_real_file_as_pandas(real_gpqa_dir: Path):
    path = real_gpqa_dir / "gpqa" / "gpqa_diamond.csv"
    fast = gpqa_data._read_plain_csv(path)
    assert fast is not None and fast == _pandas_rows(path)


def test_pandas_na_values_are_pandas_own():
    from pandas._libs.parsers import STR_NA_VALUES

    assert gpqa_data.PANDAS_NA_VALUES == frozenset(STR_NA_VALUES)


@pytest.mark.parametrize(
    "text, plain",
    [
        ('a,b,c\r\n"",NA,"NA"\r\n\r\n"x\r\ny", "N/A",  \r\n"q""w",None,-nan\n,,\n', True),  # quoting, NA cells, blank line, empty row
        ("a,b,c\n1,2\n", False),  # short row: pandas fills it
        ("a,b,c\n1,2,3,4\n", False),  # long row: pandas' index or error
        ('a,b,c\n"x"y,2,3\n', False),  # text after a closing quote
        ("\ufeffa,b,c\n1,2,3\n", False),  # BOM
        ("a,a,c\n1,2,3\n", False),  # duplicate names are mangled by pandas
        ("a,,c\n1,2,3\n", False),  # unnamed column
        ("", False),  # empty file: pandas' error
    ],
)
def test_plain_csv_reader_agrees_with_pandas_or_leaves_it_to_pandas(tmp_path: Path, text: str, plain: bool):
    path = tmp_path / "x.csv"
    path.write_bytes(text.encode("utf-8"))
    fast = gpqa_data._read_plain_csv(path)
    assert (fast is not None) == plain
    if plain:
        assert fast == _pandas_rows(path)
    try:
        expected = _pandas_rows(path)
    except Exception:  # noqa: BLE001 - pandas' own error, which read_csv_rows wraps
        with pytest.raises(GpqaDataError, match="not a readable GPQA CSV"):
            gpqa_data.read_csv_rows(path)
    else:
        assert gpqa_data.read_csv_rows(path) == expected


def test_collection_does_not_import_pandas(real_gpqa_dir: Path):
    import subprocess

    probe = "import sys; from evals.gpqa.data import load_gpqa; load_gpqa(__import__('pathlib').Path(sys.argv[1])); print('pandas' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe, str(real_gpqa_dir)], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.strip() == "False"
