"""Evidence files (佐证材料): an upload is accepted only when it is, as a whole, what its
name says (a corpus of smuggled files built here from bytes, every one refused, and of
honest ones, every one accepted), within size, count and name limits; a download only
for those who may see the report, as an attachment with its true extension."""

import io
import random
from urllib.parse import quote, unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from reporting import evidence as files
from reporting import services, uploads
from reporting.models import Evidence, Report, ReportState
from tests.factories import ReportFactory
from tests.s3_server import StoredFiles
from tests.upload_files import (
    PDF,
    docx_bytes,
    image_bytes,
    jpeg_with_comment,
    pdf_bytes,
    pptx_bytes,
    with_part,
    xlsx_bytes,
    zip_bytes,
)

pytestmark = pytest.mark.django_db


HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
# Files that claim one thing and are (also) another: every one is refused.
SMUGGLED = [
    ("报告.html", b"%PDF-1.4\n" + HTML + b"\n%%EOF", "的扩展名是 .html，内容却是 PDF"),
    ("报告.pdf", b"%PDF-1.4\n" + HTML + b"\n%%EOF", "无法作为 PDF 打开"),
    ("图.svg", jpeg_with_comment(HTML), "的扩展名是 .svg，内容却是 JPEG"),
    ("发票.exe", PDF, "的扩展名是 .exe，内容却是 PDF"),
    ("照片.jpg", image_bytes("JPEG") + zip_bytes({"a.html": HTML}), "在图片结尾之后还夹带了"),
    ("截图.png", image_bytes("PNG") + HTML, "在图片结尾之后还夹带了"),
    (
        "说明.docx",
        zip_bytes({"word/document.xml": "<w:document/>", "index.html": HTML}),
        "不是完整的 Office 文件：缺少 [Content_Types].xml",
    ),
    ("网页.pdf", HTML, "不是允许的文件类型"),
    ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "不是允许的文件类型"),
    ("伪装.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "不是允许的文件类型"),
    ("动画.gif", b"GIF89a" + b"\x00" * 50, "不是允许的文件类型"),
    ("半截.jpg", image_bytes("JPEG")[:100], "不是完整的 JPEG 图片"),
    ("包.docx", b"PK\x03\x04" + b"\x00" * 100, "是损坏的压缩包"),
    ("带尾巴.pdf", PDF + HTML, "不是完整的 PDF：文件结尾之后还有其他内容"),
    (
        "脚本.pdf",
        pdf_bytes("/OpenAction 4 0 R ", b"<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>"),
        "含有 JavaScript 脚本",
    ),
    (
        "启动.pdf",
        pdf_bytes("/OpenAction 4 0 R ", b"<< /S /Launch /F (cmd.exe) >>"),
        "含有启动外部程序的动作",
    ),
    (
        "附件.pdf",
        pdf_bytes(
            "/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >> ",
            b"<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>",
            b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
        ),
        "含有嵌入的文件",
    ),
    (
        "宏.docx",
        with_part(
            docx_bytes(), "word/vbaProject.bin", b"\xd0\xcf", "application/vnd.ms-office.vbaProject"
        ),
        "含有宏",
    ),
    (
        "夹带.docx",
        with_part(docx_bytes(), "word/page.html", HTML, "text/html"),
        "含有网页、脚本或程序",
    ),
    ("未声明.xlsx", with_part(xlsx_bytes(), "xl/run.exe", b"MZ", None), "含有未声明的部件"),
    ("宏.pptx", pptx_bytes("presentationml.presentation.macroEnabled.main+xml"), "含有宏"),
]
HONEST = [
    ("验收报告.pdf", PDF, "pdf", "application/pdf"),
    ("现场照片.jpg", image_bytes("JPEG"), "jpg", "image/jpeg"),
    ("现场照片2.JPEG", image_bytes("JPEG"), "jpg", "image/jpeg"),
    ("截图.png", image_bytes("PNG"), "png", "image/png"),
    ("说明.docx", docx_bytes(), "docx", files.CONTENT_TYPES["docx"]),
    ("台账.xlsx", xlsx_bytes(), "xlsx", files.CONTENT_TYPES["xlsx"]),
    ("汇报.pptx", pptx_bytes(), "pptx", files.CONTENT_TYPES["pptx"]),
]


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


