"""Writes of the monthly reporting cycle (月报流程).

Every step is one verb-named function in one transaction, called alike by views,
tasks and tests: open/close a month, save a draft, submit, approve (unit head),
return, accept (office), reopen. Refusals are exceptions with Chinese messages.

Concurrency: every step first *claims* the report with one conditional UPDATE
(`WHERE pk = … AND state IN … [AND version = …]` bumping the version). That statement
is atomic on PostgreSQL and SQLite alike, so of two racing writers exactly one wins and
the other is told why (newer version → StaleReport, already submitted → AlreadySubmitted).
The winner then saves through the model so django-simple-history records the change.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.rules import may
from actions.models import Item, Unit
from actions.prepared import prepared_rows

from . import checks, deliveries, reminders, sql
from .models import (
    Month,
    MonthState,
    Notification,
    Report,
    ReportState,
    parse_month_label,
    reason_errors,
)
from .signals import month_inputs_changed
from .steps import (
    DONE,
    EDITABLE,
    PENDING,
    awaiting_head,
    awaiting_office,
    is_editable,
    may_reopen,
    reopenable,
    state_label,
)
from .workflow import (
    AlreadySubmitted,
    NeedsConfirmation,
    StaleReport,
    Step,
    WorkflowError,
    step_label,
)

__all__ = [
    "AlreadySubmitted",
    "NeedsConfirmation",
    "StaleReport",
    "Step",
    "WorkflowError",
    "step_label",
]

REPORT_FIELDS = (
    "value",
    "rank",
    "peer_count",
    "progress",
    "achievement",
    "problems",
    "measures",
    "fix_unit",
    "fix_deadline",
)


def unit_has_head(unit_id: int) -> bool:
    """Whether the unit has an active head (单位负责人) who approves before the office."""
    return User.objects.filter(unit_id=unit_id, role=Role.UNIT_HEAD, is_active=True).exists()


# ----------------------------------------------------------------------------- months


def open_month(
    label: str, deadline: datetime.date | None = None, user: User | None = None
) -> Month:
    """Open month YYYY-MM for reporting (deadline defaults to the 25th); on an open
    month it only changes the deadline."""
    _require(user, "reporting.open_month")
    try:
        year, number = parse_month_label(label)
    except ValueError as exc:
        raise WorkflowError(str(exc), {"month": str(exc)}) from exc
    if deadline is not None and deadline < datetime.date(year, number, 1):
        message = _("报送截止日不能早于该月1日")
        raise WorkflowError(message, {"deadline": message})
    with transaction.atomic():
        month = Month.objects.select_for_update().filter(year=year, number=number).first()
        created = month is None
        if created:
            month = Month(year=year, number=number, state=MonthState.OPEN, deadline=deadline)
            month._change_reason = _("开启月份")
        elif month.state != MonthState.OPEN:
            raise WorkflowError(_("%(label)s 已关闭，不能再开启") % {"label": month.label})
        elif deadline is None or deadline == month.deadline:
            return month
        else:
            month.deadline = deadline
            month._change_reason = _("修改截止日")
        month._history_user = user
        month.save()
        if created:  # its preview: every due item 未报送 until reports arrive
            _queue_rescore(month)
    return month


def close_month(month: Month | str, user: User | None = None) -> Month:
    """Close (lock) the month: from now on only the office's reopen changes a report."""
    _require(user, "reporting.close_month")
    with transaction.atomic():
        label = month if isinstance(month, str) else month.label
        month = Month.objects.select_for_update().get_by_label(label)
        if month.state != MonthState.OPEN:
            raise WorkflowError(_("%(label)s 已关闭") % {"label": month.label})
        month.state = MonthState.CLOSED
        month._change_reason = _("关闭月份")
        month._history_user = user
        month.save()
        reminders.finish_month_todos(month)
    return month


# ---------------------------------------------------------------------------- reports


