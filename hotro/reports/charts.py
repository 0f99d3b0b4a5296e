"""Server-rendered SVG charts: geometry here (pure), markup in ``console/reports/_chart.html``.

Two shapes cover every report: horizontal bars (one row per department, agent, category…;
stacked for parts of a whole, grouped for p50/p90 side by side) and vertical columns for
a series over days or weeks. Each chart carries a title and a description for screen
readers; the page prints the same numbers in the table under it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

WIDTH = 720
LABEL_WIDTH = 190
VALUE_WIDTH = 70
ROW_HEIGHT = 24
COLUMN_HEIGHT = 200
MAX_ROWS = 25  # a bar chart shows the first rows; the table under it has them all


def _n(value: float) -> str:
    """A coordinate as the SVG gets it: one decimal is finer than a pixel."""
    return f"{value:.1f}"


@dataclass(frozen=True)
class Rect:
    """One bar, its coordinates already written out (the template only prints them)."""

    x: str
    y: str
    width: str
    height: str
    series: int
    tip: str  # "label: value", the bar's own title for pointer users


@dataclass(frozen=True)
class Text:
    x: str
    y: str
    text: str
    anchor: str = "start"


def _rect(x: float, y: float, width: float, height: float, series: int, tip: str) -> Rect:
    return Rect(_n(x), _n(y), _n(width), _n(height), series, tip)


def _text(x: float, y: float, text: str, anchor: str = "start") -> Text:
    return Text(_n(x), _n(y), text, anchor)


def _tip(label: str, value: float | None, fmt: Callable[[float], str]) -> str:
    return f"{label}: {'—' if value is None else fmt(value)}"


@dataclass
class Chart:
    kind: str  # "bars" or "columns"
    title: Any
    description: Any
    series: list[tuple[Any, str]]  # (name, css class)
    width: int = WIDTH
    height: int = 0
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    grid: list[Text] = field(default_factory=list)  # gridline labels; their y (columns) or x (bars)
    empty: bool = False


def _nice_max(value: float, steps: int = 4) -> float:
    """The axis maximum: ``steps`` gridlines of 1, 2 or 5 times a power of ten, reaching at least ``value``."""
    if value <= 0:
        return steps
    wanted = value / steps
    power = 1.0
    while power * 10 <= wanted:
        power *= 10
    while power > wanted:
        power /= 10
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= wanted)
    return step * steps


def bars(
    title: Any,
    description: Any,
    rows: Sequence[tuple[str, Sequence[float | None]]],
    series: list[tuple[Any, str]],
    *,
    stacked: bool = True,
    fmt: Callable[[float], str] = lambda v: f"{v:,.0f}",
) -> Chart:
    """One row per label; ``stacked`` adds the series end to end, otherwise each gets a thin bar."""
    shown = list(rows)[:MAX_ROWS]
    chart = Chart("bars", title, description, series)
    totals = [
        sum(v or 0 for v in values) if stacked else max((v or 0 for v in values), default=0) for _, values in shown
    ]
    top = _nice_max(max(totals, default=0))
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    chart.height = 24 + ROW_HEIGHT * max(1, len(shown))
    chart.empty = not any(totals)
    for i, (label, values) in enumerate(shown):
        y = 20 + i * ROW_HEIGHT
        chart.texts.append(_text(LABEL_WIDTH - 6, y + ROW_HEIGHT / 2 + 4, label[:32], "end"))
        x = float(LABEL_WIDTH)
        thin = (ROW_HEIGHT - 6) / max(1, len(values))
        for s, value in enumerate(values):
            width = plot * (value or 0) / top
            if stacked:
                chart.rects.append(_rect(x, y + 3, width, ROW_HEIGHT - 6, s, _tip(label, value, fmt)))
                x += width
            else:
                chart.rects.append(_rect(x, y + 3 + s * thin, width, thin - 1, s, _tip(label, value, fmt)))
        end = x if stacked else LABEL_WIDTH + plot * totals[i] / top
        chart.texts.append(_text(end + 4, y + ROW_HEIGHT / 2 + 4, fmt(totals[i])))
    for k in range(5):
        chart.grid.append(_text(LABEL_WIDTH + plot * k / 4, 12, fmt(top * k / 4), "middle"))
    return chart


def columns(
    title: Any,
    description: Any,
    points: Sequence[tuple[str, Sequence[float | None]]],
    series: list[tuple[Any, str]],
    *,
    fmt: Callable[[float], str] = lambda v: f"{v:,.0f}",
) -> Chart:
    """One group of columns per point (a day or a week), the series side by side; labels thinned to fit."""
    chart = Chart("columns", title, description, series)
    left, bottom = 56, 24
    plot_w, plot_h = WIDTH - left - 10, COLUMN_HEIGHT
    chart.height = plot_h + bottom + 10
    top = _nice_max(max((v or 0 for _, values in points for v in values), default=0))
    chart.empty = not any(v for _, values in points for v in values)
    slot = plot_w / max(1, len(points))
    each = max(1.0, (slot * 0.8) / max(1, len(series)))
    every = max(1, -(-len(points) // 8))  # at most eight labels under the columns
    for i, (label, values) in enumerate(points):
        x0 = left + i * slot + slot * 0.1
        for s, value in enumerate(values):
            height = plot_h * (value or 0) / top
            chart.rects.append(_rect(x0 + s * each, 10 + plot_h - height, each, height, s, _tip(label, value, fmt)))
        if i % every == 0:
            chart.texts.append(_text(left + i * slot + slot / 2, 10 + plot_h + 16, label, "middle"))
    for k in range(5):
        chart.grid.append(_text(left - 6, 10 + plot_h - plot_h * k / 4, fmt(top * k / 4), "end"))
    return chart