def upload_many(client, report, uploads):
    url = reverse("reporting:evidence_upload", args=[report.pk])
    chosen = [SimpleUploadedFile(name, content) for name, content in uploads]
    return client.post(url, {"file": chosen}, follow=True)


def download(client, evidence):
    response = client.get(reverse("reporting:evidence_download", args=[evidence.pk]))
    return response, b"".join(response.streaming_content)


@pytest.mark.parametrize(("name", "content", "kind", "content_type"), HONEST)
def test_it_accepts_honest_files_and_serves_them_as_attachments_of_their_kind(
    personas, draft, media, name, content, kind, content_type
):
    page = upload(personas.reporter_a, draft, name, content).content.decode()
    assert f"已上传「{name}」" in page
    evidence = Evidence.objects.get()
    assert (evidence.name, evidence.kind) == (name, kind)
    stored = evidence.file.name
    assert stored.startswith("evidence/") and stored.endswith(f".{kind}")
    assert name not in stored and len(stored.rsplit("/", 1)[-1]) == 32 + 1 + len(kind)
    assert bool(evidence.thumbnail) == (kind in ("jpg", "png"))
    history = Report.objects.get().history.first()
    assert (history.step, history.history_change_reason) == ("上传佐证材料", name)
    response, served = download(personas.office, evidence)
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (f"attachment; filename*=utf-8''{quote(name)}")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert len(served) == evidence.size
    if kind in ("jpg", "png"):  # kept re-encoded, the same picture
        assert Image.open(io.BytesIO(served)).size == Image.open(io.BytesIO(content)).size
    else:
        assert served == content


@pytest.mark.parametrize(("name", "content", "reason"), SMUGGLED)
def test_it_refuses_every_smuggled_file_saying_which_and_why(
    personas, draft, media, name, content, reason
):
    page = upload(personas.reporter_a, draft, name, content).content.decode()
    assert f"「{name}」{reason}" in page
    assert not Evidence.objects.exists()
    assert not (media / "evidence").exists()


def test_a_batch_with_one_refused_file_keeps_none_and_names_each_refusal(personas, draft, media):
    batch = [
        ("验收报告.pdf", PDF),
        ("报告.html", SMUGGLED[0][1]),
        ("截图.png", image_bytes("PNG") + HTML),
    ]
    page = upload_many(personas.reporter_a, draft, batch).content.decode()
    assert "「报告.html」的扩展名是 .html" in page
    assert "「截图.png」在图片结尾之后还夹带了其他内容" in page
    assert "本次选择的文件都没有保存" in page
    assert not Evidence.objects.exists()
    assert not (media / "evidence").exists()
    page = upload_many(personas.reporter_a, draft, batch[:1] + [("截图.png", image_bytes("PNG"))])
    assert "已上传「验收报告.pdf」「截图.png」" in page.content.decode()
    assert Evidence.objects.count() == 2


def test_a_name_without_an_extension_gets_the_one_of_its_content(personas, draft):
    upload(personas.reporter_a, draft, "扫描件", PDF)
    evidence = Evidence.objects.get()
    assert (evidence.name, evidence.kind) == ("扫描件.pdf", "pdf")
    response, _ = download(personas.office, evidence)
    assert response["Content-Disposition"].endswith(quote("扫描件.pdf"))


def test_an_image_is_stored_without_what_its_comment_carried(personas, draft, media):
    upload(personas.reporter_a, draft, "图.jpg", jpeg_with_comment(HTML))
    evidence = Evidence.objects.get()
    stored = (media / evidence.file.name).read_bytes()
    assert b"<script>" not in stored and b"\xff\xfe" not in stored
    assert Image.open(io.BytesIO(stored)).format == "JPEG"


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


def test_it_refuses_a_file_over_20_mb(personas, draft):
    content = PDF + b"0" * (files.MAX_SIZE + 1 - len(PDF))
    page = upload(personas.reporter_a, draft, "大文件.pdf", content).content.decode()
    assert "「大文件.pdf」超过 20 MB 的上限（实际 20.0 MB）" in page
    assert not Evidence.objects.exists()


def test_it_takes_at_most_ten_files_per_report(personas, draft):
    for n in range(files.MAX_FILES):
        upload(personas.reporter_a, draft, f"{n}.pdf", PDF)
    page = upload(personas.reporter_a, draft, "第11个.pdf", PDF).content.decode()
    assert (
        "每份月报最多 10 个佐证材料：已有 10 个，本次选择了 1 个，都没有保存；还能再上传 0 个"
        in page
    )
    assert Evidence.objects.count() == 10


