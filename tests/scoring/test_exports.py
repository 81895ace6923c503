"""The meeting workbook (会议材料导出): sheets, headers, cells, fills and print settings.

Most tests format a hand-built MonthBoards and read the saved file back with openpyxl,
as the office's tooling and the acceptance checker do; no database is needed for them.
"""

import datetime
import io
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from accounts.models import Role
from meetings.exports import (
    ITEM_COLUMNS,
    MEETING_SHEETS,
    export_month,
    status_label,
    write_meeting_workbook,
    write_unit_items_workbook,
)
from meetings.exports.widths import PORTRAIT_WIDTH_CHARS, WIDEST_TABLE_CHARS
from meetings.queries import (
    ASSIGNMENT_SHEET_COLUMNS,
    COMMENT_SHEET_COLUMNS,
    AssignmentRow,
    CommentRow,
    RatingRow,
)
from meetings.services import add_comment, create_assignment
from scoring.boarddata import ActionRow, ItemRow, MonthBoards, UnitRow
from scoring.services import compute_month, publish_month
from tests.factories import MonthFactory, OfficialFactory, ReportFactory, UserFactory

GENERATED_AT = datetime.datetime(2022, 4, 2, 10, 0, tzinfo=datetime.UTC)
UNIT_COLUMNS = ["排名", "单位", "分组", "得分", "较上月"]
ITEM_HEADERS = [
    "序号",
    "行动",
    "事项编码",
    "事项内容",
    "牵头单位",
    "目标值",
    "完成值",
    "完成率/位次",
    "状态",
    "实现情况",
    "存在问题",
    "具体措施",
    "责任单位",
    "解决时限",
    "责任领导",
]
ASSIGNMENT_HEADERS = [title for title, _attribute in ASSIGNMENT_SHEET_COLUMNS]
COMMENT_HEADERS = [title for title, _attribute in COMMENT_SHEET_COLUMNS]
RATING_HEADERS = ["测评名称", "状态", "名次", "单位", "有效票数", "测评均分", "测评加分"]
FILLS = {
    "green": "C6EFCE",
    "yellow": "FFEB9C",
    "red": "FFC7CE",
    "honour": "FFCDD2",  # 红榜 red, as on the boards and the big screen
    "warning": "FFE0B2",  # 警示榜 amber
}
INJECTIONS = ["=SUM(A1)", "+1", "-2", "@x"]
DESIGN_SHEETS = [
    "省考排行榜",
    "市考排行榜",
    "区级综合评价榜",
    "八大行动",
    "事项明细",
    "排位靠后事项",
    "预警",
]


def _unit(board, group, rank, code, name, score, **extra):
    values = {
        "board": board,
        "group": group,
        "rank": rank,
        "unit_code": code,
        "unit_name": name,
        "score": Decimal(score),
        "base_score": Decimal(score),
        "bonus": Decimal("0"),
        "movement": None,
        "item_count": 2,
        "honour": False,
        "warning": False,
    }
    return UnitRow(**{**values, **extra})


def _item(code, rule, band, score, **extra):
    values = {
        "action_code": "X1",
        "action_name": "数字赋能",
        "item_code": code,
        "item_name": f"事项{code}",
        "kind": "indicator",
        "level": "district",
        "lead_unit_code": "A01",
        "lead_unit_name": "区发改局",
        "responsible_official": "张三",
        "measure_unit": "",
        "target": None,
        "rule": rule,
        "score": Decimal(score),
        "band": band,
        "missing": False,
        "overdue": False,
    }
    return ItemRow(**{**values, **extra})