def save_report(
    item: Item, month: Month, data: Mapping[str, Any], user: User, version: int
) -> Report:
    """Save the unit's draft (草稿) of an item's report; ``version`` is the one the user
    loaded (0: there was no report yet). Refused with StaleReport if it moved on."""
    _require_unit_member(user, item)
    if not item.is_due(month.number) or item.plan_year.year != month.year:
        raise WorkflowError(_("该事项本月无需报送"))
    fields = {name: data[name] for name in REPORT_FIELDS if name in data}
    checks.read_numbers(fields)
    checks.validate_figures(fields)
    with transaction.atomic():
        if not version:
            if month.state != MonthState.OPEN:
                raise WorkflowError(_("%(label)s 已关闭，不能再修改") % {"label": month.label})
            report = Report(item=item, month=month, updated_by=user, **fields)
            _mark_history(report, user, Step.SAVE)
            try:
                with transaction.atomic():
                    report.save()
            except IntegrityError:
                # Someone created this month's report since the page was loaded.
                current = Report.objects.get(item=item, month=month)
                raise StaleReport(_reload(current.pk)) from None
            return report

        # One report per item and month: by its id, as Report's ordering joins two tables;
        # by SQL the ORM builds once per item and month in each thread (actions.prepared).
        found = prepared_rows(
            ("report_of_item", item.pk, month.pk),
            lambda: (
                Report.objects.filter(item=item, month=month).order_by("pk").values_list("pk")[:1]
            ),
        )
        if not found:
            raise WorkflowError(_("该月报不存在，请刷新页面"))
        report = _claim(found[0][0], EDITABLE, version)
        _require_editable(report)
        for name, value in fields.items():
            setattr(report, name, value)
        report.updated_by = user
        _save(report, user, Step.SAVE)
    return report


def submit_report(
    report: Report,
    user: User,
    version: int | None = None,
    *,
    confirmed: Collection[str] = (),
    reasons: Mapping[str, str] | None = None,
) -> Report:
    """Submit (报送) a draft: to the unit head where the unit has one, else to the office.
    A red or 滞后 report needs 存在问题 and 具体措施; after the deadline it is 逾期报送.

    What may be a slip is confirmed first (NeedsConfirmation otherwise): 已完成 with a
    存在问题 and text identical to last month's by `confirmed` codes, each plausibility
    flag by a reason in `reasons` (code → reason), stored on the report for the reviewer."""
    _require_unit_member(user, report.item)
    with transaction.atomic():
        report = _claim(report.pk, EDITABLE, version, submitting=True)
        _require_editable(report)
        checks.check_complete(report)
        previous = checks.previous_report(report.item, report.month)
        checks.check_confirmed(report, previous, confirmed)
        report.flags = checks.confirmed_flags(report, previous, reasons or {})
        unit_id = report.item.lead_unit_id
        by_head = user.role == Role.UNIT_HEAD
        report.state = (
            ReportState.APPROVED if by_head and unit_has_head(unit_id) else ReportState.SUBMITTED
        )
        if not report.reopened:
            # A reopened report is the office's correction, not the unit reporting late.
            report.late = timezone.localdate() > report.month.deadline
        report.submitted_at = timezone.now()
        report.submitted_by = user
        report.updated_by = user
        report.return_reason = ""
        _save(report, user, Step.SUBMIT)
        reminders.finish_todos_when_reported(unit_id, report.month)
    return report


def approve_report(report: Report, user: User) -> Report:
    """The unit head approves (单位审核通过) a submitted report; it goes to the office."""
    _require_head_of(user, report.item)
    with transaction.atomic():
        report = _claim(report.pk, awaiting_head(True))
        report.state = ReportState.APPROVED
        _save(report, user, Step.APPROVE)
    return report


def approve_unit(month: Month, user: User) -> tuple[int, int]:
    """The unit head approves all of their unit's submitted reports for the month at
    once (单位审核通过), except those with plausibility flags (异常提示), which the head
    looks at and approves one by one; (approved, left out for their flags)."""
    _require_head_of(user)
    states = awaiting_head(True)
    with transaction.atomic():
        approved = 0
        ids, flagged = _unflagged(_unit_report_ids(user.unit, month, states))
        for pk in ids:
            try:
                report = _claim(pk, states)
            except WorkflowError:
                continue  # returned meanwhile (another tab): not this batch's to approve
            report.state = ReportState.APPROVED
            _save(report, user, Step.APPROVE)
            approved += 1
    return approved, flagged


