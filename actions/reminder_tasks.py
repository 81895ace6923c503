"""Celery tasks of the reporting cycle (run daily by django-celery-beat, see migration
0004_reminder_schedule). Imported by ActionsConfig.ready() so the worker registers them."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from . import reminders


@shared_task(name="actions.send_reminders")
def send_reminders_task(today: str | None = None) -> int:
    """Send the reminders due on ``today`` (YYYY-MM-DD, default: today in Asia/Shanghai).
    Safe to run twice: each (unit, month, step) is recorded once in ReminderSent."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return reminders.send_reminders(day)
