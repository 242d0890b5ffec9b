"""The report's hand-written SVG figures (fixtures.report.svg and fixtures.report.plots): escaped, parseable, to scale."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from fixtures.report import plots, svg
from fixtures.report.model import Bar, Breakdown, CompareRow, TaskReport

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = '<b>&"'

@pytest.mark.parametrize("low, high, step", [(0, 100, 20), (-27.8, 7.3, 5), (49, 51, 0.5), (0.0021, 0.0123, 0.002),
                                             (89.5, 790.3, 100), (0, 1, 0.2), (-0.5, 0.5, 0.2), (1234, 98765, 20000)])
def test_ticks_are_nice_numbers_like_matplotlib_s(low, high, step):
    ticks = svg.nice_ticks(low, high)
    assert 3 <= len(ticks) <= 8
    assert all(low <= t <= high for t in ticks)
    steps = {round(b - a, 12) for a, b in zip(ticks, ticks[1:])}
    assert steps == {step}
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 9) in svg.STEPS


def test_tick_labels_share_the_step_s_decimals_and_use_a_minus_sign():
    assert [svg.tick_label(v, 0.5) for v in svg.nice_ticks(49, 51)] == ["49.0", "49.5", "50.0", "50.5", "51.0"]
    assert [svg.tick_label(v, 5) for v in (-25, 0, 5)] == ["\u221225", "0", "5"]
    assert svg.tick_label(-0.0, 0.25) == "0.00"


def test_every_text_is_escaped_and_stays_a_text_element():
    fig = svg.Figure(4, 2)
    ax = fig.add_axes(60, 10, 10, 40, (0, 10), (0, 1))
    ax.y_labels([0.5], [HOSTILE])
    ax.side_text(0.5, HOSTILE)
    ax.text(5, 0.5, HOSTILE)
    ax.x_label(HOSTILE)
    text = fig.svg()
    assert "<b>" not in text and "&lt;b&gt;&amp;&quot;" in text
    root = ET.fromstring(text)
    assert [e.text for e in root.iter(f"{NS}text")].count(HOSTILE) == 4
    assert not list(root.iter("b")) and not list(root.iter(f"{NS}b"))


def _svg(text: str) -> ET.Element:
    root = ET.fromstring(text)
    assert root.tag == f"{NS}svg"
    w, h = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}" and w > 0 and h > 0
    return root


def _texts(root: ET.Element) -> list[str]:
    return [e.text for e in root.iter(f"{NS}text")]


def test_subset_bars_are_as_wide_as_their_values_on_a_0_to_100_axis():
    bars = [Bar("biology", 10.0, (5.0, 15.0), 20), Bar(HOSTILE, 20.0, None, 3), Bar("law", 40.0, (-3.0, 120.0), 9), Bar("none", None, None, None)]
    root = _svg(plots.subset_bars(Breakdown("category", bars)))
    rects = [r for r in root.iter(f"{NS}rect")]
    widths = [float(r.get("width")) for r in rects]
    assert len(widths) == 4 and widths[3] == 0
    assert widths[1] == pytest.approx(2 * widths[0], abs=0.02) and widths[2] == pytest.approx(4 * widths[0], abs=0.02)
    texts = _texts(root)
    assert HOSTILE in texts and "biology" in texts and "category (%)" in texts
    assert "10.0  n=20" in texts and "-" in texts
    assert [t for t in texts if t in {"0", "20", "40", "60", "80", "100"}] == ["0", "20", "40", "60", "80", "100"]
    left = min(float(r.get("x")) for r in rects)
    whiskers = [e for e in root.iter(f"{NS}line") if e.get("stroke") == plots.WHISKER]
    assert len(whiskers) == 2 and float(whiskers[1].get("x1")) == pytest.approx(left)  # an interval is cut at 0 and 100
    assert float(whiskers[1].get("x2")) - left == pytest.approx(10 * widths[0], abs=0.05)


def test_the_left_margin_grows_with_the_longest_label():
    def plot_left(label: str) -> float:
        root = _svg(plots.subset_bars(Breakdown("k", [Bar(label, 50.0, None, 1), Bar("b", 50.0, None, 1)])))
        return min(float(r.get("x")) for r in root.iter(f"{NS}rect"))

    assert plot_left("a" * 30) > plot_left("a" * 10) + 80


def _task(**fields) -> TaskReport:
    return TaskReport(name=fields.pop("name", "gpqa"), title="t", status=fields.pop("status", "ran"), **fields)


def test_the_overview_shows_dots_intervals_cards_and_what_did_not_run():
    tasks = [_task(name=HOSTILE, value=60.0, ci95=(50.0, 70.0), card_value=65.0, difference=-5.0),
             _task(name="aime2025", value=30.0), _task(name="hle", status="errored"), _task(name="ifbench", status="disabled")]
    root = _svg(plots.overview(tasks))
    texts = _texts(root)
    assert {HOSTILE, "aime2025", "hle", "ifbench", "errored: nothing scored", "disabled", "30.0"} <= set(texts)
    assert "60.0  (-5.0 vs card 65.0)" in texts
    assert len(list(root.iter(f"{NS}circle"))) == 2 and len(list(root.iter(f"{NS}polygon"))) == 1  # dots and the card's diamond


def test_the_forest_s_x_range_holds_every_interval_threshold_and_zero():
    rows = [CompareRow("gpqa", "m", 30.0, 16.7, -13.3, (-25.0, -1.6), "NO-GO", -2.0, 0.03, 9.0, 6, [], []),
            CompareRow("mmlu_pro", "m", 12.0, 12.8, 0.8, (-3.0, 4.6), "INCONCLUSIVE", -2.0, 0.7, 6.0, 43, [], []),
            CompareRow("hle", "m", None, None, None, None, "INCONCLUSIVE", None, None, None, None, [], [])]
    root = _svg(plots.forest(rows))
    texts = _texts(root)
    assert "NO-GO  -13.30" in texts and "no paired items" in texts and "\u221225" in texts and "5" in texts
    squares = [r for r in root.iter(f"{NS}rect")]
    assert [s.get("fill") for s in squares] == [plots.WRONG, plots.CARD]
    dashed = [e for e in root.iter(f"{NS}line") if e.get("stroke-dasharray")]
    assert len(dashed) == 2  # the gate's threshold on each gated row


def test_repeats_verdicts_and_distributions_draw_what_they_are_given():
    task = _task(value=50.0, repeat_means=[40.0, 60.0, 55.0], repeat_std=10.4, tokens=[100, 200, 300, 900], latencies=[],
                 classes={"right": 3, "wrong": 1, "error": 0, "truncated": 1})
    repeats = _svg(plots.repeats(task))
    assert len(list(repeats.iter(f"{NS}circle"))) == 3 and any("mean 51.67, sd 10.40" in t for t in _texts(repeats))
    mix = _texts(_svg(plots.verdict_mix(task)))
    assert "3 (75.0%)" in mix and "unextracted" in mix
    dist = _svg(plots.distributions(task))
    texts = _texts(dist)
    assert "completion tokens per case: median 250, p90 720" in texts and "no data" in texts
    assert len(list(dist.iter(f"{NS}path"))) == 1


def test_the_same_data_draws_the_same_figure():
    bars = Breakdown("k", [Bar("a", 1.0, None, 1), Bar("b", 2.0, None, 2)])
    assert plots.subset_bars(bars) == plots.subset_bars(bars) and " id=" not in plots.subset_bars(bars)
