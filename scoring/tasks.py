"""Background work of the scoring app (Celery). Tasks take "YYYY-MM" labels or ids."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction

from reporting.models import Month

from . import services

logger = logging.getLogger(__name__)


@shared_task
def rescore_month(label: str) -> str:
    """Rescore a month's live preview. Safe to run twice or concurrently: the preview is
    replaced under a lock on the month. The outcome is left on the preview run
    (status, error, computed_at) for the board page to show."""
    try:
        month = Month.objects.get_by_label(label)
    except (ValueError, Month.DoesNotExist):
        logger.warning("rescore_month: no month %s", label)
        return "missing"
    try:
        run = services.compute_month(month)
    except Exception as exc:
        # A failing rescoring must not break the report workflow that queued it.
        logger.exception("rescore_month %s failed", label)
        services.record_rescore_failure(month, f"{exc.__class__.__name__}: {exc}")
        return "failed"
    return f"done {run.computed_at.isoformat()}"


def queue_rescore(month: Month) -> None:
    """Rescore the month in the background once the current transaction commits."""
    label = month.label
    transaction.on_commit(lambda: rescore_month.delay(label))