def test_eleven_files_chosen_at_once_are_refused_saying_how_many_fit(personas, draft):
    """Nothing to delete on a report without files: the message says the choice was too
    many, and how many may go."""
    upload(personas.reporter_a, draft, "已有.pdf", PDF)
    chosen = [(f"照片{n}.pdf", PDF) for n in range(files.MAX_FILES)]
    page = upload_many(personas.reporter_a, draft, chosen).content.decode()
    assert "已有 1 个，本次选择了 10 个，都没有保存；还能再上传 9 个" in page
    assert Evidence.objects.count() == 1


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


def test_a_name_up_to_the_limit_is_kept_whole_and_cut_only_for_the_download(personas, draft):
    name = ("关于项目验收" * 40)[: files.NAME_LIMIT - 4] + ".pdf"
    assert len(name) == files.NAME_LIMIT
    page = upload(personas.reporter_a, draft, name, PDF).content.decode()
    assert f"已上传「{name}」" in page
    evidence = Evidence.objects.get()
    assert evidence.name == name
    history = Report.objects.get().history.first()  # its reason column is text
    assert history.history_change_reason == name
    detail = personas.office.get(reverse("reporting:report_detail", args=[draft.pk]))
    assert name in detail.content.decode()
    response, _ = download(personas.office, evidence)
    served = unquote(response["Content-Disposition"].split("''", 1)[1])
    assert served.endswith(".pdf") and name.startswith(served[:-4])
    assert len(served.encode()) <= 240


def test_a_name_over_the_limit_is_refused_in_chinese(personas, draft):
    name = "报" * (files.NAME_LIMIT + 1) + ".pdf"
    page = upload(personas.reporter_a, draft, name, PDF).content.decode()
    assert f"「{'报' * 40}…」文件名有 205 个字，超过 200 个字的上限，请改短后再上传" in page
    assert not Evidence.objects.exists()


def test_a_name_too_long_for_the_request_comes_back_to_the_page_in_chinese(personas, draft):
    """A browser sends the whole name (here 1 KB of it), which Django cannot parse; the
    reporter is sent back to the report with a message, not a bare 400."""
    name = "报" * 350 + ".pdf"
    boundary = "----evidence"
    body = (
        (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + PDF
        + f"\r\n--{boundary}--\r\n".encode()
    )
    detail = reverse("reporting:report_detail", args=[draft.pk])
    response = personas.reporter_a.post(
        reverse("reporting:evidence_upload", args=[draft.pk]),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers={"referer": f"http://testserver{detail}"},
    )
    assert response.status_code == 302 and response["Location"] == f"http://testserver{detail}"
    page = personas.reporter_a.get(detail).content.decode()
    assert "文件名太长：文件名最多 200 个字，请改短后再上传（本次没有保存任何文件）" in page
    assert not Evidence.objects.exists()


def test_a_pdf_with_its_cross_references_a_few_bytes_off_is_still_accepted(personas, draft):
    """Many scanners write one: pypdf rebuilds it, and it is checked like any other."""
    shifted = PDF.replace(b"%PDF-1.7\n", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 \n")
    page = upload(personas.reporter_a, draft, "扫描.pdf", shifted).content.decode()
    assert "已上传「扫描.pdf」" in page


@pytest.mark.parametrize(("name", "content", "kind", "content_type"), HONEST)
def test_a_damaged_file_is_refused_in_chinese_never_an_error(name, content, kind, content_type):
    """Cut short or with bytes flipped, as a broken download or a hostile file would be:
    accepted whole or refused with a message, never an exception of a parser."""
    chance = random.Random(name)
    for n in range(60):
        damaged = bytearray(content)
        if n % 3 == 0:
            damaged = damaged[: chance.randrange(1, len(damaged))]
        else:
            for _ in range(chance.randrange(1, 8)):
                damaged[chance.randrange(len(damaged))] = chance.randrange(256)
        try:
            checked = uploads.check_upload(SimpleUploadedFile(name, bytes(damaged)))
        except services.WorkflowError as exc:
            assert exc.message.startswith(f"「{name}」")
        else:
            assert checked.kind == kind
