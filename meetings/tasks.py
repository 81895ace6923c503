"""Background work of the meetings app (Celery): meeting workbooks built in the worker."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction

from reporting.models import Month

from .exports.jobs import build_meeting_export_file
from .models import MeetingExport

logger = logging.getLogger(__name__)


@shared_task
def build_meeting_export(export_id: int) -> str:
    """Build a queued meeting workbook (后台生成会议材料). Safe to run twice: a finished
    export is a no-op. The outcome (file or error) is left on the MeetingExport row."""
    export = build_meeting_export_file(export_id)
    if export is None:
        logger.warning("build_meeting_export: no export %s", export_id)
        return "missing"
    return export.status


def request_meeting_export(month: Month, user, *, revision: int | None) -> MeetingExport:
    """Queue month's meeting workbook for the worker: publication `revision`, or the live
    preview when None. The task is sent once the row is committed."""
    with transaction.atomic():
        export = MeetingExport.objects.create(month=month, revision=revision, requested_by=user)
        transaction.on_commit(lambda: build_meeting_export.delay(export.pk))
    return export
