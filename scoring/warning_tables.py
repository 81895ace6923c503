"""The 预警 page's table and filter: a month's 红 and 黄 items with their forecast."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from actions.models import PROGRESS_NAMES

from . import forecast
from .figures import figure_text, percent_text
from .filtersets import LaggingFilter
from .forecast import BAND_WORDS
from .models import WarningResult
from .tables import NUM, NUM_PHONE_HIDDEN, PHONE_HIDDEN, TABLE_ATTRS


def basis_text(result) -> str:
    """依据 in words, translated (scoring.forecast.basis_text)."""
    return forecast.basis_text(result, PROGRESS_NAMES, gettext)


def band_word(band: str) -> str:
    """红 / 黄 / 绿, translated."""
    return gettext(BAND_WORDS[band])


def warning_badge(band: str):
    return format_html('<span class="badge badge-band-{}">{}</span>', band, band_word(band))


def trend_html(bands: list[tuple[int, str]]):
    """A small trend: one coloured square per month of the year, with its band in words."""
    if not bands:
        return ""
    return format_html(
        '<span class="warning-trend">{}</span>',
        format_html_join(
            "",
            '<span class="badge badge-band-{}" title="{}">{}</span>',
            (
                (band, gettext("%(k)s月 %(band)s") % {"k": number, "band": band_word(band)}, number)
                for number, band in bands
            ),
        ),
    )


class WarningFilter(LaggingFilter):
    """Narrow the month's 预警 by action (of the month's plan year) and by lead unit."""

    class Meta(LaggingFilter.Meta):
        model = WarningResult


class WarningTable(tables.Table):
    """红 and 黄 items of a month with P, c, 依据 and their trend."""

    action_name = tables.Column(
        verbose_name=_("行动"),
        attrs=PHONE_HIDDEN,
        order_by=("action__order", "action_code", "item_code"),
    )
    item_name = tables.Column(verbose_name=_("事项"), order_by=("item_code",))
    lead_unit_name = tables.Column(verbose_name=_("牵头单位"), order_by=("lead_unit_code",))
    band = tables.Column(verbose_name=_("预警"))
    # On a phone: the item, its unit, 预警 and 预计完成率; the item's page has the rest.
    target = tables.Column(verbose_name=_("目标值"), attrs=NUM_PHONE_HIDDEN, orderable=False)
    forecast = tables.Column(verbose_name=_("预测年末值"), attrs=NUM_PHONE_HIDDEN)
    completion = tables.Column(verbose_name=_("预计完成率"), attrs=NUM)
    basis = tables.Column(verbose_name=_("依据"), orderable=False, attrs=PHONE_HIDDEN)
    trend = tables.Column(
        verbose_name=_("趋势"), empty_values=(), orderable=False, attrs=PHONE_HIDDEN
    )

    class Meta:
        model = WarningResult
        fields = ()
        attrs = TABLE_ATTRS
        per_page = 50
        empty_text = _("本月没有红色或黄色预警")

    def __init__(self, data, *, trends=None, item_url=None, **kwargs):
        self.trends = trends or {}
        self.item_url = item_url
        super().__init__(data, **kwargs)

    def render_item_name(self, value, record):
        if self.item_url and record.item_id:
            return format_html('<a href="{}">{}</a>', self.item_url(record.item_id), value)
        return value

    def render_band(self, record):
        return warning_badge(record.band)

    def render_target(self, record):
        return figure_text(record.target, record.measure_unit, with_unit=True)

    def render_forecast(self, record):
        return figure_text(record.forecast, record.measure_unit, estimate=True, with_unit=True)

    def render_completion(self, record):
        return percent_text(record.completion)

    def render_basis(self, record):
        return basis_text(record)

    def render_trend(self, record):
        return trend_html(self.trends.get(record.item_id, []))
