"""The two background files (the meeting workbook, the 通报's PDF preview) run the same
way: a failure is recorded with its reason, a finished job is never built again."""

import pytest

from meetings.models import ExportStatus, NoticePreview
from meetings.tasks import build_notice_preview, request_notice_preview

pytestmark = pytest.mark.django_db


def test_a_notice_preview_records_a_missing_libreoffice_then_builds_once(
    scored, personas, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setenv("PATH", "/nonexistent")  # a server without LibreOffice
    with django_capture_on_commit_callbacks(execute=True):
        preview = request_notice_preview(scored.month, personas.users.office)
    preview.refresh_from_db()
    assert preview.status == ExportStatus.FAILED and "未安装 LibreOffice" in preview.error
    assert preview.finished_at is not None and not preview.file

    monkeypatch.undo()  # LibreOffice installed: asking again builds it
    assert build_notice_preview.delay(preview.pk).get() == "done"
    preview.refresh_from_db()
    name, finished_at = preview.file.name, preview.finished_at
    assert name.endswith(".pdf") and preview.error == ""

    assert build_notice_preview.delay(preview.pk).get() == "done"  # finished: left alone
    preview.refresh_from_db()
    assert (preview.file.name, preview.finished_at) == (name, finished_at)
    assert build_notice_preview.delay(preview.pk + 1).get() == "missing"
    assert NoticePreview.objects.count() == 1