def _boards(*, published: bool = True, revision: int | None = 2) -> MonthBoards:
    units = [
        # Deliberately out of order: the township first, a department ranked 2 before 1.
        _unit("district", "township", 1, "T01", "碧湖镇", "88.50", honour=True),
        _unit("district", "department", 2, "B01", "区经信局", "90.00", movement=-1, warning=True),
        _unit(
            "district",
            "department",
            1,
            "A01",
            "区发改局",
            "97.25",
            base_score=Decimal("95.25"),
            bonus=Decimal("2.00"),
            movement=2,
            honour=True,
        ),
        _unit("province", "department", 1, "A01", "区发改局", "100.00", movement=0),
    ]
    actions = [
        ActionRow(1, "X1", "数字赋能", "李四", "区发改局", Decimal("91.33"), 5, 1),
        ActionRow(2, "X2", "空间聚合", "王五", "区住建局", Decimal("80.00"), 3, None),
    ]
    items = [
        _item(
            "A-001",
            "rank",
            "green",
            "100.00",
            level="province",
            rank=1,
            peer_count=26,
            achievement="=SUM(A1)",
            problems="+1",
            measures="-2",
            fix_unit="@x",
        ),
        _item(
            "A-002",
            "target",
            "yellow",
            "95.00",
            target=Decimal("120.0000"),
            value=Decimal("28.5000"),
            measure_unit="亿元",
            completion=Decimal("0.95"),
            fix_deadline=datetime.date(2022, 6, 30),
        ),
        _item("A-003", "status", "green", "100.00", kind="project", progress="on_track"),
        _item(
            "B-001",
            "status",
            "red",
            "0.00",
            kind="task",
            lead_unit_code="B01",
            lead_unit_name="区经信局",
            progress="behind",
            overdue=True,
            problems="资金\x07未到位",
        ),
        _item("B-002", "target", "red", "0.00", lead_unit_code="B01", missing=True),
    ]
    return MonthBoards(
        month_label="2022-03",
        district="莲都区",
        published=published,
        revision=revision if published else None,
        computed_at=datetime.datetime(2022, 4, 1, 9, 30, tzinfo=datetime.UTC),
        units=units,
        actions=actions,
        items=items,
    )


def _assignment(number, **extra):
    values = {
        "number": number,
        "month_label": "2022-03",
        "content": f"交办{number}",
        "responsible_unit": "区发改局",
        "co_units": "区经信局、碧湖镇",
        "assigned_by": "王副区长",
        "deadline": datetime.date(2022, 4, 30),
        "status": "待办理",
        "latest_progress": "",
        "item_code": "A-001",
        "overdue": False,
        "carried_over": False,
    }
    return AssignmentRow(**{**values, **extra})


def _comment(text, **extra):
    values = {
        "target_kind": "事项",
        "target_code": "A-001",
        "target_name": "固定资产投资",
        "speaker": "王副区长",
        "author": "office",
        "text": text,
        "created_at": datetime.datetime(2022, 4, 2, 9, 15, tzinfo=datetime.UTC),
    }
    return CommentRow(**{**values, **extra})


def _meeting_rows():
    assignments = [
        _assignment(
            "JB-0001",
            month_label="2022-02",
            deadline=datetime.date(2022, 3, 15),
            status="办理中",
            latest_progress="已完成选址",
            overdue=True,
            carried_over=True,
        ),
        _assignment("JB-0004", co_units="", item_code=""),
    ]
    comments = [_comment('=HYPERLINK("http://x")'), _comment("抓紧推进", target_kind="单位")]
    ratings = [
        RatingRow("三月晒比会测评", "已结束", 1, "区发改局", 12, Decimal("92.50"), Decimal("0.50")),
        RatingRow("三月晒比会测评", "已结束", 2, "区经信局", 12, Decimal("88.25"), None),
        RatingRow("三月晒比会测评", "已结束", None, "碧湖镇", 0, None, None),
    ]
    return {"assignments": assignments, "comments": comments, "ratings": ratings}


def _saved(boards: MonthBoards, writer=write_meeting_workbook, *args, **rows):
    buffer = io.BytesIO()
    writer(boards, *args, buffer, generated_at=GENERATED_AT, **rows)
    buffer.seek(0)
    return load_workbook(buffer)


def _header_row(ws, names) -> int:
    """The first row that holds these column names, as the outside checker finds it."""
    for row in ws.iter_rows():
        values = [cell.value for cell in row]
        if all(name in values for name in names):
            return row[0].row
    raise AssertionError(f"{ws.title}: no header row with {names}")


def _table(ws, names):
    """Data rows under the header, as {column name: cell}."""
    header = _header_row(ws, names)
    titles = [cell.value for cell in ws[header]]
    return [dict(zip(titles, row, strict=False)) for row in ws.iter_rows(min_row=header + 1) if row]


@pytest.fixture
def workbook():
    return _saved(_boards(), **_meeting_rows())


