"""The 通报's PDF preview, made by LibreOffice in the worker (后台生成): build one.

`meetings.tasks` requests one and runs this in the worker through meetings.filejobs,
which leaves the outcome (file or error) on the NoticePreview row for the 通报 page.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

from ..filejobs import JobFailed, run_job
from ..models import NoticePreview
from . import NoticeError, export_notice

logger = logging.getLogger(__name__)
CONVERT_TIMEOUT = 180  # seconds; a first start of LibreOffice builds its profile


def build_notice_preview_file(pk: int) -> NoticePreview | None:
    """Convert the 通报 of preview `pk`'s month, as it stands now, to PDF and keep it
    (run_job: safe to run twice). None when there is none."""
    return run_job(NoticePreview, pk, _convert)


def _convert(preview: NoticePreview) -> str:
    soffice = shutil.which("soffice")
    if soffice is None:
        raise JobFailed(_("服务器未安装 LibreOffice，无法生成 PDF 预览"))
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
                return preview.store(f"notice-{preview.month.label}-{preview.pk}.pdf", pdf)
    except NoticeError as exc:
        raise JobFailed(str(exc)) from exc
    except (OSError, subprocess.SubprocessError) as exc:
        logger.exception("notice preview %s failed", preview.pk)
        message = _("PDF 转换失败（%(error)s）") % {"error": exc.__class__.__name__}
        raise JobFailed(message) from exc
