"""The 预警 sheet of the meeting workbook: every listed item's early warning.

Columns 事项编码, 事项内容, 牵头单位, 预警 (红 / 黄 / 绿), 预测年末值 (P, a number),
预计完成率 (c, a number with 3 decimals in a percent format) and 依据; P and c are blank
for rank and status items and for 未报送. Written in Chinese whatever the user's language,
like the other sheets.
"""

from __future__ import annotations

from collections.abc import Sequence

from actions.models import PROGRESS_NAMES
from scoring import forecast
from scoring.boarddata import WarningRow
from scoring.forecast import BAND_WORDS

from .cells import Column, Number, Row
from .columns import value_format_of

WARNING_SHEET = "预警"
COMPLETION_FORMAT = "0.0%"  # c has 3 decimals: 0.953 shows as 95.3%

WARNING_COLUMNS = (
    Column("事项编码", 11, "text"),
    Column("事项内容", 30, "wrap"),
    Column("牵头单位", 18, "wrap"),
    Column("预警", 7, "center", banded=True),
    Column("预测年末值", 14, "value"),
    Column("预计完成率", 11, "percent", banded=True),
    Column("依据", 30, "wrap"),
)


def basis_text(row: WarningRow) -> str:
    """依据 in words, in Chinese like the rest of the workbook (scoring.forecast.basis_text)."""
    return forecast.basis_text(row, PROGRESS_NAMES)


def warning_values(row: WarningRow) -> tuple[object, ...]:
    """One row of the sheet."""
    return (
        row.item_code,
        row.item_name,
        row.lead_unit_name,
        BAND_WORDS[row.band],
        None
        if row.forecast is None
        else Number(
            row.forecast,
            value_format_of("", [row.forecast], decimals_of=row.measure_unit, estimate=True),
        ),
        None if row.completion is None else Number(row.completion, COMPLETION_FORMAT),
        basis_text(row),
    )


def add_warnings(book, warnings: Sequence[WarningRow]) -> None:
    """Append the 预警 sheet to a meeting book (`_MeetingBook`), items in the plan's order."""
    note = "红色 预计完不成或未报送；黄色 需关注；依据 上年同期进度 或 序时进度"
    if not warnings:
        note = "本月无预警事项"
    rows = [Row(warning_values(row), row.band) for row in warnings]
    book._write(WARNING_SHEET, WARNING_COLUMNS, rows, note=note, frozen_columns=2)