def return_report(report: Report, user: User, reason: str) -> Report:
    """Send a report back (退回) with a reason, shown to the reporter; it is editable again."""
    reason = _clean_reason(reason, _("退回理由"))
    if may(user, "reporting.review_reports"):
        states, step = PENDING, Step.RETURN
    else:
        _require_head_of(user, report.item)
        states, step = awaiting_head(True), Step.HEAD_RETURN
    with transaction.atomic():
        report = _claim(report.pk, states)
        _send_back(report, user, step, reason)
    return report


def accept_report(report: Report, user: User) -> Report:
    """The office accepts (审核通过) a report: final for the month, and rescored."""
    _require(user, "reporting.review_reports")
    has_head = unit_has_head(report.item.lead_unit_id)
    with transaction.atomic():
        try:
            report = _claim(report.pk, awaiting_office(has_head))
        except WorkflowError:
            if _reload(report.pk).state in awaiting_head(has_head):
                raise WorkflowError(_("该月报尚待单位负责人审核")) from None
            raise
        _accept(report, user)
        _queue_rescore(report.month)
    return report


def accept_unit(unit: Unit, month: Month, user: User) -> tuple[int, int]:
    """Accept all of a unit's reports awaiting the office for the month, except those
    with plausibility flags (异常提示), which the office looks at and accepts one by one;
    (accepted, left out for their flags)."""
    _require(user, "reporting.review_reports")
    states = awaiting_office(unit_has_head(unit.pk))
    with transaction.atomic():
        accepted = 0
        ids, flagged = _unflagged(_unit_report_ids(unit, month, states))
        for pk in ids:
            _accept(_claim(pk, states), user)
            accepted += 1
        if accepted:
            _queue_rescore(month)
    return accepted, flagged


def return_unit(unit: Unit, month: Month, user: User, reason: str) -> int:
    """Return all of a unit's pending reports for the month with one reason; the count."""
    _require(user, "reporting.review_reports")
    reason = _clean_reason(reason, _("退回理由"))
    with transaction.atomic():
        returned = 0
        for pk in _unit_report_ids(unit, month, PENDING):
            _send_back(_claim(pk, PENDING), user, Step.RETURN, reason)
            returned += 1
    return returned


def reopen_report(report: Report, user: User, reason: str) -> Report:
    """The office reopens (重新打开) an accepted report, or any report of a closed month,
    with a reason: the unit may edit and submit it again."""
    _require(user, "reporting.review_reports")
    reason = _clean_reason(reason, _("重新打开原因"))
    with transaction.atomic():
        report = _claim(report.pk, reopenable(report.month))
        if not may_reopen(report, report.month):
            raise WorkflowError(_("该月报已可修改，无需重新打开"))
        was_accepted = report.state == ReportState.ACCEPTED
        report.reopened = True
        _send_back(report, user, Step.REOPEN, reason)
        if was_accepted:
            _queue_rescore(report.month)
    return report


def send_reminders(today: datetime.date) -> int:
    """Send the reminders due today; see reporting.reminders."""
    return reminders.send_reminders(today)


def remind_units(month: Month, user: User | None, unit_ids=None) -> reminders.Reminded:
    """The office's one-click 催报 (selected units, or every late one when None); see
    reporting.reminders."""
    _require(user, "reporting.review_reports")
    return reminders.remind_units(month, unit_ids)


# ---------------------------------------------------------------------------- helpers


def _claim(
    pk: int, states: tuple[str, ...], version: int | None = None, *, submitting: bool = False
) -> Report:
    """Win the report for this step (conditional UPDATE), or raise why not."""
    won = sql.claim(pk, states, version)
    report = _reload(pk)
    if won:
        return report
    if submitting and report.state in DONE:
        raise AlreadySubmitted(_("该事项已报送"))
    if version is not None and report.version != version:
        raise StaleReport(report)
    raise WorkflowError(
        _("该月报当前状态为「%(state)s」，不能执行此操作")
        % {"state": state_label(report.state, has_head=unit_has_head(report.item.lead_unit_id))}
    )


def _reload(pk: int) -> Report:
    """Report.objects.select_related("item", "month", "updated_by").get(pk=pk), read as
    SQL (reporting.sql): every step reads its report so, and the ORM took longer to build
    the query than the database took to run it."""
    rows = sql.fetch(sql.claimed(), [pk])
    if not rows:
        raise Report.DoesNotExist("Report matching query does not exist.")
    return sql.with_related(sql.CLAIMED, rows[0])


