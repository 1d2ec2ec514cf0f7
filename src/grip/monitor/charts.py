"""Charts as SVG, drawn server-side by pygal; no script, no network.

A chart is embedded as an ``<img>`` with a ``data:`` URL: the SVG carries its own stylesheet,
which an inline ``<svg>`` in the page would put under the page's Content-Security-Policy
(no inline style), and the same image works unchanged in WeasyPrint's PDF. Every chart stands
next to a table with the same numbers (the accessible form); the image's alt text says so.
A withheld (suppressed) value is drawn as a gap, never as a zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygal
from django.utils.formats import number_format
from pygal.style import Style

from grip.svgimage import data_url

# Colours of the AVE model (green, yellow, red, dark red) first; the rest neutral.
GRIP_STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#222222",
    foreground_strong="#111111",
    foreground_subtle="#666666",
    colors=("#2e7d32", "#f9a825", "#c62828", "#6a1b1a", "#1f4e79", "#888888", "#5e35b1"),
    font_family="DejaVu Sans, Arial, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    title_font_size=15,
    value_font_size=12,
)
SCALE_STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#222222",
    foreground_strong="#111111",
    foreground_subtle="#666666",
    colors=("#1f4e79", "#6a9fcb", "#888888", "#c62828", "#2e7d32"),
    font_family="DejaVu Sans, Arial, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    title_font_size=15,
    value_font_size=12,
)


@dataclass(frozen=True)
class Chart:
    src: str  # a data: URL of the SVG
    alt: str


def _config(width: int, height: int) -> dict[str, object]:
    return {
        "width": width,
        "height": height,
        "js": [],  # pygal's tooltips load a script from the internet; not here
        "disable_xml_declaration": False,
        "print_values": False,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 4,
        "show_y_guides": True,
        "include_x_axis": True,  # axes start at zero: no exaggerated changes
        "margin": 10,
        "margin_bottom": 28,  # room for the legend text under the boxes
        "no_data_text": "",
        "truncate_label": -1,
        "truncate_legend": -1,
    }


def dutch_number(value: float | None) -> str:
    """A value on an axis or in a tooltip as the tables write it: "3.908", "14,1"."""
    if value is None:
        return ""
    decimals = 0 if float(value).is_integer() else 1
    return number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True)


def _numbers(chart: pygal.graph.graph.Graph, tops: Sequence[float]) -> None:
    """Dutch numbers on the axis; whole steps when every value is a count (people,
    situations): an axis of 0.2, 0.4 … people reads as if there were fractions of a person."""
    chart.value_formatter = dutch_number
    if tops and all(float(top).is_integer() for top in tops) and 0 < max(tops) < 10:
        chart.y_labels = list(range(0, int(max(tops)) + 1))


def _tops(series: Sequence[tuple[str, Sequence[float | None]]], stacked: bool) -> list[float]:
    """The values the axis must reach: each value, or each stack's sum."""
    if not stacked:
        return [value for _title, values in series for value in values if value is not None]
    columns = zip(*(values for _title, values in series), strict=False)
    return [sum(value or 0 for value in column) for column in columns]


def _as_chart(chart: pygal.graph.graph.Graph, alt: str) -> Chart:
    return Chart(src=data_url(chart.render()), alt=alt)


def bars(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    alt: str,
    *,
    stacked: bool = False,
    scale: bool = False,
    width: int = 640,
    height: int = 300,
) -> Chart:
    kind = pygal.StackedBar if stacked else pygal.Bar
    chart = kind(style=SCALE_STYLE if scale else GRIP_STYLE, **_config(width, height))
    chart.x_labels = list(labels)
    chart.x_label_rotation = 35 if len(labels) > 6 else 0
    chart.show_legend = len(series) > 1
    for title, values in series:
        chart.add(title, list(values))
    _numbers(chart, _tops(series, stacked))
    return _as_chart(chart, alt)


def lines(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    alt: str,
    *,
    width: int = 640,
    height: int = 280,
) -> Chart:
    chart = pygal.Line(style=SCALE_STYLE, allow_interruptions=True, **_config(width, height))
    chart.x_labels = list(labels)
    chart.x_label_rotation = 35 if len(labels) > 6 else 0
    chart.show_legend = len(series) > 1
    for title, values in series:
        chart.add(title, list(values))
    _numbers(chart, _tops(series, stacked=False))
    return _as_chart(chart, alt)


def pie(slices: Sequence[tuple[str, float | None]], alt: str, *, width: int = 320) -> Chart:
    # Drawn at about the size it is shown, so the legend stays readable.
    chart = pygal.Pie(style=GRIP_STYLE, inner_radius=0.45, **_config(width, width + 40))
    chart.legend_at_bottom_columns = 2
    for title, value in slices:
        chart.add(title, value)
    return _as_chart(chart, alt)
