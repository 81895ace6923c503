"""The month's 通报: drafted from the data in sentences, edited by the office, laid out
in the 公文 format (GB/T 9704) in Word, and converted by LibreOffice."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from meetings import services
from meetings.models import MeetingDate, Notice, NoticeLetterhead, NoticePreview
from reporting.models import Report
from tests.factories import OfficialFactory
from tests.scoring.test_exports import _boards

# The scored March of tests/meetings/conftest.py, by the rulebook:
# 区发改局 A-001 target 120 cumulative, A = 30 = E → 100.00; 区经信局 B-001 省考 rank
# 26/26 → 60.00, red (排位靠后); 碧湖镇 T-001 28.5/30 → 95.00.


@pytest.fixture
def month_with_meeting(scored, personas):
    """The scored March with a 存在问题 on the lagging item, a comment and an assignment."""
    report = Report.objects.get(item=scored.item_b, month=scored.month)
    report.problems = "新投产项目少，龙头企业带动不足"
    report.save()
    from scoring.services import compute_month

    compute_month(scored.month)
    leader = OfficialFactory(name="李书记", title="区委书记")
    services.add_comment(
        month=scored.month,
        author=personas.users.office,
        on_behalf_of=leader,
        unit=scored.unit_b,
        text="要盯紧技改项目，下月必须进位",
    )
    services.create_assignment(
        month=scored.month,
        content="制定规上工业增加值提升方案",
        responsible_unit=scored.unit_b,
        deadline=datetime.date(2022, 4, 30),
        assigned_by=leader,
        created_by=personas.users.office,
    )
    return scored


def _export(tmp_path, label="2022-03"):
    output = tmp_path / "notice.docx"
    call_command("export_notice", label, "--output", str(output), stdout=io.StringIO())
    return output, Document(output)


def _texts(document) -> list[str]:
    """The paragraphs as a reader sees them (item codes' word joiners are invisible)."""
    return [p.text.replace("\u2060", "") for p in document.paragraphs]


def _east_asian_font(run) -> str:
    return run.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_it_drafts_the_month_in_sentences(month_with_meeting, tmp_path):
    _output, document = _export(tmp_path)
    texts = _texts(document)
    body = "\n".join(texts)
    # The 版头: the district's defaults until the office sets its own; the first 通报 of 2022.
    assert texts[:3] == [
        "莲都区晒比会办公室",
        "晒比办〔2022〕1号",
        "关于莲都区2022年3月晒比会情况的通报",
    ]
    assert "区直部门中，区发改局以 100.00 分居第一，区经信局（60.00 分）位列第二" in body
    assert "乡镇街道中，碧湖镇以 95.00 分居第一" in body
    assert "红榜：区直部门 区发改局、区经信局，乡镇街道 碧湖镇；警示榜：无。" in body
    assert "其中得分最低的 1 项是：区经信局牵头的“规上工业增加值增速”（B-001，60.00 分）。" in body
    assert "李书记点评单位“区经信局”：要盯紧技改项目，下月必须进位。" in body
    assert "本次会议交办事项 1 件。" in body
    assert "制定规上工业增加值提升方案" in body and "办理时限：2022年4月30日" in body
    # The body names the lagging items; their problems are in 附件1's table.
    assert "附件：1．排位靠后事项清单" in texts
    signature = texts.index("莲都区晒比会办公室", 1)
    # Never scored for a publication and no meeting date set: the date is left to write.
    assert texts[signature + 1] == "\u3000\u3000年\u3000\u3000月\u3000\u3000日"
    assert texts[signature + 2 : signature + 4] == ["附件1", "排位靠后事项清单"]
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == [
        "序号",
        "事项编码",
        "事项名称",
        "牵头单位",
        "得分",
        "存在问题",
    ]
    assert [cell.text for cell in table.rows[1].cells] == [
        "1",
        "B\u2060-\u20600\u20600\u20601",  # joined by word joiners: it never breaks
        "规上工业增加值增速",
        "区经信局",
        "60.00",
        "新投产项目少，龙头企业带动不足",
    ]
    imprint = [row.cells[0].text for row in document.tables[-1].rows]
    assert imprint == ["莲都区晒比会办公室\t\u3000\u3000年\u3000\u3000月\u3000\u3000日印发"]


def test_it_lays_the_document_out_as_a_gbt_9704_document(month_with_meeting, tmp_path):
    _output, document = _export(tmp_path)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin)
    assert [round(m.mm) for m in (*margins, section.right_margin)] == [37, 35, 28, 26]

    _issuer, _number, title, *rest = document.paragraphs
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size == Pt(22)
    assert _east_asian_font(title.runs[0]) == "方正小标宋简体"
    by_text = {p.text: p for p in rest}
    heading = by_text["一、榜单排名、红榜和警示榜"]
    assert _east_asian_font(heading.runs[0]) == "黑体"
    subheading = by_text["（一）区级综合评价榜"]
    assert _east_asian_font(subheading.runs[0]) == "楷体_GB2312"
    body = next(p for p in rest if p.text.startswith("区直部门中"))
    assert body.runs[0].font.size == Pt(16)
    assert _east_asian_font(body.runs[0]) == "仿宋_GB2312"
    # Every 三号 line (the 附件 titles are set like the title, the file ends with 1 pt).
    for paragraph in (p for p in rest if p.runs and p.runs[0].font.size == Pt(16)):
        assert paragraph.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        assert Pt(28) <= paragraph.paragraph_format.line_spacing <= Pt(29)


