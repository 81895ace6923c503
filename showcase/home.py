"""Reads for the home pages: each a fixed number of queries whatever the district's size."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Model, OuterRef, Q, QuerySet, Subquery
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from actions.models import Action, Item, ItemKind, Level, Unit
from actions.prepared import prepared_objects, prepared_rows
from meetings.models import Assignment
from meetings.queries import home_assignments
from reporting.models import Month, MonthState, Report, ReportState
from reporting.queries import home_notices, unit_progress, unit_status_counts
from reporting.steps import EDITABLE
from reporting.tables import MonthStatusTable
from scoring.boarddata import (
    BOARD_LABELS,
    GROUP_LABELS,
    GROUP_ORDER,
    ActionRow,
    ItemRow,
    MonthBoards,
    UnitRow,
)
from scoring.fragments import boards_fragment, cached
from scoring.models import RunStatus, ScoreRun
from scoring.queries import choose_run, month_runs, run_boards
from scoring.warning_queries import home_warnings, run_band_counts

# The leaders' home's sections drawn from a run's boards alone.
BOARD_SECTIONS = "showcase/home_leader_boards.html"
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
    def table_html(self) -> SafeString:
        """The table of units, drawn once for each content it has (its rows, the month,
        the language): the largest part of the page, and the same for every officer
        until a unit's count changes. Looked up by its own content, it never needs
        invalidating."""
        parts = ("office-month-table", self.month.label, get_language(), repr(self.table.data.data))
        return mark_safe(cached(parts, lambda: self.table.as_html(None)))

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


def unit_items_by_action(unit: Unit, year: int | None) -> list[dict]:
    """The unit's items of plan year `year` grouped by action, each with its latest
    report (3 queries, 1 without items). The cards show each item's action and its
    leader, its responsible official, its co-units and its lead unit, which is `unit`
    itself. The queries are built once per unit and year (actions.prepared): Django took
    several times longer to build them than the database took to answer."""
    key = (unit.pk, year)
    items = prepared_objects(
        ("card-items", *key),
        lambda: (
            Item.objects.led_by(unit)
            .filter(plan_year__year=year)
            .select_related("action__leader", "responsible_official")
            .order_by("action__order", "action__code", "code")
        ),
    )
    if not items:
        return []
    co_units: dict[int, list[Unit]] = {item.pk: [] for item in items}
    for link in prepared_objects(("card-co-units", *key), lambda: _co_units(unit, year)):
        co_units[link.item_id].append(link.unit)
    latest = {
        report.item_id: report
        for report in prepared_objects(("card-reports", *key), lambda: _latest_reports(unit, year))
    }
    groups: dict[int, dict] = {}
    for item in items:
        item.lead_unit = unit
        _prefetched(item, "co_units", co_units[item.pk])
        item.latest_report = latest.get(item.pk)
        group = groups.setdefault(item.action_id, {"action": item.action, "items": []})
        group["items"].append(item)
    return list(groups.values())


def _co_units(unit: Unit, year: int | None) -> QuerySet:
    """The co-units of the unit's items of the year, in the order item.co_units.all()
    lists them (Unit's)."""
    return (
        Item.co_units.through.objects.filter(item__lead_unit=unit, item__plan_year__year=year)
        .select_related("unit")
        .order_by(*(f"unit__{name}" for name in Unit._meta.ordering))
    )


def _latest_reports(unit: Unit, year: int | None) -> QuerySet:
    """The latest report of each of the unit's items of the year, with its month."""
    latest = Report.objects.filter(item=OuterRef("item")).order_by("-month__year", "-month__number")
    return Report.objects.filter(
        item__lead_unit=unit, item__plan_year__year=year, pk=Subquery(latest.values("pk")[:1])
    ).select_related("month")


def _prefetched(instance: Model, name: str, objects: list[Model]) -> None:
    """Leave `objects` as instance.<name>.all(), as prefetch_related leaves them."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


@dataclass(frozen=True)
class UnitMonth:
    """本月填报 on a unit's home: the open month and where the unit's reports stand."""

    month: Month
    counts: dict[str, int]  # STATUS_KEYS → number of the unit's due items
    has_head: bool  # whether its reports go to a unit head (待负责人审核) first

    @property
    def to_fill(self) -> int:
        return self.counts["missing"] + self.counts["draft"] + self.counts["returned"]


def unit_month(unit: Unit, month: Month | None) -> UnitMonth | None:
    """The month being reported (reporting.months.working_month) with the unit's counts of
    未报送, 草稿, 待负责人审核, 待考核办审核, 已退回 and 已通过; None when no month is open
    or the unit has nothing due in it (2 queries)."""
    if month is None or month.state != MonthState.OPEN:
        return None
    row = next(iter(unit_status_counts(month, unit)), None)
    if row is None:
        return None
    return UnitMonth(
        month=month, counts={key: row[key] for key in STATUS_KEYS}, has_head=row["has_head"]
    )


@dataclass(frozen=True)
class OtherMonth:
    """A month besides the one being reported in which the unit still has reports to
    submit (待报送: an earlier month still open, or a closed one whose report the office
    returned or reopened) or, for its head, to review (待负责人审核)."""

    label: str
    to_fill: int
    to_review: int


def unit_other_months(
    unit: Unit, month: Month | None, open_months: list[Month], *, is_head: bool = False
) -> list[OtherMonth]:
    """The unit's 待报送 outside `month`, and for its head the reports awaiting review,
    newest month first: in each other open month its 未填, 草稿 and 已退回 (1 query
    each), in closed months the reports it may still edit, returned or reopened, and the
    ones submitted to the head (1 query, built once per unit: actions.prepared)."""
    counts: dict[tuple[int, int], list[int]] = {}
    for other in open_months:
        if month is not None and other.pk == month.pk:
            continue
        row = next(iter(unit_progress(other, unit)), None)
        if row is not None:
            counts[other.year, other.number] = [
                row["unsubmitted"],
                row["submitted"] if is_head else 0,
            ]
    editable = Q(state__in=EDITABLE) & (Q(state=ReportState.RETURNED) | Q(reopened=True))
    submitted = Q(state=ReportState.SUBMITTED) if is_head else Q(pk__in=[])
    closed = prepared_rows(
        ("other-months-closed", unit.pk, is_head),
        lambda: (
            Report.objects.filter(item__lead_unit=unit)
            .exclude(month__state=MonthState.OPEN)
            .filter(editable | submitted)
            .values_list("month__year", "month__number")
            .annotate(fill=Count("pk", filter=editable), review=Count("pk", filter=submitted))
            .order_by()
        ),
    )
    for year, number, to_fill, to_review in closed:
        counts[year, number] = [to_fill, to_review]
    return [
        OtherMonth(label=Month(year=year, number=number).label, to_fill=n, to_review=r)
        for (year, number), (n, r) in sorted(counts.items(), reverse=True)
        if n or r
    ]


def district_overview(year: int | None) -> list[Action]:
    """Plan year `year`'s actions with their leaders, lead units and item counts by kind
    and level (2 queries, built once per year: actions.prepared; the actions, then the
    items counted by action, kind and level)."""
    actions = prepared_objects(
        ("plan-actions", year),
        lambda: (
            Action.objects.filter(plan_year__year=year)
            .select_related("leader", "lead_unit")
            .order_by("order", "code")
        ),
    )
    counts: dict[int, dict[str, int]] = {
        action.pk: dict.fromkeys(
            ["n_items", *(f"n_{kind}" for kind in ItemKind.values)]
            + [f"n_{level}" for level in Level.values],
            0,
        )
        for action in actions
    }
    groups = prepared_rows(
        ("plan-counts", year),
        lambda: (
            Item.objects.filter(action__plan_year__year=year)
            .values_list("action_id", "kind", "level")
            .annotate(n=Count("pk"))
            .order_by()
        ),
    )
    for action_id, kind, level, n in groups:
        row = counts[action_id]
        for key in ("n_items", f"n_{kind}", f"n_{level}"):
            if key in row:  # a kind or level no longer offered counts only in n_items
                row[key] += n
    for action in actions:
        action.__dict__.update(counts[action.pk])
    return actions


def office_month(month: Month | None, today: datetime.date | None = None) -> OfficeMonth | None:
    """The month the office runs (reporting.months.shown_month, opening on the month being
    reported) with its counts by unit, overdue 交办事项 and the preview's last score run
    (5 queries)."""
    if month is None:
        return None
    today = today or timezone.localdate()
    rows = unit_status_counts(month)
    rows.sort(key=lambda row: (-(row["missing"] + row["draft"] + row["returned"]), row["code"]))
    # The list shows each one's number, responsible unit, content and deadline; a month
    # has one preview (scorerun_one_preview). Both built once: actions.prepared.
    overdue = prepared_objects(
        ("office-overdue", today),
        lambda: (
            Assignment.objects.overdue(today)
            .select_related("responsible_unit")
            .order_by("deadline", "pk")[:20]
        ),
    )
    previews = prepared_objects(
        ("office-preview", month.pk), lambda: ScoreRun.objects.previews().of_month(month)
    )
    return OfficeMonth(
        month=month,
        today=today,
        totals={key: sum(row[key] for row in rows) for key in STATUS_KEYS},
        table=MonthStatusTable(rows, month_label=month.label),
        late_units=[row for row in rows if row["unsubmitted"]],
        overdue_assignments=overdue,
        preview=previews[0] if previews else None,
    )


def home_extras(user, *, warnings: bool = True, months: list[Month] | None = None) -> dict:
    """Extra blocks for a home page: the user's notices, the 预警 (a unit's own red and
    yellow items, or the counts for the office; not when the page shows them itself;
    `months`: every month, when the page has read them), then their assignments. Each
    block is {"template": ..., "data": ...}."""
    blocks = [*home_notices(user), *(home_warnings(user, months) if warnings else [])]
    return {"home_blocks": [*blocks, *home_assignments(user)]}


# --- The leaders' home: the district at a glance ---------------------------------------


@dataclass(frozen=True)
class BoardEnds:
    """One group of one board: its first and last places."""

    board_label: str
    group_label: str
    first: list[UnitRow]
    last: list[UnitRow]


@dataclass(frozen=True)
class LedAction:
    """我领办的行动: an action the leader leads, with its figures of the month."""

    action: Action
    row: ActionRow | None  # None when the action has no due item this month
    lagging: list[ItemRow]


def leader_overview(user, month: Month | None) -> dict:
    """The month a leader's home shows (reporting.months.shown_month: the meeting month
    unless another is picked), its state, each board's first and last places, 红榜 and
    警示榜, the lagging and 预警 counts, the open and overdue 交办事项, and the actions
    the leader's official leads (3 queries whatever the district's size, 2 more the
    first time a run is shown). An
    unpublished month is its live preview, where a unit with 未报送 items is listed as
    未报送 and never as a first or last place."""
    context: dict = {"month": month, "boards": None, "warnings": None}
    if month is None:
        return context
    today = timezone.localdate()
    # Open assignments counted by deadline: 逾期 are those whose deadline has passed
    # (AssignmentQuerySet.overdue), told here so that the query never changes.
    by_deadline = prepared_rows(
        ("open-assignments",),
        lambda: (
            Assignment.objects.not_closed()
            .values_list("deadline")
            .annotate(n=Count("pk"))
            .order_by()
        ),
    )
    context["assignments"] = {
        "open": sum(n for _deadline, n in by_deadline),
        "overdue": sum(n for deadline, n in by_deadline if deadline < today),
    }
    run = choose_run(month_runs(month))  # the run the month's boards show
    if run is None:
        return context
    # A run's results never change: its boards and counts are read once per run.
    context["warnings"] = run_band_counts(run)
    boards = run_boards(month, run)
    context["boards"] = boards
    unreported = set() if boards.published else boards.unreported_units()
    context["ends"] = _board_ends(boards, unreported)
    district = boards.board("district")
    context["unreported"] = _by_group(row for row in district if row.unit_code in unreported)
    context["honour"] = _by_group(row for row in district if row.honour)
    context["warning"] = _by_group(row for row in district if row.warning)
    context["lagging_count"] = len(boards.lagging)
    # The places, the actions' ranks and the lists come from the run alone: drawn once
    # per run and language (scoring.fragments).
    sections = {key: context[key] for key in ("boards", "ends", "unreported", "honour", "warning")}
    context["boards_html"] = mark_safe(
        boards_fragment(boards, "leader-home", lambda: render_to_string(BOARD_SECTIONS, sections))
    )
    if user.official_id:
        context["led_actions"] = _led_actions(user.official_id, boards, month.year)
    return context


def _board_ends(boards: MonthBoards, unreported: set[str]) -> list[BoardEnds]:
    """Each board's first and last places by group; units in `unreported` (未报送 in a
    preview) are neither."""
    ends = []
    for board in ("district", "province", "city"):
        groups: dict[str, list[UnitRow]] = {}
        for row in boards.board(board):
            if row.unit_code not in unreported:
                groups.setdefault(row.group, []).append(row)
        for group in sorted(groups, key=lambda g: GROUP_ORDER.get(g, 9)):
            rows = groups[group]
            first_rank = min(row.rank for row in rows)
            last_rank = max(row.rank for row in rows)
            first = [row for row in rows if row.rank == first_rank]
            last = [row for row in rows if row.rank == last_rank and last_rank > first_rank]
            labels = (_(BOARD_LABELS[board]), _(GROUP_LABELS.get(group, group)))
            ends.append(BoardEnds(*labels, first, last))
    return ends


def _by_group(rows) -> list[tuple[str, list[UnitRow]]]:
    groups: dict[str, list[UnitRow]] = {}
    for row in rows:
        groups.setdefault(row.group, []).append(row)
    ordered = sorted(groups.items(), key=lambda pair: GROUP_ORDER.get(pair[0], 9))
    return [(_(GROUP_LABELS.get(group, group)), rows) for group, rows in ordered]


def _led_actions(official_id: int, boards: MonthBoards, year: int) -> list[LedAction]:
    actions = prepared_objects(
        ("led-actions", official_id, year),
        lambda: Action.objects.filter(leader_id=official_id, plan_year__year=year).order_by(
            "order", "code"
        ),
    )
    rows = {row.action_code: row for row in boards.actions}
    return [
        LedAction(
            action=action,
            row=rows.get(action.code),
            lagging=[item for item in boards.lagging if item.action_code == action.code],
        )
        for action in actions
    ]
