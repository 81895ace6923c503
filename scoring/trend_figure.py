"""An item's month-by-month chart (走势图) drawn on the server as SVG: the lines of the
chart data (scoring/views.py, scoring/forecast_chart.py) laid on the months they name,
with the value axis's ticks. No script: the page paints it with its HTML.

The lines are drawn in a 1000 × 1000 box stretched to the chart's size (the strokes keep
their width, `vector-effect`); month and tick labels are HTML around it, so their text
stays the page's size on a phone and on the meeting screen."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from .figures import figure_text

BOX = 1000
TICKS = 5  # about as many intervals on the value axis


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    title: str  # what a pointer over the dot reads: month, line, value


@dataclass(frozen=True)
class Line:
    name: str
    kind: str  # the CSS class: value, expected, forecast, last-year, same-month
    path: str  # SVG path data
    points: list[Point]


@dataclass(frozen=True)
class TrendFigure:
    months: list[str]
    ticks: list[str]  # the value axis's labels, top to bottom
    grid: str  # SVG path data of the tick lines
    lines: list[Line]

    @property
    def dense(self) -> bool:
        """More months than a phone can label: every third is named there."""
        return len(self.months) > 6


def trend_figure(chart: dict, measure_unit: str = "") -> TrendFigure:
    """The figure of an item page's chart data: the value (完成值) against 序时进度 with the
    预警 forecast, the rank (位次, 1 at the top) or the score (得分, stepped), each with
    last year's line (同比) when there is one. A dot reads its figure as the table does."""
    months = sorted(
        set(chart["months"])
        | {m for extra in ("forecast", "last_year") for m in chart.get(extra, {}).get("months", [])}
    )
    labels = chart["labels"]
    rule = chart["rule"]
    series: list[tuple[str, str, list[float | None], dict]] = []

    def on_axis(own: list[str], values: list[float | None]) -> list[float | None]:
        out: list[float | None] = [None] * len(months)
        for month, value in zip(own, values, strict=True):
            out[months.index(month)] = value
        return out

    this = chart["months"]
    if rule == "target":
        series.append(("value", labels["value"], on_axis(this, chart["values"]), {}))
        expected = on_axis(this, chart["expected"])
        series.append(("expected", labels["expected"], expected, {"connect": False}))
        if "forecast" in chart:
            forecast = chart["forecast"]
            values = on_axis(forecast["months"], forecast["values"])
            series.append(("forecast", labels["forecast"], values, {}))
        last_values = chart.get("last_values")
        if "last_year" in chart and not last_values:
            # Last year's curve the forecast rests on, when there is no 同比 line.
            curve = chart["last_year"]
            values = on_axis(curve["months"], curve["values"])
            series.append(("last-year", labels["last_year"], values, {}))
        same_month = (labels["last_value"], last_values, {})
    elif rule == "rank":
        series.append(("value", labels["rank"], on_axis(this, chart["ranks"]), {}))
        same_month = (labels["last_rank"], chart.get("last_ranks"), {})
    else:
        scores = on_axis(this, chart["scores"])
        series.append(("value", labels["score"], scores, {"connect": False, "step": True}))
        same_month = (labels["last_score"], chart.get("last_scores"), {"step": True})
    name, values, style = same_month
    if values:
        series.append(("same-month", name, on_axis(this, values), style))

    every = [v for _kind, _name, values, _style in series for v in values if v is not None]
    low, high, step = _axis(rule, every)
    inverse = rule == "rank"

    def x(i: int) -> float:
        return round((i + 0.5) * BOX / len(months), 1)

    def y(value: float) -> float:
        share = (value - low) / (high - low)
        return round(BOX * (share if inverse else 1 - share), 1)

    lines = []
    for kind, name, values, style in series:
        at = [(x(i), y(v), v, months[i]) for i, v in enumerate(values) if v is not None]
        if not at:
            continue
        runs = [at] if style.get("connect", True) else _runs(values, at)
        path = " ".join(_path([(px, py) for px, py, _v, _m in run], style) for run in runs)
        points = [
            Point(px, py, f"{month} {name} {_figure(rule, kind, v, measure_unit)}")
            for px, py, v, month in at
        ]
        lines.append(Line(name, kind, path, points))
    tick_values = [low + i * step for i in range(round((high - low) / step) + 1)]
    if not inverse:
        tick_values.reverse()
    return TrendFigure(
        months=months,
        ticks=[_number(v, step) for v in tick_values],
        grid=" ".join(f"M0 {y(v)}H{BOX}" for v in tick_values),
        lines=lines,
    )


def _axis(rule: str, values: list[float]) -> tuple[float, float, float]:
    """(low, high, step) of the value axis: 0–100 for a score; from rank 1 for a rank,
    whole steps; else from 0 (or below it) to a round figure above every value."""
    if rule not in ("target", "rank"):
        return 0, 100, 20
    if rule == "rank":
        high = max(values, default=1)
        step = max(1, math.ceil(_nice((high - 1) / TICKS))) if high > 1 else 1
        return 1, 1 + step * max(1, math.ceil((high - 1) / step)), step
    low, high = min([0, *values]), max([0, *values])
    if high == low:
        high = low + 1
    step = _nice((high - low) / TICKS)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _nice(span: float) -> float:
    """A round step near `span`: 1, 2, 3 or 5 times a power of ten."""
    power = 10 ** math.floor(math.log10(span))
    fraction = span / power
    for bound, nice in ((1.5, 1), (2.5, 2), (4, 3), (7, 5)):
        if fraction < bound:
            return nice * power
    return 10 * power


def _runs(values: list[float | None], at: list) -> list[list]:
    """The points split where a month has no value (the line breaks there)."""
    runs, run, i = [], [], 0
    for value in values:
        if value is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append(at[i])
            i += 1
    if run:
        runs.append(run)
    return runs


def _path(points: list[tuple[float, float]], style: dict) -> str:
    (x0, y0), *rest = points
    d = [f"M{x0} {y0}"]
    for x1, y1 in rest:
        if style.get("step"):
            # A score holds for its month: the step is halfway between two months.
            middle = round((x0 + x1) / 2, 1)
            d.append(f"H{middle}V{y1}H{x1}")
        else:
            d.append(f"L{x1} {y1}")
        x0 = x1
    return "".join(d)


def _number(value: float, step: float) -> str:
    """A tick: thousands separated, with as many places as the step needs."""
    places = max(0, -math.floor(math.log10(step)))
    return f"{value:,.{places}f}"


def _figure(rule: str, kind: str, value: float, measure_unit: str) -> str:
    """A dot's figure: a value with its unit as the table writes it (the forecast as an
    estimate), a rank whole, a score with two places."""
    if rule == "rank":
        return f"{value:.0f}"
    if rule != "target":
        return f"{value:.2f}"
    return figure_text(
        Decimal(str(value)), measure_unit, estimate=kind == "forecast", with_unit=True
    )