def test_it_writes_the_design_sheets_first_then_assignments_and_comments(workbook):
    assert workbook.sheetnames == list(MEETING_SHEETS)
    assert workbook.sheetnames == [*DESIGN_SHEETS, "交办事项", "领导点评", "现场测评"]


def test_it_opens_every_sheet_with_titles_then_one_header_row(workbook):
    headers = {
        "省考排行榜": UNIT_COLUMNS + ["参评事项数", "榜单", "未入红榜原因"],
        "市考排行榜": UNIT_COLUMNS + ["参评事项数", "榜单", "未入红榜原因"],
        "区级综合评价榜": UNIT_COLUMNS
        + ["参评事项数", "基础得分", "加减分", "榜单", "未入红榜原因"],
        "八大行动": ["排名", "行动", "领办领导", "牵头单位", "得分"],
        "事项明细": ITEM_HEADERS,
        "排位靠后事项": ITEM_HEADERS,
        "预警": ["事项编码", "事项内容", "牵头单位", "预警", "预测年末值", "预计完成率", "依据"],
        "交办事项": ["序号", *ASSIGNMENT_HEADERS, "提示"],
        "领导点评": ["序号", *COMMENT_HEADERS],
        "现场测评": ["序号", *RATING_HEADERS],
    }
    assert list(headers) == workbook.sheetnames
    for name, columns in headers.items():
        ws = workbook[name]
        assert _header_row(ws, columns) == 3
        assert [cell.value for cell in ws[3]][: len(columns)] == columns
        assert ws["A1"].value == f"莲都区2022年3月 晒比会 · {name}（第2版）"
        assert "生成时间 2022-04-02" in ws["A2"].value


def test_it_marks_every_title_of_a_preview_unpublished():
    workbook = _saved(_boards(published=False))
    for ws in workbook.worksheets:
        assert ws["A1"].value.endswith("（未发布）")
        assert "版）" not in ws["A1"].value


def test_it_lists_departments_before_townships_by_rank(workbook):
    rows = _table(workbook["区级综合评价榜"], UNIT_COLUMNS)
    assert [(row["分组"].value, row["排名"].value, row["单位"].value) for row in rows] == [
        ("区直部门", 1, "区发改局"),
        ("区直部门", 2, "区经信局"),
        ("乡镇街道", 1, "碧湖镇"),
    ]
    first = rows[0]
    assert (first["较上月"].value, first["基础得分"].value, first["加减分"].value) == (
        "↑2",
        95.25,
        2,
    )
    assert [row["较上月"].value for row in rows] == ["↑2", "↓1", "新"]
    assert [row["榜单"].value for row in rows] == ["红榜", "警示榜", "红榜"]
    assert _table(workbook["省考排行榜"], UNIT_COLUMNS)[0]["较上月"].value == "—"
    assert _table(workbook["市考排行榜"], UNIT_COLUMNS) == []


def test_it_fills_honour_rows_red_and_warning_rows_amber(workbook):
    rows = _table(workbook["区级综合评价榜"], UNIT_COLUMNS)
    for row, colour in zip(rows, ["honour", "warning", "honour"], strict=True):
        assert {cell.fill.fgColor.rgb[-6:] for cell in row.values()} == {FILLS[colour]}
    plain = _table(workbook["省考排行榜"], UNIT_COLUMNS)[0]
    assert plain["得分"].fill.fill_type is None


def test_it_writes_numbers_as_numeric_cells_with_fixed_decimals(workbook):
    board = _table(workbook["区级综合评价榜"], UNIT_COLUMNS)[0]
    assert board["得分"].data_type == "n"
    assert board["得分"].value == 97.25
    assert board["得分"].number_format == "0.00"
    assert board["排名"].data_type == "n"

    actions = _table(workbook["八大行动"], ["排名", "行动"])
    assert [row["得分"].value for row in actions] == [91.33, 80]
    assert actions[0]["得分"].number_format == "0.00"

    items = {row["事项编码"].value: row for row in _table(workbook["事项明细"], ITEM_HEADERS)}
    target = items["A-002"]
    assert (target["目标值"].value, target["完成值"].value) == (120, 28.5)
    assert target["目标值"].number_format == '#,##0.00 "亿元"'
    assert target["完成率/位次"].data_type == "n"
    assert target["完成率/位次"].value == 0.95
    assert target["完成率/位次"].number_format == "0.0%"
    assert target["牵头单位"].value == "区发改局"
    assert target["解决时限"].value == datetime.datetime(2022, 6, 30)
    assert target["解决时限"].number_format == "yyyy-mm-dd"
    assert items["A-001"]["完成率/位次"].value == "1/26"
    assert items["A-003"]["完成率/位次"].value is None


