"""Reporting reminders (报送提醒): three days and one day before a month's deadline and the
day after it, to units with due items not yet submitted — once per unit, month and step."""

from __future__ import annotations

import datetime

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import UNIT_ROLES, User
from actions.models import Item, Unit

from .models import Month, MonthState, Notification, ReminderSent, ReminderStep, Report, ReportState

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
            if _remind(unit, month, step, behind[unit.pk]):
                sent += 1
    return sent


def _remind(unit: Unit, month: Month, step: str, missing: int) -> bool:
    """Record, notify and e-mail one unit; False if this step was already sent."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = ReminderSent.objects.create(unit=unit, month=month, step=step)
        except IntegrityError:
            return False
        text = _reminder_text(unit, month, step, missing)
        url = f"{reverse('reporting:fill')}?month={month.label}"
        users = list(User.objects.filter(unit=unit, role__in=UNIT_ROLES, is_active=True))
        Notification.objects.bulk_create([Notification(user=u, text=text, url=url) for u in users])
        emails = sorted({u.email for u in users if u.email})
        if emails:
            # Sent inside the transaction: if the mail server refuses, the record is
            # rolled back and the next run tries again.
            subject = _("【晒比会】%(label)s 月报报送提醒") % {"label": month.label}
            send_mail(subject, text, None, emails)
        record.recipients = len(emails)
        record.save(update_fields=["recipients"])
    return True


def _reminder_text(unit: Unit, month: Month, step: str, missing: int) -> str:
    values = {
        "unit": unit.name,
        "label": month.label,
        "missing": missing,
        "deadline": month.deadline.strftime("%Y-%m-%d"),
    }
    if step == ReminderStep.AFTER_1:
        return (
            _(
                "%(unit)s：%(label)s 月报已过报送截止日（%(deadline)s），"
                "仍有 %(missing)s 项未报送。请尽快在「本月填报」中报送，逾期报送将被标注。"
            )
            % values
        )
    return (
        _(
            "%(unit)s：%(label)s 月报报送截止日为 %(deadline)s，"
            "目前还有 %(missing)s 项未报送，请在「本月填报」中按时报送。"
        )
        % values
    )
