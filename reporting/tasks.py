"""Celery tasks of the reporting cycle: the daily reminder run (a django-celery-beat
schedule, see migration actions/0004_reminder_schedule) and large ledger imports. Tasks
take ids or dates and leave their outcome in the database."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from . import deliveries, reminders
from .ledger.jobs import execute_ledger_import
from .models import JobStatus, LedgerImport

# Above this many rows the confirmed import runs as a background task with progress.
LARGE_IMPORT_ROWS = 5_000


@shared_task(name="reporting.send_reminders")
def send_reminders_task(today: str | None = None) -> int:
    """Send the reminders due on ``today`` (YYYY-MM-DD, default: today in Asia/Shanghai).
    Safe to run twice: each (unit, month, step) is recorded once in ReminderSent."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return reminders.send_reminders(day)


# Retries of a failed send: 30 s, 1 min, 2 min, 4 min, 8 min, then the delivery fails.
SEND_RETRIES = 5
SEND_BACKOFF_SECONDS = 30


@shared_task(bind=True, name="reporting.send_delivery", max_retries=SEND_RETRIES)
def send_delivery(self, delivery_id: int) -> str:
    """Send one queued message (e-mail or robot). A failure that may pass is retried
    with exponential backoff; the Delivery row keeps every outcome. Safe to run twice:
    only a pending delivery is sent."""
    if deliveries.send_once(delivery_id) == deliveries.DONE:
        return deliveries.DONE
    if self.request.retries >= SEND_RETRIES:
        deliveries.give_up(delivery_id)
        return "failed"
    # Not raised: a worker queues the retry and ends this run; run eagerly (no broker)
    # the retry runs at once, without the wait.
    return self.retry(countdown=SEND_BACKOFF_SECONDS * 2**self.request.retries, throw=False)


@shared_task(name="reporting.send_deliveries")
def send_deliveries(delivery_ids: list[int]) -> int:
    """Send many queued messages at once (a fan-out to every unit), one attempt each;
    those whose failure may pass go on as send_delivery retries. Safe to run twice:
    only pending deliveries are sent. Returns the number left to retry."""
    retry = deliveries.send_pending(delivery_ids)
    for delivery_id in retry:
        send_delivery.apply_async((delivery_id,), countdown=SEND_BACKOFF_SECONDS, retries=1)
    return len(retry)


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