def test_it_writes_formula_like_text_as_text(workbook):
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            assert all(cell.data_type != "f" for cell in row), ws.title
    row = _table(workbook["事项明细"], ITEM_HEADERS)[0]
    texts = [row[name].value for name in ("实现情况", "存在问题", "具体措施", "责任单位")]
    assert texts == INJECTIONS
    assert all(row[name].quotePrefix for name in ("实现情况", "存在问题", "具体措施", "责任单位"))
    comment = _table(workbook["领导点评"], COMMENT_HEADERS)[0]["点评内容"]
    assert (comment.value, comment.data_type, comment.quotePrefix) == (
        '=HYPERLINK("http://x")',
        "s",
        True,
    )


def test_it_names_a_status_item_reported_without_its_progress():
    assert status_label(_item("S-9", "status", "red", "0.00", progress="")) == "未填进度"
    assert status_label(_item("S-8", "status", "yellow", "60.00", progress="behind")) == "滞后"


def test_it_strips_characters_xml_cannot_hold(workbook):
    items = {row["事项编码"].value: row for row in _table(workbook["事项明细"], ITEM_HEADERS)}
    assert items["B-001"]["存在问题"].value == "资金未到位"


def test_it_names_the_status_of_each_rule_and_fills_it_by_band(workbook):
    rows = _table(workbook["事项明细"], ITEM_HEADERS)
    assert [row["状态"].value for row in rows] == ["领先", "基本完成", "序时推进", "逾期", "未报送"]
    assert [row["序号"].value for row in rows] == [1, 2, 3, 4, 5]
    colours = [row["状态"].fill.fgColor.rgb[-6:] for row in rows]
    assert colours == [FILLS[band] for band in ("green", "yellow", "green", "red", "red")]
    assert rows[0]["事项内容"].fill.fill_type is None


def test_it_lists_exactly_the_red_items_as_lagging(workbook):
    boards = _boards()
    rows = _table(workbook["排位靠后事项"], ITEM_HEADERS)
    assert [row["事项编码"].value for row in rows] == [item.item_code for item in boards.lagging]
    assert [row["事项编码"].value for row in rows] == ["B-001", "B-002"]
    assert [row["序号"].value for row in rows] == [1, 2]


def test_it_lists_earlier_open_assignments_first_flagged_and_overdue_ones_red(workbook):
    rows = _table(workbook["交办事项"], ASSIGNMENT_HEADERS)
    assert [row["编号"].value for row in rows] == ["JB-0001", "JB-0004"]
    assert [row["序号"].value for row in rows] == [1, 2]
    assert [row["提示"].value for row in rows] == ["上期未办结、逾期", None]
    old, new = rows
    assert (old["交办月份"].value, old["状态"].value, old["最新进展"].value) == (
        "2022-02",
        "办理中",
        "已完成选址",
    )
    assert old["办理时限"].value == datetime.datetime(2022, 3, 15)
    assert old["办理时限"].number_format == "yyyy-mm-dd"
    assert {cell.fill.fgColor.rgb[-6:] for cell in old.values()} == {FILLS["red"]}
    assert all(cell.fill.fill_type is None for cell in new.values())
    assert (new["配合单位"].value, new["相关事项"].value) == (None, None)


def test_it_lists_the_months_comments_with_who_and_when(workbook):
    rows = _table(workbook["领导点评"], COMMENT_HEADERS)
    assert [row["对象"].value for row in rows] == ["事项", "单位"]
    first = rows[0]
    assert (first["编码"].value, first["名称"].value) == ("A-001", "固定资产投资")
    assert (first["点评领导"].value, first["录入人"].value) == ("王副区长", "office")
    # Local time (Asia/Shanghai), without a zone Excel could not hold.
    assert first["时间"].value == datetime.datetime(2022, 4, 2, 17, 15)
    assert first["时间"].number_format == "yyyy-mm-dd hh:mm"
    assert first["点评内容"].alignment.wrap_text


