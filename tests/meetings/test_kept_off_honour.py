"""A unit placed 1–3 but kept off 红榜 says why, in the same words on the board page, the
unit's drill-down, the big screen and the meeting workbook ("逾期：A-009"), worked out once
beside the 红榜 rule."""

import datetime
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from actions.models import ItemKind, Level, Progress
from meetings.exports import export_month
from outlets.services import create_api_key, switch_public_page
from scoring.figures import HonourExclusion, honour_exclusions
from scoring.services import compute_month, publish_month
from tests.factories import ItemFactory, ReportFactory
from tests.scoring.test_exports import _table

REASON = "区发改局（逾期：A-009）"


def text_of(html: str) -> str:
    """What a reader sees of an HTML fragment: its text without the tags."""
    return re.sub(r"<[^>]+>", "", html)


def test_it_names_overdue_and_unreported_items_of_units_kept_off():
    placed = [("A01", 1, False), ("B01", 2, True), ("C01", 3, False), ("D01", 4, False)]
    flagged = [
        ("A01", "GY-15", False, True),
        ("C01", "SZ-16", True, True),  # unreported and past its deadline: named once
        ("C01", "KJ-09", True, False),
        ("D01", "CS-08", False, True),  # 4th: never on 红榜 anyway
    ]
    kept_off = honour_exclusions(placed, flagged)
    assert kept_off == {
        "A01": HonourExclusion(overdue=("GY-15",)),
        "C01": HonourExclusion(missing=("SZ-16", "KJ-09")),
    }
    assert kept_off["A01"].text() == "逾期：GY-15"
    assert kept_off["C01"].text() == "未报送：SZ-16、KJ-09"
    english = {"逾期：%(codes)s": "Overdue: %(codes)s", "未报送：%(codes)s": "Missing: %(codes)s"}
    english |= {"、": ", ", "；": "; "}
    both = HonourExclusion(overdue=("GY-15",), missing=("SZ-16", "KJ-09"))
    assert both.text(english.get) == "Overdue: GY-15; Missing: SZ-16, KJ-09"
    assert both.text(code="[{}]".format) == "逾期：[GY-15]；未报送：[SZ-16]、[KJ-09]"
    both = HonourExclusion(overdue=("GY-15",), missing=("SZ-16",))
    assert both.text() == "逾期：GY-15；未报送：SZ-16"


@pytest.fixture
def overdue_first(scored):
    """The scored March where 区发改局 also leads a 市考 task overdue since February: it is
    1st on the 市考 board and placed on the district board, and on 红榜 on neither."""
    task = ItemFactory(
        code="A-009",
        name="项目前期手续办结",
        action=scored.action,
        lead_unit=scored.unit_a,
        kind=ItemKind.TASK,
        level=Level.CITY,
        target=None,
        deadline=datetime.date(2022, 2, 28),
    )
    ReportFactory(item=task, month=scored.month, value=None, progress=Progress.ON_TRACK)
    compute_month(scored.month)
    return scored


def test_the_board_page_says_why(overdue_first, personas):
    page = personas.leader.get("/boards/2022-03/").content.decode()
    assert "未入红榜" in page
    assert REASON in text_of(page)
    # The item code is never broken across lines on a phone ("A-" / "009").
    assert '区发改局（逾期：<span class="text-nowrap">A-009</span>）' in page


def test_the_board_page_says_why_in_english(overdue_first, personas):
    page = personas.leader.get("/boards/2022-03/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "区发改局 (Overdue: A-009)" in text_of(page)
    assert "（" not in text_of(page.split("kept-off-list")[1].split("</div>")[0])


def test_the_units_drill_down_says_why_on_each_board(overdue_first, personas):
    code = overdue_first.unit_a.code
    for board in ("city", "district"):
        page = personas.head_a.get(f"/boards/2022-03/{board}/units/{code}/").content.decode()
        kept_off = re.search(r'<div class="small kept-off-list">(.*?)</div>', page, re.S)
        assert kept_off, board
        assert "未入红榜" in kept_off.group(1) and "逾期：A-009" in text_of(kept_off.group(1))
        assert "badge-honour" not in page
    page = personas.leader.get(
        f"/boards/2022-03/district/units/{overdue_first.unit_b.code}/"
    ).content.decode()
    assert "badge-honour" in page and "kept-off-list" not in page


def test_the_big_screen_says_why(overdue_first, personas):
    shown = []
    for step in range(40):
        response = personas.leader.get(f"/meetings/2022-03/screen/{step}/")
        if response.status_code != 200:
            break
        page = response.content.decode()
        if 'data-kind="board"' in page and REASON in text_of(page):
            shown.append(step)
    assert len(shown) == 2  # the district board and the 市考 board, each on its first page


def test_the_big_screen_says_why_in_english(overdue_first, personas):
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.force_login(personas.users.leader)
    kept_off = []
    for step in range(40):
        response = english.get(f"/meetings/2022-03/screen/{step}/")
        if response.status_code != 200:
            break
        kept_off += re.findall(r'screen-kept-off">(.*?)</p>', response.content.decode(), re.S)
    assert len(kept_off) == 2
    for text in kept_off:
        assert "区发改局 (Overdue: A-009)" in text_of(text) and "（" not in text_of(text)


def test_the_workbook_says_why(overdue_first, tmp_path):
    output = tmp_path / "meeting.xlsx"
    export_month("2022-03", output)
    workbook = load_workbook(output)
    for sheet in ("市考排行榜", "区级综合评价榜"):
        rows = _table(workbook[sheet], ["排名", "单位", "榜单", "未入红榜原因"])
        by_unit = {row["单位"].value: row["未入红榜原因"].value for row in rows}
        assert by_unit["区发改局"] == "逾期：A-009", sheet
        assert not by_unit.get("区经信局")


def test_the_public_page_says_why(overdue_first, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publish_month("2022-03")
        switch_public_page(True)
    page = Client().get("/public/2022-03/").content.decode()
    kept_off = re.findall(r'<p class="small kept-off-list">(.*?)</p>', page, re.S)
    assert len(kept_off) == 2  # under the 市考 board's group and the district board's
    for text in kept_off:
        assert "未入红榜" in text and REASON in text_of(text)


def test_the_api_says_why(overdue_first):
    publish_month("2022-03")
    _key, secret = create_api_key("数字驾驶舱")
    body = Client(HTTP_AUTHORIZATION=f"Api-Key {secret}").get("/api/v1/months/2022-03/boards/")
    rows = {
        (board["board"], row["unit"]): row
        for board in body.json()["boards"]
        for group in board["groups"]
        for row in group["rows"]
    }
    for board in ("city", "district"):
        assert rows[(board, "区发改局")]["kept_off"] == "逾期：A-009", board
        assert rows[(board, "区发改局")]["honour"] is None
    assert rows[("district", "区经信局")]["kept_off"] is None
