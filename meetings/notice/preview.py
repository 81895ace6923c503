"""The 通报's PDF preview, made by LibreOffice in the worker (后台生成): build one.

`meetings.tasks` requests one and runs this in the worker; the outcome (file or error)
is left on the NoticePreview row for the 通报 page to show.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ExportStatus, NoticePreview
from . import NoticeError, export_notice

logger = logging.getLogger(__name__)
CONVERT_TIMEOUT = 180  # seconds; a first start of LibreOffice builds its profile


def build_notice_preview_file(pk: int) -> NoticePreview | None:
    """Convert the 通报 of preview `pk`'s month, as it stands now, to PDF and keep it.
    Safe to run twice: a finished preview is left as it is. None when there is none."""
    with transaction.atomic():
        previews = NoticePreview.objects.select_for_update().select_related("month")
        preview = previews.filter(pk=pk).first()
        if preview is None or preview.status == ExportStatus.DONE:
            return preview
        preview.status, preview.error = ExportStatus.RUNNING, ""
        preview.save(update_fields=["status", "error"])
    soffice = shutil.which("soffice")
    if soffice is None:
        return _fail(pk, _("服务器未安装 LibreOffice，无法生成 PDF 预览"))
    try:
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / f"notice-{preview.month.label}.docx"
            export_notice(preview.month, source)
            # A profile of its own, so two conversions at once do not share a lock.
            profile = (Path(folder) / "profile").as_uri()
            subprocess.run(
                [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to"]
                + ["pdf", "--outdir", folder, str(source)],
                check=True,
                capture_output=True,
                timeout=CONVERT_TIMEOUT,
            )
            with open(source.with_suffix(".pdf"), "rb") as pdf:
                name = f"notice-{preview.month.label}-{pk}.pdf"
                stored = preview.file.storage.save(
                    preview.file.field.generate_filename(preview, name), File(pdf)
                )
    except NoticeError as exc:
        return _fail(pk, str(exc))
    except (OSError, subprocess.SubprocessError) as exc:
        logger.exception("notice preview %s failed", pk)
        return _fail(pk, _("PDF 转换失败（%(error)s）") % {"error": exc.__class__.__name__})
    NoticePreview.objects.filter(pk=pk).update(
        file=stored, status=ExportStatus.DONE, finished_at=timezone.now()
    )
    return NoticePreview.objects.select_related("month").get(pk=pk)


def _fail(pk: int, message: str) -> NoticePreview:
    NoticePreview.objects.filter(pk=pk).exclude(status=ExportStatus.DONE).update(
        status=ExportStatus.FAILED, error=message, finished_at=timezone.now()
    )
    return NoticePreview.objects.select_related("month").get(pk=pk)