def test_it_sets_the_sheets_up_for_printing(workbook):
    for ws in workbook.worksheets:
        widths = [ws.column_dimensions[cell.column_letter].width for cell in ws[3] if cell.value]
        # Upright when the table fits across A4 at full size, else landscape; never wider
        # than prints its text at 8 pt.
        upright = sum(widths) <= PORTRAIT_WIDTH_CHARS
        assert ws.page_setup.orientation == ("portrait" if upright else "landscape")
        assert sum(widths) <= WIDEST_TABLE_CHARS + 0.5
        # The title and subtitle span the table and wrap, so neither is cut at its edge.
        last = ws.cell(row=3, column=len(widths)).column_letter
        assert {f"A1:{last}1", f"A2:{last}2"} <= {str(r) for r in ws.merged_cells.ranges}
        assert ws["A2"].alignment.wrap_text
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert (int(ws.page_setup.fitToWidth), int(ws.page_setup.fitToHeight)) == (1, 0)
        assert ws.print_title_rows.replace("$", "") == "1:3"
        assert ws.freeze_panes.endswith("4")
        assert ws.column_dimensions["A"].width > 0
        header = ws[3]
        assert all(cell.border.left.style == "thin" for cell in header)
        assert all(cell.font.bold for cell in header)
    items = workbook["事项明细"]
    assert items.freeze_panes == "E4"
    width = {cell.value: items.column_dimensions[cell.column_letter].width for cell in items[3]}
    # Widths from the content: a code as wide as the codes, the names wider.
    assert width["事项内容"] > width["事项编码"]
    assert width["事项编码"] <= dict((c.title, c.width) for c in ITEM_COLUMNS)["事项编码"]
    for row in _table(items, ITEM_HEADERS):
        assert all(cell.border.bottom.style == "thin" for cell in row.values())
        assert row["实现情况"].alignment.wrap_text


def test_it_makes_rows_tall_enough_for_their_wrapped_text():
    boards = _boards()
    boards.items[2] = replace(boards.items[2], achievement="完成序时进度，" * 12)
    items = _saved(boards)["事项明细"]
    tall, short = items.row_dimensions[6].height, items.row_dimensions[5].height
    assert tall >= 3 * 13.5
    assert short is None or short < tall


def test_it_exports_one_units_items():
    workbook = _saved(_boards(), write_unit_items_workbook, "B01")
    assert workbook.sheetnames == ["事项明细"]
    ws = workbook["事项明细"]
    assert ws["A1"].value == "莲都区2022年3月 晒比会 · 区经信局 事项明细（第2版）"
    assert [row["事项编码"].value for row in _table(ws, ITEM_HEADERS)] == ["B-001", "B-002"]


def test_it_exports_an_empty_month_with_headers_only():
    boards = _boards(published=False)
    boards.units, boards.actions, boards.items = [], [], []
    workbook = _saved(boards)
    for ws in workbook.worksheets:
        assert ws.max_row == 3
        assert "本月无" in ws["A2"].value


def test_it_rejects_a_malformed_month(db):
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("export_meeting", "2022-13", "--output", "unused.xlsx")


def test_it_rejects_a_month_that_does_not_exist(db, tmp_path):
    output = tmp_path / "meeting.xlsx"
    with pytest.raises(CommandError, match="2021-01"):
        call_command("export_meeting", "2021-01", "--output", str(output))
    assert not output.exists()


# -- the month from the database ---------------------------------------------------------


@pytest.fixture
def scored_district(district):
    """The shared district with an accepted report for two of its three items."""
    ReportFactory(item=district.item_a, month=district.month, value=Decimal("33.5"))
    ReportFactory(item=district.item_b, month=district.month, value=Decimal("20"))
    return district


