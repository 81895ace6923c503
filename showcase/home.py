"""Reads for the home pages: each a fixed number of queries whatever the district's size."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from actions.models import Action, Item, ItemKind, Level, Unit
from meetings.models import Assignment
from meetings.queries import home_assignments
from reporting.models import Month, MonthState, Report
from reporting.queries import home_notices, unit_status_counts
from reporting.tables import MonthStatusTable
from scoring.models import RunStatus, ScoreRun

STATUS_KEYS = ("missing", "draft", "head_review", "office_review", "returned", "accepted")


@dataclass
class OfficeMonth:
    """The office's month at a glance (考核办工作台)."""

    month: Month
    today: datetime.date
    totals: dict[str, int]
    table: MonthStatusTable
    late_units: list[dict]  # units with a due item not yet submitted, for 催报
    overdue_assignments: list[Assignment]
    preview: ScoreRun | None

    @property
    def days_left(self) -> int:
        """Days until the reporting deadline (negative once it has passed)."""
        return (self.month.deadline - self.today).days

    @property
    def days_late(self) -> int:
        return -self.days_left

    @property
    def preview_failed(self) -> bool:
        return self.preview is not None and self.preview.status == RunStatus.FAILED


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
        .order_by("order", "code")
    )


def office_month(today: datetime.date | None = None) -> OfficeMonth | None:
    """The month the office is running (the newest open one, else the newest) with its
    counts by unit, overdue 交办事项 and the preview's last score run (6 queries)."""
    month = (
        Month.objects.filter(state=MonthState.OPEN).order_by("-year", "-number").first()
        or Month.objects.order_by("-year", "-number").first()
    )
    if month is None:
        return None
    today = today or timezone.localdate()
    rows = unit_status_counts(month)
    rows.sort(key=lambda row: (-(row["missing"] + row["draft"] + row["returned"]), row["code"]))
    overdue = Assignment.objects.overdue(today).with_card().order_by("deadline", "pk")
    return OfficeMonth(
        month=month,
        today=today,
        totals={key: sum(row[key] for row in rows) for key in STATUS_KEYS},
        table=MonthStatusTable(rows, month_label=month.label),
        late_units=[row for row in rows if row["unsubmitted"]],
        overdue_assignments=list(overdue[:20]),
        preview=ScoreRun.objects.previews().of_month(month).first(),
    )


def home_extras(user) -> dict:
    """Extra blocks for a home page: the user's notices, then their assignments. Each
    block is {"template": ..., "data": ...}."""
    return {"home_blocks": [*home_notices(user), *home_assignments(user)]}
