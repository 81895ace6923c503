"""Early warning (预警) of a month, gathered for the rules in `scoring.forecast`.

Three queries whatever the district's size: the items due at least once in months
1..m (`month_items`, which the month's scoring reads anyway), the year's accepted
reports up to m, and last year's accepted values of the same item codes. The rows are
stored with every score run, beside the boards.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import UNIT_ROLES, User
from actions.models import Item, Unit
from reporting.deliveries import Message, Outgoing, in_site_language
from reporting.facts import REPORT_FACT_FIELDS, report_facts_of
from reporting.models import Channel, Month, Notification, Report, ReportState

from . import forecast, rulebook
from .models import ScoreRun, WarningResult

# What each warning row copies from its item, as {row field: lookup of the item}.
WARNING_SNAPSHOT = {
    "item_code": "code",
    "item_name": "name",
    "level": "level",
    "action_id": "action_id",
    "action_code": "action__code",
    "action_name": "action__name",
    "lead_unit_id": "lead_unit_id",
    "lead_unit_code": "lead_unit__code",
    "lead_unit_name": "lead_unit__name",
    "target": "target",
    "measure_unit": "measure_unit",
    "deadline": "deadline",
}


def cadences_due_by(month: int) -> list[str]:
    """The cadences whose items were due at least once in months 1..m."""
    return sorted({c for k in range(1, month + 1) for c in rulebook.cadences_due_in(k)})


def month_items(month: Month):
    """The items the month's 预警 considers: those of the month's plan due at least once
    in months 1..m."""
    items = Item.objects.filter(cadence__in=cadences_due_by(month.number))
    # Where items belong to a plan year, only the month's year's plan is forecast.
    of_year = getattr(items, "of_year", None)
    return of_year(month.year) if of_year else items


def gather(month: Month, items: Sequence[rulebook.ItemFacts]) -> list[forecast.Forecast]:
    """The 预警 of each of the month's items (the facts of `month_items`), ordered by
    item code (2 queries)."""
    reports = {
        (item_id, number): report_facts_of(*facts)
        for item_id, number, *facts in Report.objects.filter(
            state=ReportState.ACCEPTED,
            month__year=month.year,
            month__number__lte=month.number,
        )
        .values_list("item_id", "month__number", *REPORT_FACT_FIELDS)
        .order_by()
    }
    # Last year's same item is found by its code, so it is found whether an item is one
    # row across years or one row per plan year; only months it was due in count.
    last_year = {
        (code, number): value
        for code, cadence, number, value in Report.objects.filter(
            state=ReportState.ACCEPTED, month__year=month.year - 1, value__isnull=False
        )
        .values_list("item__code", "item__cadence", "month__number", "value")
        .order_by()
        if rulebook.is_due(cadence, number)
    }
    return forecast.forecast_month(month.year, month.number, items, reports, last_year)


@in_site_language
def notify_turned_red(run: ScoreRun) -> list[Outgoing]:
    """Tell each unit about its items a publication turns 红 (4 queries): red in this
    revision and not red in the publication before it — the month's previous revision
    for a correction, else the latest earlier published month of the same year. The
    notices are written; the messages to the units' own work group robots are
    returned, for the publication's announcement to queue with its own."""
    month = run.month
    before = (
        ScoreRun.objects.publications()
        .filter(
            Q(month=month, revision__lt=run.revision)
            | Q(month__year=month.year, month__number__lt=month.number)
        )
        .newest_first()
        .values("pk")[:1]
    )
    was_red = WarningResult.objects.filter(
        run__in=before, band=rulebook.BAND_RED, item__isnull=False
    ).values("item_id")
    turned = list(
        WarningResult.objects.filter(run=run, band=rulebook.BAND_RED, lead_unit__isnull=False)
        .exclude(item_id__in=was_red)
        .in_plan_order()
    )
    if not turned:
        return []
    users_by_unit: dict[int, list[User]] = {}
    for user in User.objects.filter(
        unit_id__in={w.lead_unit_id for w in turned}, role__in=UNIT_ROLES, is_active=True
    ).order_by("pk"):
        users_by_unit.setdefault(user.unit_id, []).append(user)
    notices = []
    for warning in turned:
        text = _("预警：%(item)s 在 %(month)s 转为红色（%(basis)s），请尽快采取措施") % {
            "item": warning.item_name,
            "month": month.label,
            "basis": warning.get_basis_display(),
        }
        url = reverse("scoring:item_trend", args=[warning.item_id]) if warning.item_id else ""
        notices.extend(
            Notification(user=user, text=text[:500], url=url)
            for user in users_by_unit.get(warning.lead_unit_id, [])
        )
    Notification.objects.bulk_create(notices)
    return _robot_messages(run, turned)


def _robot_messages(run: ScoreRun, turned: list[WarningResult]) -> list[Outgoing]:
    """One robot message per unit with a work group robot of its own, naming its items
    turned 红 (1 query)."""
    by_unit: dict[int, list[WarningResult]] = {}
    for warning in turned:
        by_unit.setdefault(warning.lead_unit_id, []).append(warning)
    month = run.month
    url = reverse("scoring:warnings", args=[month.label])
    messages = []
    for unit in Unit.objects.filter(pk__in=by_unit).exclude(robot_webhook="").order_by("code"):
        warnings = by_unit[unit.pk]
        subject = _("【晒比会】%(unit)s %(month)s 有 %(n)s 项事项转为红色预警") % {
            "unit": unit.name,
            "month": month.label,
            "n": len(warnings),
        }
        lines = [f"- {w.item_code} {w.item_name}（{w.get_basis_display()}）" for w in warnings]
        text = "\n".join([subject, *lines])
        markdown = "\n\n".join([f"#### {subject}", "\n".join(lines)])
        message = Message(subject, text, markdown, url)
        messages.append(Outgoing(unit, f"red-r{run.revision}", message, (Channel.ROBOT,)))
    return messages
