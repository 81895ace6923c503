"""Reporting reminders (报送提醒): three days and one day before a month's deadline and the
day after it, and the office's one-click 催报, to units with due items not yet submitted —
once per unit, deadline and step — over the notice, e-mail and robot channels
(reporting.deliveries)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Item, Unit

from .deliveries import (
    Message,
    finish_todos,
    in_site_language,
    open_todos,
    queue_person_notices,
    queue_unit_message,
)
from .models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Month,
    MonthState,
    ReminderSent,
    ReminderStep,
    Report,
    ReportState,
    Todo,
)

SUBMITTED_STATES = (ReportState.SUBMITTED, ReportState.APPROVED, ReportState.ACCEPTED)


def step_for(deadline: datetime.date, today: datetime.date) -> str | None:
    """The reminder step whose window contains today.

    Each step is a window rather than one day so that a daily run missed (beat or the
    broker down) is caught up the next day; the unique (unit, month, step) row keeps
    every step to one reminder however often the task runs."""
    one_day = datetime.timedelta(days=1)
    if deadline - 3 * one_day <= today < deadline - one_day:
        return ReminderStep.BEFORE_3
    if deadline - one_day <= today <= deadline:
        return ReminderStep.BEFORE_1
    if today > deadline:
        return ReminderStep.AFTER_1
    return None


def units_behind(month: Month) -> dict[int, int]:
    """Unit id → number of its items due in the month without a submitted report."""
    submitted = Report.objects.filter(month=month, state__in=SUBMITTED_STATES).values("item_id")
    rows = (
        Item.objects.for_month(month)
        .exclude(pk__in=submitted)
        .values("lead_unit_id")
        .annotate(missing=Count("pk"))
        .order_by("lead_unit_id")
    )
    return {row["lead_unit_id"]: row["missing"] for row in rows}


def send_reminders(today: datetime.date) -> int:
    """Send today's reminders for every open month; the number of units reminded."""
    sent = 0
    for month in Month.objects.filter(state=MonthState.OPEN, deadline__isnull=False):
        step = step_for(month.deadline, today)
        if step is None:
            continue
        behind = units_behind(month)
        for unit in Unit.objects.filter(pk__in=behind).order_by("code"):
            if remind_unit(unit, month, step) is not None:
                sent += 1
    return sent


@dataclass
class Reminded:
    """What a 催报 did: the units reminded, those skipped because this deadline's 催报
    already went to them, and the deliveries it recorded (one per unit and channel)."""

    units: int = 0
    already: int = 0
    deliveries: list[Delivery] = field(default_factory=list)


def remind_units(month: Month, unit_ids: Iterable[int] | None = None) -> Reminded:
    """The office's one-click 催报 to the given units, or to every late one (None).
    Units that have submitted everything are left out."""
    behind = units_behind(month)
    wanted = behind.keys() if unit_ids is None else set(unit_ids) & behind.keys()
    result = Reminded()
    for unit in Unit.objects.filter(pk__in=wanted).order_by("code"):
        deliveries = remind_unit(unit, month, ReminderStep.MANUAL)
        if deliveries is None:
            result.already += 1
        else:
            result.units += 1
            result.deliveries.extend(deliveries)
    return result


def missing_items(unit: Unit, month: Month) -> list[Item]:
    """The unit's items due in the month without a submitted report (待报送), in the plan's
    order, each with ``returned`` set when its report was sent back (已退回)."""
    submitted = Report.objects.filter(month=month, state__in=SUBMITTED_STATES).values("item_id")
    returned = Report.objects.filter(item=OuterRef("pk"), month=month, state=ReportState.RETURNED)
    return list(
        Item.objects.led_by(unit)
        .for_month(month)
        .exclude(pk__in=submitted)
        .annotate(returned=Exists(returned))
        .order_by("action__order", "action__code", "code")
    )


@in_site_language
def remind_unit(unit: Unit, month: Month, step: str) -> list[Delivery] | None:
    """Remind one unit over every channel, once per step and deadline: its deliveries, or
    None if already reminded (or if it has nothing left to submit)."""
    items = missing_items(unit, month)
    if not items:
        return None
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = ReminderSent.objects.create(
                    unit=unit, month=month, step=step, deadline=month.deadline
                )
        except IntegrityError:
            return None
        message = reminder_message(unit, month, step, items)
        purpose = f"{step}@{month.deadline.isoformat()}"
        deliveries = queue_unit_message(unit, month, purpose, message)
        # Where 浙政钉 is on: a 工作通知 to each person, and a 待办 until the unit reports.
        deliveries += queue_person_notices(unit, month, purpose, message)
        deliveries += open_todos(unit, month, message)
        emails = [
            d
            for d in deliveries
            if d.channel == Channel.EMAIL and d.status != DeliveryStatus.SKIPPED
        ]
        record.recipients = len(emails[0].recipient.split(", ")) if emails else 0
        record.save(update_fields=["recipients"])
    return deliveries


def reminder_message(unit: Unit, month: Month, step: str, items: list[Item]) -> Message:
    """The reminder's subject, text and robot markdown, naming the items still to submit
    (待报送: 未报送 and 已退回, each counted and marked)."""
    returned = sum(1 for item in items if item.returned)
    values = {
        "unit": unit.name,
        "label": month.label,
        "missing": len(items),
        "deadline": month.deadline.strftime("%Y-%m-%d"),
        "counts": _("未报送 %(unsent)s 项、已退回 %(returned)s 项")
        % {"unsent": len(items) - returned, "returned": returned},
    }
    late = step == ReminderStep.AFTER_1 or (
        step == ReminderStep.MANUAL and timezone.localdate() > month.deadline
    )
    if late:
        text = (
            _(
                "%(unit)s：%(label)s 月报已过报送截止日（%(deadline)s），"
                "仍有 %(missing)s 项待报送（%(counts)s）。"
                "请尽快在「本月填报」中报送，逾期报送将被标注。"
            )
            % values
        )
    else:
        text = (
            _(
                "%(unit)s：%(label)s 月报报送截止日为 %(deadline)s，"
                "目前还有 %(missing)s 项待报送（%(counts)s），请在「本月填报」中按时报送。"
            )
            % values
        )
    if step == ReminderStep.MANUAL:
        subject = _("【晒比会】%(label)s 月报催报") % values
    else:
        subject = _("【晒比会】%(label)s 月报报送提醒") % values
    marker, heading = _("（已退回）"), _("待报送事项：")
    listed = "\n".join(
        f"- {item.code} {item.name}{marker if item.returned else ''}" for item in items
    )
    return Message(
        subject=subject,
        text=f"{text}\n{heading}\n{listed}",
        markdown=f"#### {subject}\n\n{text}\n\n{listed}",
        url=f"{reverse('reporting:fill')}?month={month.label}",
    )


def finish_todos_when_reported(unit_id: int, month: Month) -> int:
    """Finish the unit's open 待办 of the month once every item it has due has a
    submitted report; the number of 待办 being finished."""
    todos = _open_todos(month).filter(unit_id=unit_id)
    if not todos.exists() or unit_id in units_behind(month):
        return 0
    return len(finish_todos(todos))


def finish_month_todos(month: Month) -> int:
    """The month closes: finish every 待办 of it still open."""
    return len(finish_todos(_open_todos(month)))


def _open_todos(month: Month):
    return Todo.objects.filter(month=month, finished_at__isnull=True).select_related(
        "month", "unit", "user__zzd_account"
    )