def test_it_numbers_pages_with_a_page_field(month_with_meeting, tmp_path):
    _output, document = _export(tmp_path)
    for footer in (document.sections[0].footer, document.sections[0].even_page_footer):
        xml = footer.paragraphs[0]._p.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
        assert footer.paragraphs[0].text == "— 1 —"


def test_the_office_edits_the_draft_and_the_export_follows(month_with_meeting, personas, tmp_path):
    page = personas.office.get("/meetings/2022-03/notice/")
    assert page.status_code == 200
    draft = page.context["form"].initial["text"]
    assert "晒比办〔2022〕1号" in page.content.decode()
    assert draft.startswith("关于莲都区2022年3月晒比会情况的通报")

    edited = draft.replace("本次会议交办事项 1 件。", "本次会议现场交办事项 1 件，请抓紧办理。")
    response = personas.office.post("/meetings/2022-03/notice/", {"text": edited, "save": "1"})
    assert response.status_code == 302
    _output, document = _export(tmp_path)
    assert "本次会议现场交办事项 1 件，请抓紧办理。" in _texts(document)

    personas.office.post("/meetings/2022-03/notice/", {"text": draft, "save": "1"})
    assert Notice.history.filter(month=month_with_meeting.month).count() == 2

    download = personas.office.get("/meetings/2022-03/notice.docx")
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    downloaded = Document(io.BytesIO(b"".join(download.streaming_content)))
    assert _texts(downloaded)[2] == "关于莲都区2022年3月晒比会情况的通报"

    personas.office.post("/meetings/2022-03/notice/", {"discard": "1"})
    assert not Notice.objects.filter(month=month_with_meeting.month).exists()
    assert "本次会议交办事项 1 件。" in _texts(_export(tmp_path)[1])


def test_an_empty_text_is_refused_and_nothing_saved(month_with_meeting, personas):
    response = personas.office.post("/meetings/2022-03/notice/", {"text": " \n ", "save": "1"})
    assert response.status_code == 200
    assert "通报正文不能为空" in response.content.decode()
    assert not Notice.objects.exists()


def test_only_the_office_edits_and_units_do_not_see_it(month_with_meeting, personas):
    leader_page = personas.leader.get("/meetings/2022-03/notice/")
    assert leader_page.status_code == 200
    assert leader_page.context["form"] is None
    refused = personas.leader.post("/meetings/2022-03/notice/", {"text": "改写", "save": "1"})
    assert refused.status_code == 403
    assert not Notice.objects.exists()
    assert personas.reporter_a.get("/meetings/2022-03/notice/").status_code == 404
    assert personas.reporter_a.get("/meetings/2022-03/notice.docx").status_code == 404


