"""Reads of the reporting cycle: the fill page, the review board, report history and
home-page notices. Each is a fixed number of queries whatever the unit or district size."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, FilteredRelation, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Role, User
from actions.models import Item, Unit
from actions.prepared import prepared_objects, prepared_rows
from scoring import rulebook
from scoring.figures import figure_text

from . import plausibility, sql
from .models import Month, Notification, ReminderSent, ReminderStep, Report, ReportState
from .services import REPORT_FIELDS
from .steps import (
    EDITABLE,
    PENDING,
    Steps,
    awaiting_head,
    awaiting_office,
    is_editable,
    state_label,
)

TRACKED_FIELDS = (*REPORT_FIELDS, "state", "return_reason", "late", "reopened")


@dataclass
class FillRow:
    """One due item on the fill page (本月填报) with its report and last figures."""

    item: Item
    report: Report | None
    previous: Report | None
    expected: Decimal | None
    editable: bool
    form: Any = None
    notes: list[str] = field(default_factory=list)
    flags: list[tuple[str, str]] = field(default_factory=list)
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    evidence: list = field(default_factory=list)
    steps: Steps = field(default_factory=Steps)  # what the user may do with the report


def get_month_or_404(label: str) -> Month:
    """The month of a "YYYY-MM" label in a URL; 404 for a malformed or unknown one."""
    try:
        return Month.objects.get_by_label(label)
    except (ValueError, Month.DoesNotExist):
        raise Http404 from None


def recent_months(limit: int = 24) -> list[Month]:
    return list(Month.objects.newest_first()[:limit])


def expected_for(item: Item, month: Month) -> Decimal | None:
    """序时进度 E for target-scored items: target × m/12 (累计) or the target itself, as
    a reporter reads it (2 places: 86.67, not 86.6667; scoring uses the exact value)."""
    if not item.scored_by_target:
        return None
    exact = rulebook.expected_value(item.target, item.cumulative, month.number)
    return rulebook.round_half_up(exact, 2).normalize()


def fill_rows(unit: Unit | int, month: Month, months: list[Month] = ()) -> list[FillRow]:
    """The unit's items due in the month, each with this month's report and its 上期
    (2 queries: the items with their co-units, and both reports of each item). 上期 is
    ReportQuerySet.previous_to's, fetched in the same query as this month's (see
    _fill_reports). `months` are months already loaded (the page's picker): each report
    takes its month from them, else from one more query."""
    items = _fill_items(unit if isinstance(unit, int) else unit.pk, month)
    current: dict[int, Report] = {}
    previous: dict[str, Report] = {}
    for report in _fill_reports(items, month, {m.pk: m for m in (*months, month)}):
        if report.month_id == month.pk:
            current[report.item_id] = report
        else:
            previous[report.item_code] = report
    for item in items:
        if item.pk in current:
            current[item.pk].item = item  # for the rules that ask the report's item
    return [
        FillRow(
            item=item,
            report=current.get(item.pk),
            previous=previous.get(item.code),
            expected=expected_for(item, month),
            editable=is_editable(current.get(item.pk), month),
        )
        for item in items
    ]


def _fill_items(unit_id: int, month: Month) -> list[Item]:
    """Item.objects.led_by(unit_id).for_month(month).with_card() in the plan's order
    (action, code), each with its co_units prefetched, in one query of fixed shape: an
    item comes once per co-unit. Written as SQL for the reason _fill_reports is;
    tests/reporting/test_fill.py checks it against the querysets."""
    cadences = rulebook.cadences_due_in(month.number)
    params = [unit_id, month.year, *cadences, month.year]
    co_unit = sql.starts(sql.CARD)[-1]
    items: dict[int, Item] = {}
    co_units: dict[int, list[Unit]] = {}
    for row in sql.fetch(sql.fill_items(len(cadences)), params):
        item_id = row[0]
        if item_id not in items:
            items[item_id] = sql.with_related(sql.CARD[:-1], row)
            co_units[item_id] = []
        if row[co_unit] is not None:
            co_units[item_id].append(sql.read(Unit, row, co_unit))
    for item in items.values():
        # As prefetch_related leaves it: item.co_units.all() answers without a query.
        units = Unit.objects.all()
        units._result_cache, units._prefetch_done = co_units[item.pk], True
        item._prefetched_objects_cache = {"co_units": units}
    return list(items.values())


def _fill_reports(items: list[Item], month: Month, months: dict[int, Month]) -> list[Report]:
    """The items' reports of `month` and each item code's latest report before it
    (ReportQuerySet.previous_to's rule), with `evidence_count` and `item_code`, in one
    query of fixed shape. Written as SQL: the ORM took longer to build this query than
    the database took to run it, on every view of the fill page."""
    if not items:
        return []
    codes = [item.code for item in items]
    params = [*(item.pk for item in items), month.pk, *codes, month.year, month.year, month.number]
    reports = []
    for row in sql.fetch(sql.fill_reports(len(items)), params):
        report = sql.read(Report, row, 0)
        report.item_code, report.evidence_count = row[-2:]
        reports.append(report)
    missing = {report.month_id for report in reports} - months.keys()
    if missing:
        months = {**months, **Month.objects.in_bulk(missing)}
    for report in reports:
        report.month = months[report.month_id]
    return reports


UNIT_COLUMNS = {
    "unit_id": "lead_unit_id",
    "code": "lead_unit__code",
    "name": "lead_unit__name",
    "group": "lead_unit__group",
    "contact_name": "lead_unit__contact_name",
    "contact_mobile": "lead_unit__contact_mobile",
    "contact_email": "lead_unit__contact_email",
}
# ReportState.values builds its list anew at each call: unit_progress asks twice per unit.
REPORT_STATES = tuple(ReportState.values)


def unit_progress(month: Month, unit: Unit | None = None) -> list[dict]:
    """Per unit with due items (or only `unit`): how many are 未填 / 草稿 / 待审核 / 已退回 /
    已通过 (1 query). The due items are counted by their unit and the state of their
    report of the month (none: 未填), one group each: one join and one count, which
    Django builds several times faster than a filtered count per state."""
    unit_id = unit.pk if unit is not None else None
    query = ("unit_progress", month.pk, month.year, month.number, unit_id)
    units: dict[int, dict] = {}
    for *columns, state, n in prepared_rows(query, lambda: _progress_groups(month, unit_id)):
        row = units.get(columns[0])
        if row is None:
            row = units[columns[0]] = dict(zip(UNIT_COLUMNS, columns, strict=True))
            row.update(dict.fromkeys(REPORT_STATES, 0), due=0)
        row["due"] += n
        if state is not None:
            row[state] += n
    result = []
    for row in units.values():
        reported = sum(row[state] for state in REPORT_STATES)
        missing = row["due"] - reported
        result.append(
            {
                **{key: row[key] for key in UNIT_COLUMNS},
                "due": row["due"],
                "missing": missing,
                "draft": row[ReportState.DRAFT],
                "pending": sum(row[state] for state in PENDING),
                "submitted": row[ReportState.SUBMITTED],
                "approved": row[ReportState.APPROVED],
                "returned": row[ReportState.RETURNED],
                "accepted": row[ReportState.ACCEPTED],
                "unsubmitted": missing + sum(row[state] for state in EDITABLE),
            }
        )
    return result


@dataclass(frozen=True)
class OpenWork:
    """What is still open in a month before it is published (发布前检查): per unit, its
    due items 未报送 (no report or a draft), 待审核 (submitted or unit-approved) and
    已退回, and the totals the office confirms by name."""

    month: Month
    rows: list[dict]  # units with anything open, most open first

    @property
    def missing(self) -> int:
        return sum(row["unsent"] for row in self.rows)

    @property
    def pending(self) -> int:
        return sum(row["pending"] for row in self.rows)

    @property
    def returned(self) -> int:
        return sum(row["returned"] for row in self.rows)

    @property
    def clear(self) -> bool:
        return not self.rows

    @property
    def token(self) -> str:
        """The counts as the confirmation names them; a changed count needs a new one."""
        return f"{self.missing}-{self.pending}-{self.returned}"

    @property
    def summary(self) -> str:
        return _("未报送 %(missing)s 项、待审核 %(pending)s 项、已退回 %(returned)s 项") % {
            "missing": self.missing,
            "pending": self.pending,
            "returned": self.returned,
        }

    def lines(self) -> list[str]:
        """The checklist as plain text lines (publish_month prints them)."""
        lines = [
            _("%(label)s 发布前检查：%(summary)s")
            % {"label": self.month.label, "summary": self.summary}
        ]
        for row in self.rows:
            lines.append(
                _(
                    "  %(name)s（%(code)s）："
                    "未报送 %(unsent)s、待审核 %(pending)s、已退回 %(returned)s"
                )
                % row
            )
        return lines


def open_work(month: Month) -> OpenWork:
    """The month's publish checklist (1 query)."""
    rows = []
    for row in unit_progress(month):
        row["unsent"] = row["missing"] + row["draft"]
        if row["unsent"] or row["pending"] or row["returned"]:
            rows.append(row)
    rows.sort(key=lambda row: (-(row["unsent"] + row["pending"] + row["returned"]), row["code"]))
    return OpenWork(month=month, rows=rows)


def _progress_groups(month: Month, unit_id: int | None) -> QuerySet:
    """unit_progress's query: the due items counted by unit and the state of their report
    of the month (none: 未填)."""
    items = Item.objects.for_month(month)
    if unit_id is not None:
        items = items.led_by(unit_id)
    return (
        items.annotate(month_report=FilteredRelation("reports", condition=Q(reports__month=month)))
        .values_list(*UNIT_COLUMNS.values(), "month_report__state")
        .annotate(n=Count("pk"))
        .order_by("lead_unit__code")
    )


def reminded_units(month: Month) -> dict[int, datetime.datetime]:
    """Unit id → when the office's 催报 for the month's current deadline went to it: the
    units a new 催报 passes over (reporting.reminders.remind_unit), 1 query."""
    sent = ReminderSent.objects.filter(
        month=month, deadline=month.deadline, step=ReminderStep.MANUAL
    )
    return dict(sent.values_list("unit_id", "sent_at"))


def unit_status_counts(month: Month, unit: Unit | None = None) -> list[dict]:
    """Per unit with due items (or only `unit`): 未报送 (no report), 草稿, 待负责人审核
    (submitted, where the unit has a head), 待考核办审核 (approved by the head, or submitted
    where there is none), 已退回 and 已通过 (2 queries)."""
    unit_id = unit.pk if unit is not None else None
    with_head = {
        head_unit_id
        for (head_unit_id,) in prepared_rows(("unit_heads", unit_id), lambda: _heads(unit_id))
    }
    rows = unit_progress(month, unit)
    for row in rows:
        row["has_head"] = has_head = row["unit_id"] in with_head
        row["head_review"] = sum(row[state] for state in awaiting_head(has_head))
        row["office_review"] = sum(row[state] for state in awaiting_office(has_head))
    return rows


def units_with_head(unit_ids: set[int]) -> set[int]:
    """Those of `unit_ids` that have an active head (1 query, none for no units)."""
    if not unit_ids:
        return set()
    return set(_heads(None).filter(unit_id__in=unit_ids).values_list("unit_id", flat=True))


def _heads(unit_id: int | None) -> QuerySet:
    heads = User.objects.filter(role=Role.UNIT_HEAD, is_active=True)
    if unit_id is not None:
        heads = heads.filter(unit_id=unit_id)
    return heads.values_list("unit_id")


def review_rows(unit: Unit, month: Month) -> list[tuple[Item, Report | None, Report | None]]:
    """The unit's items due in the month with their report, its evidence files and the
    latest earlier report (上期), for the office (4 queries)."""
    items = list(
        Item.objects.led_by(unit)
        .for_month(month)
        .with_card()
        .order_by("action__order", "action__code", "code")
    )
    reports = {
        r.item_id: r
        for r in Report.objects.filter(month=month, item__lead_unit=unit)
        .select_related("submitted_by")
        .prefetch_related("evidence")
    }
    previous = previous_reports(items, month)
    return [(item, reports.get(item.pk), previous.get(item.code)) for item in items]


def previous_reports(items: list[Item], month: Month) -> dict[str, Report]:
    """Item code → the item's 上期 in the month (ReportQuerySet.previous_to), 1 query."""
    reports = Report.objects.previous_to([item.code for item in items], month)
    return {report.item_code: report for report in reports.annotate(item_code=F("item__code"))}


def report_changes(report: Report | None, previous: Report | None) -> list[tuple[str, str, str]]:
    """(field label, last month's, this month's) for what differs from last month: the
    reviewer's diff against 上期."""
    if report is None or previous is None:
        return []
    return [
        (
            str(Report._meta.get_field(name).verbose_name),
            display_value(name, old),
            display_value(name, new),
        )
        for name in REPORT_FIELDS
        if (old := getattr(previous, name)) != (new := getattr(report, name))
    ]


def flag_rows(report: Report | None) -> list[tuple[str, str]]:
    """(flag text, the reporter's reason) of a report's plausibility flags."""
    if report is None:
        return []
    return [
        (plausibility.flag_text(flag.get("code", ""), flag.get("params")), flag.get("reason", ""))
        for flag in report.flags or []
    ]


def history_changes(records, has_head: dict[int, bool]) -> dict[int, list[tuple[str, str, str]]]:
    """history_id → [(field label, old, new)] for the given history rows (1 query);
    `has_head`: report id → whether its unit has a head (a state's name depends on it)."""
    records = list(records)
    rows = Report.history.filter(id__in={r.id for r in records}).order_by(
        "id", "history_date", "history_id"
    )
    wanted = {r.history_id for r in records}
    before: dict[int, Any] = {}
    changes: dict[int, list[tuple[str, str, str]]] = {}
    for row in rows:
        if row.history_id in wanted:
            changes[row.history_id] = changes_between(
                before.get(row.id), row, has_head=has_head.get(row.id, False)
            )
        before[row.id] = row
    return changes


def changes_between(old, new, *, has_head: bool) -> list[tuple[str, str, str]]:
    """(field label, old, new) for what `new` changed since the history row `old`
    (simple-history's diff_against), in the order of TRACKED_FIELDS. The first row of a
    report (`old` None) is compared with an empty row and lists what was filled in."""
    first = old is None
    if first:
        old = type(new)(**dict.fromkeys(TRACKED_FIELDS))
    delta = new.diff_against(old, included_fields=TRACKED_FIELDS)
    changed = {change.field: change for change in delta.changes}
    result = []
    for name in TRACKED_FIELDS:
        change = changed.get(name)
        if change is None or (first and change.new in (None, "", False)):
            continue
        label = str(Report._meta.get_field(name).verbose_name)
        changed_pair = (change.old, change.new)
        if name == "state":  # named as the pages name it
            values = [state_label(v, has_head=has_head) if v else "—" for v in changed_pair]
        else:
            values = [display_value(name, change.old), display_value(name, change.new)]
        result.append((label, *values))
    return result


def display_value(name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    model_field = Report._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, Decimal):
        return figure_text(value)
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def report_values(report: Report) -> list[tuple[str, str]]:
    """(label, value) of a report's figures, narrative and state, for display."""
    return [
        (str(Report._meta.get_field(name).verbose_name), display_value(name, getattr(report, name)))
        for name in (*REPORT_FIELDS, "state")
    ]


def home_notices(user) -> list[dict]:
    """HOME_EXTRAS contributor: the user's unread notices (1 query, built once per user:
    actions.prepared)."""
    if not user.is_authenticated:
        return []
    notices = prepared_objects(
        ("home-notices", user.pk), lambda: Notification.objects.for_user(user).unread()[:10]
    )
    if not notices:
        return []
    return [{"template": "includes/notices.html", "data": {"notices": notices}}]
