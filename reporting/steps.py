"""Which workflow steps a report allows, written once (月报流程).

The services claim a report from the states named here; the pages show a step's button
when `report_steps()` allows it; the counts of the homes and the review board add up
the same states. Who may take a step at all is accounts.rules'.

The counts carry one name each on every page, the publish checklist and the 催报:
未填 (no report yet), 草稿, 未报送 (未填 + 草稿: nothing submitted), 已退回 (sent back
to be reported again), 待报送 (未报送 + 已退回: what the unit still has to submit, and
what a 催报 is about), 待审核 and 已通过.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Month, MonthState, Report, ReportState

EDITABLE = (ReportState.DRAFT, ReportState.RETURNED)
PENDING = (ReportState.SUBMITTED, ReportState.APPROVED)
DONE = (ReportState.SUBMITTED, ReportState.APPROVED, ReportState.ACCEPTED)


def is_editable(report: Report | None, month: Month) -> bool:
    """Whether the unit may still change the report (or create it, when None)."""
    if report is None:
        return month.state == MonthState.OPEN
    if report.state not in EDITABLE:
        return False
    # A returned report stays editable whatever happened to the month since: the unit
    # was asked to report again, and its resubmission is a late report.
    return month.state == MonthState.OPEN or report.reopened or report.state == ReportState.RETURNED


def awaiting_head(has_head: bool) -> tuple[str, ...]:
    """The states in which a report awaits its unit head (待负责人审核): submitted, where
    the unit has a head."""
    return (ReportState.SUBMITTED,) if has_head else ()


def awaiting_office(has_head: bool) -> tuple[str, ...]:
    """The states in which a report awaits the office (待考核办审核): approved by the
    unit head, or submitted where the unit has no head."""
    return (ReportState.APPROVED,) if has_head else PENDING


def state_label(state: str, *, has_head: bool) -> str:
    """What a report's state is called on every page: a report under review is
    待负责人审核 or 待考核办审核, as the homes and the review board count it (a unit without
    a head sends its submitted reports straight to the office); the others by their
    state's name."""
    if state in awaiting_head(has_head):
        return _("待负责人审核")
    if state in awaiting_office(has_head):
        return _("待考核办审核")
    return ReportState(state).label


def reopenable(month: Month) -> tuple[str, ...]:
    """The states the office may reopen a report from (重新打开): in an open month only
    accepted reports are final; once the month is locked, reopening is the only way to
    touch any of its reports (one still editable needs no reopening)."""
    return (ReportState.ACCEPTED,) if month.state == MonthState.OPEN else tuple(ReportState.values)


def may_reopen(report: Report, month: Month) -> bool:
    return report.state in reopenable(month) and not is_editable(report, month)


@dataclass(frozen=True)
class Steps:
    """The steps a report allows one user now: a page shows a button for each."""

    edit: bool = False  # 修改 and 报送 (the fill page)
    approve: bool = False  # 单位审核通过
    accept: bool = False  # 审核通过 (the office)
    send_back: bool = False  # 退回 (the office, or the unit head before approving)
    reopen: bool = False  # 重新打开 (the office)


def report_steps(report: Report | None, user, *, has_head: bool) -> Steps:
    """The steps `report` allows `user` (none for a report not yet written); `has_head`:
    whether its unit has an active head (reporting.services.unit_has_head)."""
    if report is None:
        return Steps()
    reviews = user.has_perm("reporting.review_reports")
    heads = report.state in awaiting_head(has_head) and user.has_perm(
        "reporting.approve_report", report
    )
    return Steps(
        edit=user.has_perm("reporting.fill_report", report) and is_editable(report, report.month),
        approve=heads,
        accept=reviews and report.state in awaiting_office(has_head),
        send_back=(reviews and report.state in PENDING) or heads,
        reopen=reviews and may_reopen(report, report.month),
    )
