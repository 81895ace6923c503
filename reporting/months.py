"""Which month a page shows, and so which plan year (DESIGN §3, the meeting month).

Every page that shows a month asks `shown_month()`: it reads the page's `?month=` (or the
month in its URL), else opens on the page's default, and lists the months its picker
offers. A page shows the plan year of the month it shows, so next year's plan appears
only once its first month is opened or picked.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import Enum

from django.db import connections, router
from django.http import Http404

from actions.models import PlanYear
from actions.sql import columns, instance

from .models import Month, MonthState, Report, ReportState, parse_month_label


class OpensOn(Enum):
    """Where a page opens when no month is asked for."""

    # The latest published month: homes, boards, the big screen, the meeting. Leaders and
    # the office see the newest month's live preview (labelled 预览) while none is published.
    MEETING = "meeting"
    # The month being reported: 本月填报, the review board, 加减分 (else the newest month).
    OPEN = "open"


@dataclass(frozen=True)
class ShownMonth:
    """The month a page shows (None when there is none for this user), the months its
    picker lists (newest first) and the plan year it shows."""

    month: Month | None
    months: list[Month]

    @property
    def plan_year(self) -> int | None:
        return plan_year_of(self.month)

    @property
    def preview(self) -> bool:
        """Whether the page shows a live preview (预览) rather than published boards."""
        return self.month is not None and self.month.state != MonthState.PUBLISHED

    @property
    def label(self) -> str | None:
        return self.month.label if self.month is not None else None


def reads_previews(user) -> bool:
    """Whether the user may see months not yet published (leaders and the office)."""
    return user.has_perm("scoring.read_preview")


def pickable_months(user, opens_on: OpensOn = OpensOn.MEETING) -> list[Month]:
    """The months a page's picker lists, newest first: on the reporting pages every
    month; on the meeting's pages the published ones, and every month for those who may
    see previews, each with `has_figures`: whether it has an accepted report (1 query).

    Nearly every page asks, so the query is SQL written once: Django took about a
    millisecond to build it, many times what the database takes to run it."""
    meeting = opens_on is OpensOn.MEETING
    published_only = meeting and not reads_previews(user)
    connection = connections[router.db_for_read(Month)]
    params = [ReportState.ACCEPTED] if meeting else []
    if published_only:
        params.append(MonthState.PUBLISHED)
    with connection.cursor() as cursor:
        cursor.execute(_months_sql(meeting, published_only), params)
        rows = cursor.fetchall()
    months = []
    for row in rows:
        month = instance(Month, row, connection)
        if meeting:
            month.has_figures = bool(row[-1])
        months.append(month)
    return months


@functools.cache
def _months_sql(with_figures: bool, published_only: bool) -> str:
    """pickable_months's query: Month.objects.newest_first(), `.published()` if
    `published_only`, and with `has_figures` last if `with_figures`."""
    month, report = Month._meta.db_table, Report._meta.db_table
    figures = (
        f', EXISTS (SELECT 1 FROM "{report}" r WHERE r."month_id" = m."id" AND r."state" = %s)'
        if with_figures
        else ""
    )
    where = 'WHERE m."state" = %s ' if published_only else ""
    return (
        f'SELECT {columns(Month, "m")}{figures} FROM "{month}" m {where}'
        'ORDER BY m."year" DESC, m."number" DESC'
    )


def shown_month(
    user, label: str | None = None, *, opens_on: OpensOn = OpensOn.MEETING
) -> ShownMonth:
    """The month a page shows this user: the one `label` names ("YYYY-MM", from `?month=`
    or the URL; 404 when malformed, unknown or not the user's to pick), else where the
    page opens (see OpensOn). One query, two when there is no month at all."""
    months = pickable_months(user, opens_on)
    if label:
        try:
            wanted = parse_month_label(label)
        except ValueError:
            raise Http404 from None
        month = next((m for m in months if (m.year, m.number) == wanted), None)
        if month is None:
            raise Http404
    else:
        month = _default(months, opens_on)
    return ShownMonth(month=month, months=months)


def meeting_month(user, months: list[Month] | None = None) -> Month | None:
    """The month the meeting's pages open on for this user (shown_month's default). A
    page that has read every month (newest first, as a reporting page's picker lists them
    for anyone) passes them: for a user who sees previews they are the meeting pages'
    months too, and while one is published it is the answer without another query."""
    if months is not None and reads_previews(user):
        published = next((m for m in months if m.state == MonthState.PUBLISHED), None)
        if published is not None:
            return published
    return shown_month(user).month


def working_month(open_months: list[Month] | None = None) -> Month | None:
    """The month being reported, else the newest month (1-2 queries; none more than the
    newest month's when the caller has read the open months, newest first)."""
    if open_months is None:
        return Month.objects.open().newest() or Month.objects.newest()
    return open_months[0] if open_months else Month.objects.newest()


def working_year() -> int | None:
    """The plan year of pages that show no month (the item list): the year of the month
    being reported, else of the newest month."""
    return plan_year_of(working_month())


def _default(months: list[Month], opens_on: OpensOn) -> Month | None:
    wanted = MonthState.OPEN if opens_on is OpensOn.OPEN else MonthState.PUBLISHED
    chosen = next((m for m in months if m.state == wanted), None)
    if chosen is None and months and opens_on is OpensOn.MEETING:
        # Nothing published yet: the preview of the newest month with an accepted report,
        # since a month just opened has no figures at all.
        chosen = next((m for m in months if m.has_figures), None)
    return chosen or (months[0] if months else None)


def plan_year_of(month: Month | None) -> int | None:
    """The plan year a page showing `month` shows: the month's own year."""
    if month is not None:
        return month.year
    current = PlanYear.objects.current()  # no month yet: the plan being prepared
    return current.year if current is not None else None
