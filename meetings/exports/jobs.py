"""Meeting workbooks built in the background (后台生成会议材料): build one.

`meetings.tasks` requests one and runs this in the worker; each
leaves its outcome on the MeetingExport row for the status fragment to show. The file is
written through Django's storage API, so it lands wherever default storage points.
"""

from __future__ import annotations

import logging
import tempfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ExportStatus, MeetingExport
from .meeting import ExportError, export_month

logger = logging.getLogger(__name__)


def build_meeting_export_file(pk: int) -> MeetingExport | None:
    """Build and store the workbook of export `pk` and record the outcome. Safe to run
    twice: a finished export is left as it is, and of two runs racing only the first to
    finish keeps its file. None when there is no such export."""
    with transaction.atomic():
        exports = MeetingExport.objects.select_for_update().select_related("month")
        export = exports.filter(pk=pk).first()
        if export is None or export.status == ExportStatus.DONE:
            return export
        export.status = ExportStatus.RUNNING
        export.error = ""
        export.save(update_fields=["status", "error"])
    label = export.month.label
    try:
        with tempfile.TemporaryFile() as stream:
            preview = export.revision is None
            export_month(label, stream, revision=export.revision, preview=preview)
            stream.seek(0)
            suffix = f"r{export.revision}" if export.revision else "preview"
            name = f"meeting-{label}-{suffix}-{export.pk}.xlsx"
            stored = export.file.storage.save(
                export.file.field.generate_filename(export, name), File(stream)
            )
    except ExportError as exc:
        return _fail(pk, str(exc))
    except Exception as exc:
        # Leave a readable outcome instead of an export stuck at 生成中 forever.
        logger.exception("meeting export %s failed", pk)
        message = _("导出时发生内部错误（%(error)s），请联系管理员")
        return _fail(pk, message % {"error": exc.__class__.__name__})
    with transaction.atomic():
        export = MeetingExport.objects.select_for_update().select_related("month").get(pk=pk)
        if export.status == ExportStatus.DONE:
            export.file.storage.delete(stored)  # another run finished first
            return export
        export.file.name = stored
        export.status = ExportStatus.DONE
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "status", "finished_at"])
    return export


def _fail(pk: int, message: str) -> MeetingExport:
    MeetingExport.objects.filter(pk=pk).exclude(status=ExportStatus.DONE).update(
        status=ExportStatus.FAILED, error=message, finished_at=timezone.now()
    )
    return MeetingExport.objects.select_related("month").get(pk=pk)
