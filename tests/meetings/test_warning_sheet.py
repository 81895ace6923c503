"""The 预警 sheet of the meeting workbook, written from plain rows (no database)."""

import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from meetings.exports import write_meeting_workbook
from scoring.boarddata import MonthBoards, WarningRow

HEADERS = ["事项编码", "事项内容", "牵头单位", "预警", "预测年末值", "预计完成率", "依据"]


def _row(code, rule, band, basis, **extra) -> WarningRow:
    fields = {
        "item_id": None,
        "item_code": code,
        "item_name": f"事项{code}",
        "action_code": "X1",
        "action_name": "数字赋能",
        "lead_unit_code": "A01",
        "lead_unit_name": "区发改局",
        "measure_unit": "亿元",
        "target": None,
        "rule": rule,
        "band": band,
        "basis": basis,
        "missing": basis == "missing",
    }
    return WarningRow(**(fields | extra))


def test_it_writes_p_and_c_as_numbers_and_leaves_them_blank_where_there_is_no_forecast():
    boards = MonthBoards(
        month_label="2022-06",
        district="莲都区",
        published=True,
        revision=1,
        computed_at=None,
        warnings=[
            _row(
                "A",
                "target",
                "yellow",
                "last_year",
                forecast=Decimal("1234.5"),
                completion=Decimal("0.953"),
                basis_month=6,
            ),
            _row(
                "B",
                "rank",
                "red",
                "rank",
                rank=9,
                peer_count=10,
                previous_rank=8,
                previous_peer_count=10,
            ),
            _row(
                "C",
                "status",
                "yellow",
                "status",
                progress="on_track",
                deadline=datetime.date(2022, 8, 31),
            ),
            _row("D", "target", "red", "missing"),
            _row("=E", "target", "green", "level", forecast=Decimal("-3"), completion=Decimal("1")),
        ],
    )
    buffer = io.BytesIO()
    write_meeting_workbook(boards, buffer)
    ws = load_workbook(io.BytesIO(buffer.getvalue()))["预警"]

    assert [c.value for c in ws[3]] == HEADERS
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert rows == [
        ["A", "事项A", "区发改局", "黄", 1234.5, 0.953, "上年同期进度（截至6月）"],
        ["B", "事项B", "区发改局", "红", None, None, "位次 9/10（上次 8/10）"],
        ["C", "事项C", "区发改局", "黄", None, None, "序时推进 · 完成时限 2022-08-31"],
        ["D", "事项D", "区发改局", "红", None, None, "未报送"],
        ["=E", "事项=E", "区发改局", "绿", -3, 1, "当前值"],
    ]
    assert ws["F4"].number_format == "0.0%" and ws["E4"].data_type == "n"
    assert ws["E4"].number_format == "#,##0.00"  # 亿元: money keeps its cents
    assert ws["A8"].data_type == "s"  # text, never a formula
