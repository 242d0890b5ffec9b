"""The report's hand-written SVG figures (fixtures.report.svg): nice ticks, escaped text, parseable XML."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from fixtures.report import svg

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
