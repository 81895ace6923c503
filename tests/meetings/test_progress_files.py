"""Evidence files (佐证材料) on an assignment's progress: checked as a report's are and
downloaded only by those who may see the assignment."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from meetings import services
from meetings.models import AssignmentStatus, ProgressFile
from tests.upload_files import PDF

pytestmark = pytest.mark.django_db


def photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (20, 120, 20)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def assignment(district, personas, official):
    return services.create_assignment(
        month=district.month,
        content="一周内拿出整改方案",
        responsible_unit=district.unit_a,
        deadline=datetime.date(2022, 4, 30),
        assigned_by=official,
        created_by=personas.users.leader,
    )


def post_progress(client, assignment, *files, evidence=""):
    url = reverse("meetings:assignment_progress", args=[assignment.pk])
    data = {"kind": "done", "text": "方案已印发", "evidence": evidence}
    data["files"] = [SimpleUploadedFile(name, content) for name, content in files]
    return client.post(url, data, follow=True)


def test_a_unit_reports_done_with_a_pdf_and_a_photo(personas, assignment):
    page = post_progress(
        personas.reporter_a, assignment, ("整改方案.pdf", PDF), ("现场.jpg", photo())
    ).content.decode()
    assert "办理进展已报送" in page
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DONE
    pdf, jpg = ProgressFile.objects.order_by("pk")
    assert (pdf.kind, jpg.kind, bool(jpg.thumbnail)) == ("pdf", "jpg", True)
    detail = personas.office.get(assignment.get_absolute_url()).content.decode()
    assert "整改方案.pdf" in detail and "现场.jpg" in detail
    response = personas.office.get(reverse("meetings:progress_file", args=[pdf.pk]))
    assert b"".join(response.streaming_content) == PDF
    assert "attachment; filename*=utf-8''" in response["Content-Disposition"]
    assert (
        personas.reporter_b.get(reverse("meetings:progress_file", args=[pdf.pk])).status_code == 404
    )


def test_a_file_of_another_kind_is_refused_and_nothing_is_written(personas, assignment):
    page = post_progress(
        personas.reporter_a, assignment, ("方案.pdf", b"<html><script>x</script>")
    ).content.decode()
    assert "「方案.pdf」不是允许的文件类型" in page
    assert not ProgressFile.objects.exists()
    assignment.refresh_from_db()
    assert assignment.status != AssignmentStatus.DONE
