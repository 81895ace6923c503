"""The meeting workbook on paper: every page of A4 landscape readable (no text under
8 pt), 事项明细 broken by action, numbers formatted by their unit, and the 现场测评
sheet; checked on the workbook and on LibreOffice's PDF of it."""

import datetime
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from accounts.models import Role
from meetings import services
from meetings.exports import export_month, write_meeting_workbook
from meetings.exports.widths import PRINTABLE_WIDTH_CHARS, SMALLEST_PRINTED_FONT
from scoring.services import compute_month
from tests.factories import UserFactory
from tests.scoring.test_exports import (
    GENERATED_AT,
    ITEM_HEADERS,
    _boards,
    _item,
    _meeting_rows,
    _saved,
    _table,
)

RATING_HEADERS = ["测评名称", "状态", "名次", "单位", "有效票数", "测评均分", "测评加分"]


def _two_actions():
    """The test month with its items split over two actions."""
    boards = _boards()
    boards.items[3:] = [
        replace(i, action_code="X2", action_name="空间聚合") for i in boards.items[3:]
    ]
    return boards


def test_it_breaks_the_item_table_by_action():
    workbook = _saved(_two_actions(), **_meeting_rows())
    items = workbook["事项明细"]
    # Rows 4-6 are action X1, 7-8 action X2: a page break after row 6.
    assert [brk.id for brk in items.row_breaks.brk] == [6]
    assert items.print_title_rows.replace("$", "") == "1:3"
    # The lagging sheet holds only X2's items: nothing to break.
    assert [brk.id for brk in workbook["排位靠后事项"].row_breaks.brk] == []


def test_it_names_the_lead_unit_of_every_item():
    boards = _boards()
    workbook = _saved(boards, **_meeting_rows())
    for name, items in (("事项明细", boards.items), ("排位靠后事项", boards.lagging)):
        header = [cell.value for cell in workbook[name][3]]
        assert header == ITEM_HEADERS
        rows = _table(workbook[name], ITEM_HEADERS)
        assert [row["牵头单位"].value for row in rows] == [i.lead_unit_name for i in items]


@pytest.mark.parametrize(
    ("unit", "target", "value", "number_format"),
    [
        ("个", "22.0000", "6.0000", '#,##0 "个"'),
        ("户", "1500.0000", "427.0000", '#,##0 "户"'),
        ("亿元", "95.0000", "18.4400", '#,##0.00 "亿元"'),
        ("万元", "1200.0000", "300.0000", '#,##0.00 "万元"'),
        ("%", "8.5000", "7.0000", '#,##0.00 "%"'),
        ("万平方米", "110.0000", "17.6400", '#,##0.00 "万平方米"'),
        ("", "3.0000", "1.0000", "#,##0"),
    ],
)
def test_it_formats_numbers_by_their_unit(unit, target, value, number_format):
    boards = _boards()
    boards.items[1] = replace(
        boards.items[1], measure_unit=unit, target=Decimal(target), value=Decimal(value)
    )
    row = _table(_saved(boards)["事项明细"], ITEM_HEADERS)[1]
    for column, expected in (("目标值", target), ("完成值", value)):
        assert row[column].data_type == "n"
        assert row[column].value == pytest.approx(float(expected))
        assert row[column].number_format == number_format


def test_a_figure_too_wide_with_its_unit_leaves_the_unit_to_the_items_name():
    boards = _boards()
    boards.items[1] = replace(
        boards.items[1],
        measure_unit="万平方米",
        target=Decimal("123456.7800"),
        value=Decimal("12345.6700"),
    )
    row = _table(_saved(boards)["事项明细"], ITEM_HEADERS)[1]
    assert row["目标值"].number_format == row["完成值"].number_format == "#,##0.00"
    assert row["事项内容"].value == "事项A-002（单位：万平方米）"


def test_it_lists_the_rating_results():
    workbook = _saved(_boards(), **_meeting_rows())
    rows = _table(workbook["现场测评"], RATING_HEADERS)
    assert [(r["名次"].value, r["单位"].value, r["测评均分"].value) for r in rows] == [
        (1, "区发改局", 92.5),
        (2, "区经信局", 88.25),
        (None, "碧湖镇", None),
    ]
    assert rows[0]["测评均分"].number_format == "0.00"
    assert rows[0]["测评加分"].value == 0.5


