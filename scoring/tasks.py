"""Background work of the scoring app (Celery). Tasks take "YYYY-MM" labels or ids."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction
from django.db.models import Exists, OuterRef

from reporting import deliveries
from reporting.models import Delivery, Month, parse_month_label

from . import early_warning, services
from .models import ScoreRun

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


@shared_task(name="scoring.announce_publication")
def announce_publication(label: str, revision: int) -> int:
    """Tell the units a month's boards are published (revision n) and which of their
    items it turns 红, over the reminders' channels, in the same few queries whatever
    their number; the number of deliveries queued. Safe to run twice: a revision already
    announced is left alone."""
    year, number = parse_month_label(label)
    purpose = f"published-{revision}"
    run = (
        ScoreRun.objects.publications()
        .select_related("month")
        .annotate(
            announced=Exists(Delivery.objects.filter(month=OuterRef("month"), purpose=purpose))
        )
        .get(month__year=year, month__number=number, revision=revision)
    )
    if run.announced:
        return 0
    with transaction.atomic():
        turned_red = early_warning.notify_turned_red(run)
        return deliveries.announce_publication(run.month, revision, also=turned_red)


def queue_rescore(month: Month) -> None:
    """Rescore the month in the background once the current transaction commits."""
    label = month.label
    transaction.on_commit(lambda: rescore_month.delay(label))
