"""Figures in Django templates, written by scoring.figures like every other page:
``{{ item.target|figure:item.measure_unit }}`` for a reported figure,
``{{ expected|estimate:item.measure_unit }}`` for one worked out (序时进度),
``{{ points|bonus }}`` for bonus points (加减分)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from scoring.figures import bonus_text, figure_text

register = template.Library()


@register.filter
def figure(value: Decimal | None, measure_unit: str = "") -> str:
    return figure_text(value, measure_unit)


@register.filter
def estimate(value: Decimal | None, measure_unit: str = "") -> str:
    return figure_text(value, measure_unit, estimate=True)


@register.filter
def bonus(value: Decimal | str | None) -> str:
    return bonus_text(value)
