"""Reads for the home pages: each a fixed number of queries whatever the district's size."""

from __future__ import annotations

from django.db.models import Count, Q

from actions.models import Action, Item, ItemKind, Level, Unit
from meetings.queries import home_assignments
from reporting.models import Report
from reporting.queries import home_notices


def unit_items_by_action(unit: Unit) -> list[dict]:
    """The unit's items grouped by action, each with its latest report (3 queries)."""
    items = list(
        Item.objects.led_by(unit)
        .with_card()
        .select_related("action__leader")
        .prefetch_related("co_units")
        .order_by("action__order", "action__code", "code")
    )
    latest: dict[int, Report] = {}
    reports = (
        Report.objects.filter(item__in=[i.pk for i in items])
        .select_related("month")
        .order_by("item_id", "-month__year", "-month__number")
    )
    for report in reports:
        latest.setdefault(report.item_id, report)
    groups: dict[int, dict] = {}
    for item in items:
        item.latest_report = latest.get(item.pk)
        group = groups.setdefault(item.action_id, {"action": item.action, "items": []})
        group["items"].append(item)
    return list(groups.values())


def district_overview() -> list[Action]:
    """The actions with their leaders, lead units and item counts by kind and level (1 query)."""
    counts = {
        f"n_{kind}": Count("items", filter=Q(items__kind=kind)) for kind in ItemKind.values
    } | {f"n_{level}": Count("items", filter=Q(items__level=level)) for level in Level.values}
    return list(
        Action.objects.select_related("leader", "lead_unit")
        .annotate(n_items=Count("items"), **counts)
        .order_by("code")
    )


def home_extras(user) -> dict:
    """Extra blocks for a home page: the user's notices, then their assignments. Each
    block is {"template": ..., "data": ...}."""
    return {"home_blocks": [*home_notices(user), *home_assignments(user)]}
