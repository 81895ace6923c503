"""Reads of the plan years: a year's plan beside the year before (结转 pages)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from .models import Item, PlanYear


@dataclass
class PlanRow:
    """An item of a year's plan beside the same code last year (None: new this year)."""

    item: Item
    last_target: Decimal | None
    carried: bool


def plan_years() -> list[PlanYear]:
    """Every plan year, newest first, with its counts of actions and items (1 query)."""
    return list(
        PlanYear.objects.annotate(
            n_actions=Count("actions", distinct=True), n_items=Count("items", distinct=True)
        ).order_by("-year")
    )


def plan_rows(year: int) -> list[PlanRow]:
    """The plan of `year`, each item marked carried over (with last year's target) or new
    (2 queries)."""
    last = dict(Item.objects.of_year(year - 1).values_list("code", "target"))
    items = (
        Item.objects.of_year(year)
        .select_related("action", "lead_unit")
        .order_by("action__order", "action__code", "code")
    )
    return [PlanRow(item, last.get(item.code), item.code in last) for item in items]


def dropped_items(year: int):
    """Last year's items whose code this year's plan no longer has (1 query)."""
    kept = Item.objects.of_year(year).values("code")
    return (
        Item.objects.of_year(year - 1)
        .exclude(Q(code__in=kept))
        .select_related("action", "lead_unit")
        .order_by("action__order", "action__code", "code")
    )
