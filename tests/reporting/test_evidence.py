"""Evidence files (佐证材料): upload checked by content, size and count; download only by
those who may see the report, as an attachment under its Chinese name."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from PIL import Image

from reporting import evidence as files
from reporting import services
from reporting.models import Evidence, Report, ReportState
from tests.factories import ReportFactory
from tests.s3_server import StoredFiles

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def image_bytes(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 30, 30)).save(out, fmt)
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def xlsx_bytes() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return StoredFiles()  # the disk or the bucket (--storage=s3)


@pytest.fixture
def draft(district):
    return ReportFactory(item=district.item_a, month=district.month, state=ReportState.DRAFT)


def upload(client, report, name, content):
    url = reverse("reporting:evidence_upload", args=[report.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)}, follow=True)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("验收报告.pdf", PDF, "pdf"),
        ("现场照片.jpg", image_bytes("JPEG"), "jpg"),
        ("截图.png", image_bytes("PNG"), "png"),
        ("说明.docx", docx_bytes(), "docx"),
        ("台账.xlsx", xlsx_bytes(), "xlsx"),
        ("扫描件", PDF, "pdf"),  # no extension: the content decides
    ],
)
def test_it_accepts_the_allowed_kinds_by_content(personas, draft, media, name, content, kind):
    page = upload(personas.reporter_a, draft, name, content).content.decode()
    assert f"已上传「{name}」" in page
    evidence = Evidence.objects.get()
    assert (evidence.name, evidence.kind, evidence.size) == (name, kind, len(content))
    stored = evidence.file.name
    assert stored.startswith("evidence/") and stored.endswith(f".{kind}")
    assert name not in stored and len(stored.rsplit("/", 1)[-1]) == 32 + 1 + len(kind)
    assert (media / stored).read_bytes() == content
    assert bool(evidence.thumbnail) == (kind in ("jpg", "png"))
    history = Report.objects.get().history.first()
    assert (history.step, history.history_change_reason) == ("上传佐证材料", name)


def test_the_fill_page_counts_the_files_and_lists_them_for_the_unit_head(personas, draft):
    upload(personas.reporter_a, draft, "验收<报告>.pdf", PDF)
    upload(personas.reporter_a, draft, "照片.png", image_bytes("PNG"))
    detail = reverse("reporting:report_detail", args=[draft.pk])
    page = personas.reporter_a.get(reverse("reporting:fill")).content.decode()
    assert f'<a href="{detail}#evidence">佐证材料（2）</a>' in page
    Report.objects.filter(pk=draft.pk).update(state=ReportState.SUBMITTED)
    page = personas.head_a.get(reverse("reporting:fill")).content.decode()
    links = [
        f'<a class="me-2" href="{reverse("reporting:evidence_download", args=[e.pk])}">{name}</a>'
        for e, name in zip(
            Evidence.objects.order_by("pk"), ["验收&lt;报告&gt;.pdf", "照片.png"], strict=True
        )
    ]
    assert f'<a href="{detail}#evidence">佐证材料（2）</a>：{"".join(links)}</div>' in page
    assert f'formaction="{reverse("reporting:report_approve", args=[draft.pk])}"' in page


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("伪装.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200),  # a Windows program
        ("page.png", b"<!doctype html><script>alert(1)</script>"),
        ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
        ("半截.jpg", image_bytes("JPEG")[:100]),
        ("包.docx", b"PK\x03\x04" + b"\x00" * 100),
        ("档案.zip", docx_bytes().replace(b"word/document.xml", b"misc/document.xml")),
        ("动画.gif", b"GIF89a" + b"\x00" * 50),
    ],
)
def test_it_refuses_other_content_whatever_its_name(personas, draft, name, content):
    page = upload(personas.reporter_a, draft, name, content).content.decode()
    assert (
        f"「{name}」不是允许的文件类型：只接受 PDF、JPEG、PNG、DOCX、XLSX（按文件内容判断）" in page
    )
    assert not Evidence.objects.exists()


def test_it_refuses_a_file_over_20_mb(personas, draft):
    content = PDF + b"0" * (files.MAX_SIZE + 1 - len(PDF))
    page = upload(personas.reporter_a, draft, "大文件.pdf", content).content.decode()
    assert "「大文件.pdf」超过 20 MB 的上限（实际 20.0 MB）" in page
    assert not Evidence.objects.exists()


def test_it_takes_at_most_ten_files_per_report(personas, draft):
    for n in range(files.MAX_FILES):
        upload(personas.reporter_a, draft, f"{n}.pdf", PDF)
    page = upload(personas.reporter_a, draft, "第11个.pdf", PDF).content.decode()
    assert "每份月报最多 10 个佐证材料" in page
    assert Evidence.objects.count() == 10


def test_another_unit_cannot_upload_and_a_submitted_report_keeps_its_files(personas, draft):
    assert upload(personas.reporter_b, draft, "x.pdf", PDF).status_code == 404
    Report.objects.filter(pk=draft.pk).update(state=ReportState.SUBMITTED)
    page = upload(personas.reporter_a, draft, "晚到.pdf", PDF).content.decode()
    assert "不能执行此操作" in page
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("reporter_a", 200),
        ("head_a", 200),
        ("office", 200),
        ("leader", 200),
        ("reporter_b", 404),
        ("anonymous", 302),
    ],
)
def test_it_lets_download_only_those_who_may_see_the_report(personas, draft, persona, status):
    upload(personas.reporter_a, draft, "验收报告.pdf", PDF)
    evidence = Evidence.objects.get()
    url = reverse("reporting:evidence_download", args=[evidence.pk])
    response = getattr(personas, persona).get(url)
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            "attachment; filename*=utf-8''%E9%AA%8C%E6%94%B6%E6%8A%A5%E5%91%8A.pdf"
        )
        assert response["X-Content-Type-Options"] == "nosniff"


def test_a_guessed_thumbnail_or_file_of_another_unit_is_404(personas, draft):
    upload(personas.reporter_a, draft, "照片.png", image_bytes("PNG"))
    evidence = Evidence.objects.get()
    for name in ("evidence_download", "evidence_thumbnail", "evidence_delete"):
        url = reverse(f"reporting:{name}", args=[evidence.pk])
        client = personas.reporter_b
        response = client.post(url) if name.endswith("delete") else client.get(url)
        assert response.status_code == 404
    thumb = personas.office.get(reverse("reporting:evidence_thumbnail", args=[evidence.pk]))
    assert thumb["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(b"".join(thumb.streaming_content))).size == (320, 240)


def test_behind_nginx_the_file_is_sent_by_x_accel_redirect(personas, draft, settings):
    settings.EVIDENCE_ACCEL_REDIRECT = "/protected-media/"
    upload(personas.reporter_a, draft, "验收报告.pdf", PDF)
    evidence = Evidence.objects.get()
    response = personas.office.get(reverse("reporting:evidence_download", args=[evidence.pk]))
    assert response["X-Accel-Redirect"] == f"/protected-media/{evidence.file.name}"
    assert response.content == b""
    assert "filename*=utf-8''" in response["Content-Disposition"]


def test_the_report_page_lists_the_files_and_the_owner_removes_one(
    personas, draft, media, django_capture_on_commit_callbacks
):
    upload(personas.reporter_a, draft, "验收报告.pdf", PDF)
    evidence = Evidence.objects.get()
    page = personas.office.get(reverse("reporting:report_detail", args=[draft.pk])).content
    assert "验收报告.pdf" in page.decode()
    assert "删除" not in page.decode().split('id="evidence"')[1].split("</section>")[0]
    with django_capture_on_commit_callbacks(execute=True):
        personas.reporter_a.post(reverse("reporting:evidence_delete", args=[evidence.pk]))
    assert not Evidence.objects.exists()
    assert not (media / evidence.file.name).exists()
    assert Report.objects.get().history.first().step == "删除佐证材料"


def test_files_stay_when_the_report_is_returned(personas, draft):
    upload(personas.reporter_a, draft, "验收报告.pdf", PDF)
    Report.objects.filter(pk=draft.pk).update(state=ReportState.SUBMITTED)
    report = Report.objects.get()
    services.return_report(report, personas.users.office, "请补充")
    assert Evidence.objects.filter(report=report).count() == 1
