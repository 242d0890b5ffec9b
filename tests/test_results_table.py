"""The per-task table printed at the end of a run and written to summary.md."""

from fixtures.results import render_table, table_rows


def result(value, card_value, difference, errors=0, truncated=0, untruncated=None):
    return {
        "headline": {"metric": "pass@1", "score": "accuracy", "value": value, "stderr": 1.234 if value is not None else None,
                     "untruncated": {"value": untruncated if truncated else value, "cases": 20 - truncated}},
        "model_card": {"metric": "pass@1", "value": card_value, "difference": difference},
        "dataset": {"items": 20},
        "cases": {"total": 20, "errors": errors, "scoring_failures": 0, "unextracted": 2, "truncated": truncated},
    }


def test_rows_show_value_spread_card_and_counts():
    rows = table_rows({
        "gpqa": result(75.5, 73.0, 2.5),
        "mmlu_pro": result(70.0, 78.3, -8.3, truncated=4, untruncated=87.5),
        "hle": result(None, 10.6, None, errors=1),  # every case errored: nothing to compare
    })
    assert rows[0] == ["gpqa", "pass@1", "75.50 ± 1.23", "73.0 (+2.50)", "20", "20", "0", "2", "0"]
    assert rows[1][3] == "78.3 (-8.30)" and rows[1][8] == "4 (untruncated 87.50)"
    assert rows[2][2:4] == ["-", "10.6"] and rows[2][6] == "1"
    table = render_table(rows, markdown=True).splitlines()
    assert table[0].startswith("| task | metric | value ± stderr | model card (diff) |") and len(table) == 5
    assert table[0].endswith("| errors | unextracted | truncated |")