def test_it_refuses_an_unknown_month(db, tmp_path):
    with pytest.raises(CommandError, match="2021-01"):
        call_command("export_notice", "2021-01", "--output", str(tmp_path / "x.docx"))
    assert not (tmp_path / "x.docx").exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_it_to_an_a4_pdf(month_with_meeting, tmp_path):
    output, _document = _export(tmp_path)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(output),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "notice.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert "A4" in info.stdout
    first_page = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    squeezed = "".join(first_page.split())  # pdftotext spaces out Latin between Chinese
    assert "关于莲都区2022年3月晒比会情况的通报" in squeezed
    assert "—1—" in squeezed


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_office_gets_a_pdf_preview_made_in_the_background(
    month_with_meeting, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = personas.office.post("/meetings/2022-03/notice/preview/")
    assert response.status_code == 302
    preview = NoticePreview.objects.get()
    assert preview.status == "done", preview.error
    page = personas.office.get("/meetings/2022-03/notice/").content.decode()
    assert f"/meetings/notice-previews/{preview.pk}.pdf" in page
    pdf = personas.leader.get(f"/meetings/notice-previews/{preview.pk}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert personas.reporter_a.get(f"/meetings/notice-previews/{preview.pk}.pdf").status_code == 404
    assert personas.leader.post("/meetings/2022-03/notice/preview/").status_code == 404
    assert NoticePreview.objects.count() == 1


def test_it_names_first_places_and_movers_by_group():
    from meetings.notice.draft import NoticeInputs, draft_notice

    text = draft_notice(NoticeInputs(_boards(), issuer="中共丽水市莲都区委办公室"))
    assert (
        "区直部门中，区发改局以 97.25 分居第一，区经信局（90.00 分）位列第二。"
        "较上月进步较快的有区发改局（上升 2 位）；退步较多的有区经信局（下降 1 位）。"
        "乡镇街道中，碧湖镇以 88.50 分居第一。"
        "红榜：区直部门 区发改局，乡镇街道 碧湖镇；警示榜：区直部门 区经信局。"
    ) in text.splitlines()
    assert "八大行动中，数字赋能以 91.33 分居第一，空间聚合得分 80.00 分，排名末位。" in text
    assert "预警" not in text  # no 预警 stored for the month: the section is left out
    assert "中共丽水市莲都区委办公室" in text.splitlines()


def test_it_counts_red_and_yellow_warnings_only_and_nests_quotes():
    from meetings.notice.draft import NoticeInputs, draft_notice, quoted

    counts = {"红": 30, "黄": 21, "绿": 101}
    text = draft_notice(NoticeInputs(_boards(), warnings=counts))
    assert "共有预警事项 51 项，其中红色预警 30 项，黄色预警 21 项。" in text
    assert "绿色" not in text
    assert quoted("峰源乡“大搬快聚”搬迁农户") == "“峰源乡‘大搬快聚’搬迁农户”"


def test_the_office_sets_its_letterhead_and_the_months_meeting_date(
    month_with_meeting, personas, tmp_path
):
    page = personas.office.get("/meetings/letterhead/")
    assert page.status_code == 200 and "通报版头" in page.content.decode()
    refused = personas.office.post(
        "/meetings/letterhead/", {"issuer": "莲都区晒比会办公室", "prefix": "莲考办〔2022〕"}
    )
    assert "发文字号前缀只填机关代字" in refused.content.decode()
    assert not NoticeLetterhead.objects.exists()
    saved = personas.office.post(
        "/meetings/letterhead/",
        {"issuer": "中共丽水市莲都区委办公室", "prefix": "莲考办", "copy_to": "区委、区政府领导"},
    )
    assert saved.status_code == 302
    too_early = personas.office.post("/meetings/2022-03/notice/", {"held_on": "2022-02-28"})
    assert "会议日期应在 2022-03 当月或之后" in too_early.content.decode()
    assert not MeetingDate.objects.exists()
    personas.office.post("/meetings/2022-03/notice/", {"held_on": "2022-04-12"})
    assert personas.leader.post("/meetings/letterhead/", {"issuer": "x"}).status_code == 403

    texts = _texts(_export(tmp_path)[1])
    assert texts[:2] == ["中共丽水市莲都区委办公室", "莲考办〔2022〕1号"]
    signature = texts.index("中共丽水市莲都区委办公室", 1)
    assert texts[signature + 1] == "2022年4月12日"
    imprint = [row.cells[0].text for row in _export(tmp_path)[1].tables[-1].rows]
    assert imprint == ["抄送：区委、区政府领导。", "中共丽水市莲都区委办公室\t2022年4月12日印发"]


def test_a_letterhead_or_text_over_its_limit_is_refused_in_chinese_and_kept(
    month_with_meeting, personas
):
    """The limit named in words an office reads (not Django's “该变量”), the text kept as
    typed, and no maxlength for the browser to cut a pasted text with."""
    page = personas.office.get("/meetings/letterhead/").content.decode()
    assert "maxlength" not in page
    copy_to = "区委、区政府领导" * 50  # 400 characters, the limit is 300
    refused = personas.office.post(
        "/meetings/letterhead/",
        {"issuer": "莲都区晒比会办公室", "prefix": "莲考办", "copy_to": copy_to},
    ).content.decode()
    assert "最多 300 字，现有 400 字；请精简后再保存，内容未作截断" in refused
    assert "该变量" not in refused and copy_to in refused
    assert not NoticeLetterhead.objects.exists()

    page = personas.office.get("/meetings/2022-03/notice/").content.decode()
    assert "maxlength" not in page
    text = "关于测试的通报\n" + "很长的正文。" * 5001  # 30,014 characters
    refused = personas.office.post(
        "/meetings/2022-03/notice/", {"text": text, "save": "1"}
    ).content.decode()
    assert "最多 30000 字，现有 30014 字" in refused and "该变量" not in refused
    assert not Notice.objects.exists()
