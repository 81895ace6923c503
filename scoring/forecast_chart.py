"""The forecast on an item's trend chart: a dashed line from the month the 预警 rests on
to December, following last year's curve when the forecast did, with last year's values
beside it (2 queries)."""

from __future__ import annotations

from fractions import Fraction

from django.utils.translation import gettext
from django.utils.translation import gettext as _

from reporting.models import Report, ReportState

from . import rulebook
from .figures import figure_text, percent_text
from .forecast import BAND_WORDS, BASIS_LAST_YEAR, BASIS_LEVEL
from .models import WarningResult
from .warning_queries import latest_item_warning


def _label(year: int, number: int) -> str:
    return f"{year}-{number:02d}"


def last_year_values(item_code: str, year: int) -> dict[int, Fraction]:
    """Last year's accepted values of the same item code, by month it was due in (1 query)."""
    rows = Report.objects.filter(
        item__code=item_code,
        month__year=year - 1,
        state=ReportState.ACCEPTED,
        value__isnull=False,
    ).values_list("month__number", "value", "item__cadence")
    return {
        number: Fraction(value)
        for number, value, cadence in rows
        if rulebook.is_due(cadence, number)
    }


def forecast_points(warning: WarningResult, last_year: dict[int, Fraction]) -> dict[int, float]:
    """{month number: value} of the forecast line, from month k (the value A) to December
    (the forecast P): along last year's curve A·A′ⱼ/A′ₖ, flat for a level item, else
    straight at the pace A·j/k."""
    k, a = warning.basis_month, Fraction(warning.value)
    points = {k: a}
    for j in range(k + 1, 12):
        if warning.basis == BASIS_LAST_YEAR:
            if j in last_year:
                points[j] = a * last_year[j] / last_year[k]
        elif warning.basis == BASIS_LEVEL:
            points[j] = a
        else:
            points[j] = a * j / k
    points[12] = Fraction(warning.forecast)
    return {number: round(float(value), 4) for number, value in points.items()}


def add_forecast(chart: dict, item, *, published_only: bool) -> dict:
    """The chart data of an item page with the forecast series added when the item's
    latest 预警 has a forecast (its months appended to the axis up to December)."""
    warning = latest_item_warning(item.pk, published_only=published_only)
    if (
        warning is None
        or warning.forecast is None
        or warning.basis_month is None
        or warning.value is None
    ):
        return chart
    year = warning.run.month.year
    last_year = (
        last_year_values(warning.item_code, year) if warning.basis == BASIS_LAST_YEAR else {}
    )
    points = forecast_points(warning, last_year)
    # Its own months: the page's script joins them to the axis of the months scored.
    chart["forecast"] = {
        "months": [_label(year, number) for number in sorted(points)],
        "values": [points[number] for number in sorted(points)],
    }
    chart["labels"]["forecast"] = _("预测（%(basis)s）") % {"basis": warning.get_basis_display()}
    if last_year:
        chart["last_year"] = {
            "months": [_label(year, number) for number in sorted(last_year)],
            "values": [round(float(last_year[number]), 4) for number in sorted(last_year)],
        }
        chart["labels"]["last_year"] = _("上年同期")
    chart["forecast_note"] = {
        "band": warning.band,
        "band_label": gettext(BAND_WORDS[warning.band]),
        "basis": str(warning.get_basis_display()),
        "forecast": figure_text(warning.forecast, warning.measure_unit, estimate=True),
        "completion": percent_text(warning.completion),
        "month": warning.run.month.label,
    }
    return chart
