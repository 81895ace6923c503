"""Background work of the meetings app (Celery): meeting workbooks and the 通报's PDF
preview built in the worker, both file jobs (meetings.filejobs)."""

from __future__ import annotations

from celery import shared_task

from reporting.models import Month

from .exports.jobs import build_meeting_export_file
from .filejobs import job_outcome, request_job
from .models import MeetingExport, NoticePreview
from .notice.preview import build_notice_preview_file


@shared_task
def build_meeting_export(export_id: int) -> str:
    """Build a queued meeting workbook (后台生成会议材料). Safe to run twice: a finished
    export is a no-op. The outcome (file or error) is left on the MeetingExport row."""
    export = build_meeting_export_file(export_id)
    return job_outcome(export, "build_meeting_export", export_id)


def request_meeting_export(month: Month, user, *, revision: int | None) -> MeetingExport:
    """Queue month's meeting workbook for the worker: publication `revision`, or the live
    preview when None. The task is sent once the row is committed."""
    return request_job(
        MeetingExport, build_meeting_export, month=month, revision=revision, requested_by=user
    )


@shared_task
def build_notice_preview(preview_id: int) -> str:
    """Make a queued PDF preview of the month's 通报 (LibreOffice). Safe to run twice; the
    outcome is left on the NoticePreview row."""
    preview = build_notice_preview_file(preview_id)
    return job_outcome(preview, "build_notice_preview", preview_id)


def request_notice_preview(month: Month, user) -> NoticePreview:
    """Queue a PDF preview of month's 通报 for the worker, sent once the row is committed."""
    return request_job(NoticePreview, build_notice_preview, month=month, requested_by=user)
