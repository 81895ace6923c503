"""Celery tasks of the reporting cycle: the daily reminder run (a django-celery-beat
schedule, see migration actions/0004_reminder_schedule) and large ledger imports. Tasks
take ids or dates and leave their outcome in the database."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from . import reminders
from .ledger.jobs import execute_ledger_import
from .models import JobStatus, LedgerImport
from .sending import send_deliveries, send_delivery  # noqa: F401 (tasks)

# Above this many rows the confirmed import runs as a background task with progress.
LARGE_IMPORT_ROWS = 5_000


@shared_task(name="reporting.send_reminders")
def send_reminders_task(today: str | None = None) -> int:
    """Send the reminders due on ``today`` (YYYY-MM-DD, default: today in Asia/Shanghai).
    Safe to run twice: each (unit, month, step) is recorded once in ReminderSent."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return reminders.send_reminders(day)


@shared_task
def run_ledger_import(import_id: int) -> str:
    """Run a confirmed ledger import (台账导入); a repeated delivery finds it done."""
    return execute_ledger_import(import_id).status


def confirm_ledger_import(pk: int) -> LedgerImport:
    """Start a previewed import, once: a second click finds it already started. Small
    files import right away; large ones are queued for the worker."""
    with transaction.atomic():
        ledger_import = LedgerImport.objects.select_for_update().get(pk=pk)
        if ledger_import.status != JobStatus.PREVIEWED:
            return ledger_import
        ledger_import.status = JobStatus.RUNNING
        ledger_import.progress = 0
        ledger_import.save(update_fields=["status", "progress"])
        large = ledger_import.total > LARGE_IMPORT_ROWS
        if large:
            transaction.on_commit(lambda: run_ledger_import.delay(pk))
    if large:
        ledger_import.refresh_from_db()
        return ledger_import
    return execute_ledger_import(pk)