def _mark_history(report: Report, user: User, step: str, reason: str = "") -> None:
    """What the report's next history row records: who, the step (操作) and its reason."""
    report._history_user = user
    report._history_step = str(step)
    report._change_reason = reason


def _save(report: Report, user: User, step: str, reason: str = "") -> None:
    _mark_history(report, user, step, reason)
    report.save()


def _accept(report: Report, user: User) -> None:
    report.state = ReportState.ACCEPTED
    report.accepted_at = timezone.now()
    report.accepted_by = user
    report.reopened = False
    report.return_reason = ""
    _save(report, user, Step.ACCEPT)


@deliveries.in_site_language
def _send_back(report: Report, user: User, step: str, reason: str) -> None:
    report.state = ReportState.RETURNED
    report.return_reason = reason
    _save(report, user, step, reason)
    text = _("%(item)s（%(month)s）被%(step)s：%(reason)s") % {
        "item": report.item.name,
        "month": report.month.label,
        "step": Step(step).label,
        "reason": reason,
    }
    url = reverse("reporting:report_detail", args=[report.pk])
    _notify_unit(report.item.lead_unit_id, text, url)
    # Each person of the unit also hears of it in 浙政钉, where it is on.
    subject = _("【晒比会】%(item)s 月报被%(step)s") % {
        "item": report.item.code,
        "step": Step(step).label,
    }
    message = deliveries.Message(subject, text, text, url)
    purpose = f"{step}-{report.pk}-v{report.version}"
    deliveries.queue_person_notices(report.item.lead_unit, report.month, purpose, message)


def _unit_report_ids(unit: Unit, month: Month, states: tuple[str, ...]) -> list[int]:
    return list(
        Report.objects.filter(
            month=month,
            item__lead_unit=unit,
            item__in=Item.objects.for_month(month),
            state__in=states,
        )
        .order_by("item__code")
        .values_list("pk", flat=True)
    )


def _clean_reason(reason: str | None, label: str) -> str:
    """A typed reason, stripped; refused when empty or over REASON_LIMIT (never cut)."""
    reason = (reason or "").strip()
    message = reason_errors(reason, label) if reason else _("请填写%(field)s") % {"field": label}
    if message:
        raise WorkflowError(message, {"reason": message})
    return reason


def _unflagged(ids: list[int]) -> tuple[list[int], int]:
    """Of the reports `ids`, those without plausibility flags (a bulk step takes these
    only), and how many were left out for their flags."""
    flags = dict(Report.objects.filter(pk__in=ids).values_list("pk", "flags"))
    kept = [pk for pk in ids if not flags.get(pk)]
    return kept, len(ids) - len(kept)


def _notify_unit(unit_id: int, text: str, url: str) -> None:
    users = User.objects.filter(unit_id=unit_id, is_active=True)
    Notification.objects.bulk_create(
        [Notification(user=user, text=text[:500], url=url) for user in users]
    )


def _queue_rescore(month: Month) -> None:
    """Tell scoring the month's inputs changed (it rescores the preview after commit)."""
    month_inputs_changed.send(sender=Month, month=month)


def _require_editable(report: Report) -> None:
    if not is_editable(report, report.month):
        raise WorkflowError(
            _("%(label)s 已关闭，不能再修改（如需更正请联系考核办重新打开）")
            % {"label": report.month.label}
        )


def _require(user: User | None, perm: str) -> None:
    if not may(user, perm):
        raise WorkflowError(_("只有考核办可以执行此操作"))


def _require_unit_member(user: User, item: Item) -> None:
    if not may(user, "reporting.fill_report", item):
        raise WorkflowError(_("只能填报本单位牵头的事项"))


def _require_head_of(user: User, item: Item | None = None) -> None:
    if not may(user, "reporting.approve_report", item):
        raise WorkflowError(_("只有本单位负责人可以审核"))


def notify_unit(unit_id: int, text: str, url: str = "") -> None:
    """A notice (通知) to every active login of a unit, on their home page until read;
    how other apps reach a unit (a leader's comment, for one)."""
    _notify_unit(unit_id, text, url)