def test_every_sheet_prints_its_text_at_8_pt_or_more():
    """Fit to width shrinks a sheet by the printable width over its columns' width; the
    smallest font of its table times that scale is what the paper shows."""
    workbook = _saved(_boards(), **_meeting_rows())
    for ws in workbook.worksheets:
        assert (int(ws.page_setup.fitToWidth), int(ws.page_setup.fitToHeight)) == (1, 0)
        last = ws.max_column
        widths = [
            ws.column_dimensions[ws.cell(3, c).column_letter].width for c in range(1, last + 1)
        ]
        scale = min(1.0, PRINTABLE_WIDTH_CHARS / sum(widths))
        fonts = [cell.font.sz for row in ws.iter_rows(min_row=2) for cell in row if cell.value]
        assert min(fonts) * scale >= SMALLEST_PRINTED_FONT, ws.title


@pytest.fixture
def rated_month(scored):
    """The scored March with a closed rating session and an open one."""
    office = UserFactory(role=Role.OFFICE)
    units = [scored.unit_a, scored.unit_b, scored.town]
    closed = services.open_rating_session(
        month=scored.month, user=office, units=units, title="第一轮测评"
    )
    voters = [UserFactory(role=Role.LEADER) for _ in range(4)]
    for voter, scores in zip(voters, [(90, 80), (95, 70), (85, 75), (99, 60)], strict=True):
        services.cast_vote(closed, scored.unit_a, scores[0], user=voter)
        services.cast_vote(closed, scored.unit_b, scores[1], user=voter)
    services.close_rating_session(closed, office)
    live = services.open_rating_session(
        month=scored.month, user=office, units=units[:1], title="第二轮测评"
    )
    services.cast_vote(live, scored.unit_a, 88, user=voters[0])
    return scored


def test_it_exports_the_months_rating_sessions(rated_month, tmp_path, django_assert_num_queries):
    compute_month(rated_month.month)
    output = tmp_path / "meeting.xlsx"
    # 10 for the month, its boards with 预警, comments, assignments and sessions; the
    # sessions' units, their results and the open session's votes.
    with django_assert_num_queries(13):
        export_month("2022-03", output)
    rows = _table(load_workbook(output)["现场测评"], RATING_HEADERS)
    # Closed: A's votes 85 90 95 99 → (90 + 95) / 2 = 92.50; B's 60 70 75 80 → 72.50.
    assert [
        (
            r["测评名称"].value,
            r["状态"].value,
            r["名次"].value,
            r["单位"].value,
            r["测评均分"].value,
        )
        for r in rows
    ] == [
        ("第一轮测评", "已结束", 1, "区发改局", 92.5),
        ("第一轮测评", "已结束", 2, "区经信局", 72.5),
        ("第一轮测评", "已结束", None, "碧湖镇", None),
        ("第二轮测评", "测评中", 1, "区发改局", 88),
    ]
    assert [r["有效票数"].value for r in rows] == [4, 4, 0, 1]


def _page_fonts(pdf) -> list[float]:
    """The smallest font size on each page of `pdf`, to a third of a point (pdftohtml
    rounds sizes at its zoom to whole numbers)."""
    out = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-zoom", "3", "-stdout", str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    sizes: dict[str, float] = {}
    smallest = []
    for page in ET.fromstring(out).iter("page"):
        for spec in page.iter("fontspec"):
            sizes[spec.get("id")] = int(spec.get("size")) / 3
        used = [sizes[t.get("font")] for t in page.iter("text") if "".join(t.itertext()).strip()]
        smallest.append(min(used))
    return smallest


def _convert(source, tmp_path):
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return source.with_suffix(".pdf")


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftohtml") is None,
    reason="LibreOffice (soffice) or poppler-utils is not installed",
)
def test_libreoffice_prints_every_page_at_8_pt_or_more(tmp_path):
    boards = _two_actions()
    # A long narrative, as a month's real reports have, wraps instead of shrinking.
    boards.items.append(
        _item(
            "B-003",
            "target",
            "red",
            "10.00",
            action_code="X2",
            action_name="空间聚合",
            lead_unit_name="区经信局",
            measure_unit="万平方米",
            target=Decimal("123456.78"),
            value=Decimal("12345.67"),
            achievement="1-3月累计完成12345.67万平方米，落后序时进度。" * 8,
            problems="用地报批尚未获批，仍有2户政策处理未完成。" * 4,
            measures="组建专班逐户攻坚，依法依规推进征迁。" * 4,
            fix_deadline=datetime.date(2022, 6, 30),
        )
    )
    source = tmp_path / "meeting.xlsx"
    write_meeting_workbook(boards, source, generated_at=GENERATED_AT, **_meeting_rows())
    pdf = _convert(source, tmp_path)
    smallest = _page_fonts(pdf)
    assert len(smallest) >= 10  # every sheet, the item table over pages
    assert min(smallest) >= SMALLEST_PRINTED_FONT, smallest
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "###" not in text  # every number fits its column
