"""The demo month's 通报 on paper, as LibreOffice prints it and a reader sees it: the
版头 in red on page 1, the 发文字号, a body of at most four pages before the 附件, the
落款 on the meeting date the office set, the 版记 on the last page, and no item code
broken across lines."""

import datetime
import io
import itertools
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.test import Client
from PIL import Image

from accounts.models import User
from actions.models import Item
from meetings.notice import Letterhead, write_notice_docx
from tests.meetings.test_meeting_print import _convert

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or poppler-utils is not installed",
)

NUMBER = re.compile(r"(\S+?)〔(\d{4})〕(\d+)号")
BODY_PAGES = 4


@pytest.fixture
def demo_notice(db, tmp_path):
    """The demo district's 2022-03 通报, framed by the office on its pages, as a PDF."""
    call_command("load_demo", stdout=io.StringIO())
    office = Client()
    office.force_login(User.objects.get(username="kaohe"))
    saved = office.post(
        "/meetings/letterhead/",
        {"issuer": "莲都区晒比会办公室", "prefix": "莲考办", "copy_to": "区委、区政府领导"},
    )
    assert saved.status_code == 302
    dated = office.post("/meetings/2022-03/notice/", {"held_on": "2022-04-12"})
    assert dated.status_code == 302
    source = tmp_path / "notice.docx"
    call_command("export_notice", "2022-03", "--output", str(source), stdout=io.StringIO())
    return _convert(source, tmp_path)


def _pages(pdf) -> list[str]:
    """Each page's text, spaces squeezed out (pdftotext spaces Latin out between Chinese)."""
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return ["".join(page.split()).replace("\u2060", "") for page in text.split("\f")[:-1]]


