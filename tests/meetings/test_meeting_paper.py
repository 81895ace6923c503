"""The demo month's meeting workbook on paper, as LibreOffice prints it: few pages per
sheet (事项明细's 152 due items on at most 16 A4 pages), nothing under 8 pt, no word past
the page's right edge, titles and subtitles whole, no number too wide for its column."""

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from meetings.exports import export_month
from meetings.exports.widths import SMALLEST_PRINTED_FONT
from tests.meetings.test_meeting_print import _convert, _page_fonts

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or poppler-utils is not installed",
)

# The most pages each sheet may take for the demo's March: the boards on one page each,
# the item tables one action (of 8) to a page or two.
MOST_PAGES = {
    "省考排行榜": 1,
    "市考排行榜": 1,
    "区级综合评价榜": 1,
    "八大行动": 1,
    "事项明细": 16,
    "排位靠后事项": 8,
    "预警": 8,
    "交办事项": 1,
    "领导点评": 1,
    "现场测评": 1,
}


@pytest.fixture
def demo_workbook_pdf(db, tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    source = tmp_path / "meeting.xlsx"
    export_month("2022-03", source)
    return source, _convert(source, tmp_path)


def _pages(pdf) -> list[ET.Element]:
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    out = re.sub(r"<!DOCTYPE[^>]*>", "", out).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    return list(ET.fromstring(out).iter("page"))


def _text(page: ET.Element) -> str:
    return "".join(word.text or "" for word in page.iter("word"))


def test_the_demo_months_workbook_prints_short_and_inside_the_page(demo_workbook_pdf):
    source, pdf = demo_workbook_pdf
    workbook = load_workbook(source)
    pages = _pages(pdf)

    # Each page repeats its sheet's title row: "莲都区2022年3月 晒比会 · 事项明细（未发布）".
    titles = {name: f"晒比会·{name}" for name in workbook.sheetnames}
    sheet_of = []
    for page in pages:
        text = _text(page)
        sheet_of.append(next(n for n, t in titles.items() if t in text.replace(" ", "")))
    counts = Counter(sheet_of)
    assert set(counts) == set(MOST_PAGES), counts
    for name, most in MOST_PAGES.items():
        assert counts[name] <= most, (name, counts[name])
    assert counts["事项明细"] >= 8  # an action to a page at least: the table is all there

    for number, page in enumerate(pages, start=1):
        width = float(page.get("width"))
        outside = [
            word.text
            for word in page.iter("word")
            if float(word.get("xMin")) < 0 or float(word.get("xMax")) > width
        ]
        assert not outside, (number, outside[:5])
        assert "###" not in _text(page), number  # a number too wide for its column

    # Every sheet's subtitle is printed whole on its first page (merged and wrapped).
    for name in workbook.sheetnames:
        subtitle = "".join(str(workbook[name]["A2"].value).split())
        first = _text(pages[sheet_of.index(name)])
        assert subtitle in first, name

    assert min(_page_fonts(pdf)) >= SMALLEST_PRINTED_FONT