def test_it_exports_a_month_in_a_fixed_number_of_queries(
    scored_district, django_assert_num_queries, tmp_path
):
    compute_month(scored_district.month)
    output = tmp_path / "meeting.xlsx"
    # The month, then the board data (month, runs, unit, action, item and 预警 rows), the
    # comments, the assignments and the rating sessions, whatever the size (their
    # co-units: 1 more, once there are any assignments).
    with django_assert_num_queries(10):
        export_month("2022-03", output)
    workbook = load_workbook(output)
    assert workbook.sheetnames == list(MEETING_SHEETS)
    assert workbook["事项明细"]["A1"].value.endswith("（未发布）")
    rows = _table(workbook["事项明细"], ITEM_HEADERS)
    assert [row["事项编码"].value for row in rows] == ["A-001", "B-001", "T-001"]
    assert rows[0]["完成值"].value == 33.5
    assert rows[2]["状态"].value == "未报送"
    assert [row["事项编码"].value for row in _table(workbook["排位靠后事项"], ITEM_HEADERS)] == [
        row["事项编码"].value for row in rows if row["状态"].fill.fgColor.rgb.endswith("FFC7CE")
    ]


def _meeting_notes(district, count: int) -> None:
    """`count` comments and assignments on the month, and as many open ones from February."""
    office = UserFactory(role=Role.OFFICE)
    leader = OfficialFactory()
    february = MonthFactory(year=2022, number=2)
    for n in range(count):
        for month in (february, district.month):
            add_comment(
                month=month,
                author=office,
                on_behalf_of=leader,
                text=f"点评{n}",
                unit=district.unit_a,
            )
            create_assignment(
                month=month,
                content=f"交办{n}",
                responsible_unit=district.unit_b,
                co_units=[district.unit_a, district.town],
                deadline=datetime.date(2022, 3, 1),
                assigned_by=leader,
                created_by=office,
                item=district.item_b,
            )


@pytest.mark.parametrize("count", [1, 6])
def test_it_exports_assignments_and_comments_in_a_fixed_number_of_queries(
    scored_district, django_assert_num_queries, tmp_path, count
):
    compute_month(scored_district.month)
    _meeting_notes(scored_district, count)
    output = tmp_path / "meeting.xlsx"
    with django_assert_num_queries(11):
        export_month("2022-03", output)
    workbook = load_workbook(output)
    assignments = _table(workbook["交办事项"], ASSIGNMENT_HEADERS)
    assert len(assignments) == 2 * count
    assert [row["交办月份"].value for row in assignments] == ["2022-02"] * count + [
        "2022-03"
    ] * count
    assert {row["配合单位"].value for row in assignments} == {"区发改局、碧湖镇"}
    comments = _table(workbook["领导点评"], COMMENT_HEADERS)
    assert [row["点评内容"].value for row in comments] == [f"点评{n}" for n in range(count)]


def test_it_exports_from_the_command_scoring_a_month_never_scored(scored_district, tmp_path):
    output = tmp_path / "2022-03.xlsx"
    stdout = io.StringIO()
    call_command("export_meeting", "2022-03", "--output", str(output), stdout=stdout)
    assert stdout.getvalue().strip() == f"已导出 {output}（10 个工作表）"
    assert load_workbook(output).sheetnames == list(MEETING_SHEETS)
    assert list(tmp_path.iterdir()) == [output]  # no temporary file left behind


def test_it_exports_a_published_revision(scored_district, tmp_path):
    publish_month("2022-03")
    output = tmp_path / "meeting.xlsx"
    call_command("export_meeting", "2022-03", "--output", str(output), "--revision", "1")
    for ws in load_workbook(output).worksheets:
        assert ws["A1"].value.endswith("（第1版）")
    with pytest.raises(CommandError, match="第2版"):
        call_command("export_meeting", "2022-03", "--output", str(output), "--revision", "2")


def test_it_refuses_a_month_with_nothing_to_score(db, tmp_path):
    MonthFactory(year=2022, number=5)
    output = tmp_path / "meeting.xlsx"
    with pytest.raises(CommandError, match="尚无计分结果"):
        call_command("export_meeting", "2022-05", "--output", str(output))
    assert not output.exists()


def test_it_says_when_the_output_cannot_be_written(scored_district, tmp_path):
    output = tmp_path / "missing-folder" / "meeting.xlsx"
    with pytest.raises(CommandError, match="无法写入"):
        call_command("export_meeting", "2022-03", "--output", str(output))