def _lines(pdf) -> list[list[str]]:
    """Each page's printed lines in reading order (a justified Chinese line is a block of
    its own, so lines are taken across blocks)."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    out = re.sub(r"<!DOCTYPE[^>]*>", "", out).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    return [
        [
            "".join(word.text or "" for word in line.iter("word")).replace("\u2060", "")
            for line in page.iter("line")
        ]
        for page in ET.fromstring(out).iter("page")
    ]


def _red_rows(pdf, tmp_path) -> list[int]:
    """How many clearly red pixels each pixel row of page 1 holds, at 50 dpi."""
    subprocess.run(
        ["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    page = Image.open(next(tmp_path.glob("p-*1.png"))).convert("RGB")
    width, height = page.size
    pixels = page.load()
    return [sum(1 for x in range(width) if _is_red(pixels[x, y])) for y in range(height)], width


def _is_red(pixel) -> bool:
    red, green, blue = pixel
    return red > 170 and green < 90 and blue < 90


def test_the_demo_months_notice_reads_as_an_office_sends_it(demo_notice, tmp_path):
    pages = _pages(demo_notice)
    first = pages[0]

    # 版头: the 发文机关标志 and the 发文字号 of the year's third 通报 (Jan, Feb, Mar).
    assert first.startswith(
        "莲都区晒比会办公室莲考办〔2022〕3号关于莲都区2022年3月晒比会情况的通报"
    )
    prefix, year, number = NUMBER.match(first.removeprefix("莲都区晒比会办公室")).groups()
    assert (prefix, year, number) == ("莲考办", "2022", "3")

    # The 发文机关标志 is red, and under it a red line nearly the width of the 版心.
    red, width = _red_rows(demo_notice, tmp_path)
    text_width = width * (210 - 28 - 26) / 210
    line_rows = [y for y, count in enumerate(red) if count > 0.9 * text_width]
    mark_rows = [y for y, count in enumerate(red) if 0 < count < 0.9 * text_width]
    assert line_rows, "no red line on page 1"
    assert mark_rows and max(mark_rows) < min(line_rows), "no red 发文机关标志 above the line"
    assert sum(red[y] for y in mark_rows) > 500  # characters, not a stray pixel

    # The body ends within four pages with the 落款 on the meeting date; the 附件 follow.
    annex = next(i for i, page in enumerate(pages) if page.startswith("附件1"))
    assert annex <= BODY_PAGES, f"the body runs to {annex} pages"
    body = "".join(pages[:annex])
    assert "莲都区晒比会办公室2022年4月12日" in body
    assert "附件：1．排位靠后事项清单2．红色、黄色预警事项清单" in body
    assert "其中红色预警" in body and "黄色预警" in body and "绿色" not in body
    assert "“峰源乡‘大搬快聚’搬迁农户”" in body
    assert pages[annex + 1 :] and any(p.startswith("附件2") for p in pages[annex:])

    # 版记 on the last page only, dated the meeting day.
    assert "抄送：区委、区政府领导。莲都区晒比会办公室2022年4月12日印发" in pages[-1]
    assert not any("抄送：" in page for page in pages[:-1])

    # No line starts or ends inside an item code, in the body or in a table's cell.
    codes = set(Item.objects.of_year(2022).values_list("code", flat=True))
    broken = _broken_codes(demo_notice, codes)
    assert not broken, broken


def _broken_codes(pdf, codes) -> list[tuple[str, str, str]]:
    """Codes split over two printed lines: a line ends with the code's start and the next
    line starts with its rest."""
    broken = []
    for lines in _lines(pdf):
        for before, after in itertools.pairwise(lines):
            for code in codes:
                for cut in range(1, len(code)):
                    if before.endswith(code[:cut]) and after.startswith(code[cut:]):
                        broken.append((code, before[-12:], after[:12]))
    return broken


def test_an_item_code_at_a_line_end_goes_whole_to_the_next_line(tmp_path):
    """Paragraphs that put "（KJ-09）" at every place of a line: justified, LibreOffice
    would break it after "KJ-" (it does, without the word joiners)."""
    lines = ["关于测试的通报", "各单位："]
    lines += ["测" * count + "（KJ-09）测试测试。" for count in range(14, 30)]
    lines.append("莲都区晒比会办公室")
    letterhead = Letterhead("莲都区晒比会办公室", "莲考办", 2022, 3, "", datetime.date(2022, 4, 12))
    source = tmp_path / "codes.docx"
    write_notice_docx("\n".join(lines), source, letterhead)
    pdf = _convert(source, tmp_path)
    pages = _pages(pdf)
    assert "".join(pages).count("（KJ-09）") == 16
    assert not _broken_codes(pdf, {"KJ-09"})


@pytest.mark.parametrize("paragraphs", [9, 11])
def test_the_signature_never_stands_on_a_page_without_text(tmp_path, paragraphs):
    """Bodies just long enough to push the 落款 (or the 附件 notes with it) over the page:
    the body's last paragraph goes along, as GB/T 9704 asks (no page of 落款 alone)."""
    lines = ["关于测试的通报", "各单位："]
    lines += [f"第{number}段，测试文字。" for number in range(1, paragraphs + 1)]
    lines += ["附件：1．排位靠后事项清单", "2．红色、黄色预警事项清单", "莲都区晒比会办公室"]
    letterhead = Letterhead("莲都区晒比会办公室", "莲考办", 2022, 3, "", datetime.date(2022, 4, 12))
    source = tmp_path / "signature.docx"
    write_notice_docx("\n".join(lines), source, letterhead)
    pages = _pages(_convert(source, tmp_path))

    signed = next(page for page in pages if "2022年4月12日" in page)
    assert f"第{paragraphs}段，测试文字。" in signed
    assert "附件：1．排位靠后事项清单" in signed


def test_the_signature_never_stands_alone_at_the_top_of_a_page(tmp_path):
    """However long the body, the 落款 goes to a new page only with the body's last lines
    and the 附件 note above it (GB/T 9704: no page holds the 落款 alone)."""
    letterhead = Letterhead("莲都区晒比会办公室", "莲考办", 2022, 3, "", datetime.date(2022, 4, 12))
    sources = []
    # One line a paragraph; a page holds 22 lines, so these lengths put the end of the
    # body on every line of the second page.
    for count in range(12, 36):
        lines = ["关于测试的通报", "各单位："]
        lines += [f"第{number:02d}段" + "测" * 18 + "。" for number in range(count)]
        lines += ["各单位要对照榜单查找差距，逐项落实措施。"]
        lines += ["附件：1．排位靠后事项清单", "2．红色、黄色预警事项清单", "莲都区晒比会办公室"]
        source = tmp_path / f"signature{count:02d}.docx"
        write_notice_docx("\n".join(lines), source, letterhead)
        sources.append(source)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless"]
        + ["--convert-to", "pdf", "--outdir", str(tmp_path)]
        + [str(source) for source in sources],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for source in sources:
        pages = _pages(source.with_suffix(".pdf"))
        signed = [page for page in pages if "莲都区晒比会办公室2022年4月12日" in page]
        assert signed, source.name
        assert not signed[0].startswith("莲都区晒比会办公室"), (source.name, signed[0][:40])
        assert not signed[0].startswith("附件："), (source.name, signed[0][:40])
