"""Background work of the scoring app (Celery). Tasks take "YYYY-MM" labels or ids."""

from __future__ import annotations

import logging

from celery import shared_task

from actions.models import Month

from . import services
from .exports.jobs import build_meeting_export_file

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


@shared_task
def build_meeting_export(export_id: int) -> str:
    """Build a queued meeting workbook (后台生成会议材料). Safe to run twice: a finished
    export is a no-op. The outcome (file or error) is left on the MeetingExport row."""
    export = build_meeting_export_file(export_id)
    if export is None:
        logger.warning("build_meeting_export: no export %s", export_id)
        return "missing"
    return export.status
