"""The meeting workbook's columns and how each row's values are written in them.

Sheet and column names are the contract that the office's tools match on, so the
workbook is written in Chinese whatever the user's language. Widths are in characters;
each sheet stays within what A4 landscape prints at 8 pt or more (see `sheets`).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.utils import timezone

from actions.models import PROGRESS_NAMES
from scoring.boarddata import BAND_LABELS, ItemRow, UnitRow
from scoring.figures import figure_places

from ..queries import ASSIGNMENT_SHEET_COLUMNS, COMMENT_SHEET_COLUMNS, RATING_SHEET_COLUMNS
from .cells import Column, Number

TARGET_STATUS = {"green": "完成", "yellow": "基本完成", "red": "滞后"}


def unit_board_columns(board: str) -> tuple[Column, ...]:
    """A unit board's columns; 红榜 and 警示榜 rows are filled across the whole row."""
    detail = [Column("参评事项数", 10, "int", True)]
    if board == "district":
        detail += [Column("基础得分", 10, "score", True), Column("加减分", 9, "score", True)]
    return (
        Column("排名", 7, "int", True),
        Column("单位", 26, "wrap", True),
        Column("分组", 11, "center", True),
        Column("得分", 10, "score", True),
        Column("较上月", 9, "center", True),
        *detail,
        Column("榜单", 9, "center", True),
        # A unit placed 1–3 but kept off 红榜: why (逾期：GY-15), as the boards say it.
        Column("未入红榜原因", 24, "wrap", True),
    )


ACTION_COLUMNS = (
    Column("排名", 7, "int"),
    Column("行动", 18, "wrap"),
    Column("领办领导", 14, "wrap"),
    Column("牵头单位", 22, "wrap"),
    Column("得分", 10, "score"),
    Column("较上月", 9, "center"),
    Column("事项数", 9, "int"),
)

# 事项明细 and 排位靠后事项: narrow enough to print at 8.5 pt on A4 landscape, the
# narrative columns wrapped.
ITEM_COLUMNS = (
    Column("序号", 4, "int"),
    Column("行动", 6, "wrap"),
    Column("事项编码", 6, "text"),
    Column("事项内容", 13, "wrap"),
    Column("牵头单位", 7, "wrap"),
    Column("目标值", 12, "value"),
    Column("完成值", 12, "value"),
    Column("完成率/位次", 7, "percent", banded=True),
    Column("状态", 7, "center", banded=True),
    Column("实现情况", 13, "wrap"),
    Column("存在问题", 11, "wrap"),
    Column("具体措施", 11, "wrap"),
    Column("责任单位", 7, "wrap"),
    Column("解决时限", 9, "date"),
    Column("责任领导", 5, "wrap"),
)


# The meetings app names the columns of its sheets (title, row attribute); their print
# widths and cell kinds are the workbook's business.
_MEETING_COLUMN_LOOKS = {
    "number": (8, "center"),
    "month_label": (8, "center"),
    "content": (24, "wrap"),
    "responsible_unit": (11, "wrap"),
    "co_units": (11, "wrap"),
    "assigned_by": (6, "wrap"),
    "deadline": (9, "date"),
    "status": (7, "center"),
    "latest_progress": (18, "wrap"),
    "item_code": (8, "text"),
    "target_kind": (5, "center"),
    "target_code": (8, "text"),
    "target_name": (16, "wrap"),
    "speaker": (7, "wrap"),
    "text": (44, "wrap"),
    "author": (8, "wrap"),
    "created_at": (15, "datetime"),
    "session_title": (18, "wrap"),
    "session_state": (7, "center"),
    "position": (5, "int"),
    "unit_name": (20, "wrap"),
    "vote_count": (7, "int"),
    "mean": (8, "score"),
    "bonus_points": (8, "score"),
}
ASSIGNMENT_FLAG = "提示"


def _meeting_columns(fields: Sequence[tuple[str, str]], *, banded: bool) -> tuple[Column, ...]:
    columns = [Column("序号", 4, "int", banded)]
    for title, attribute in fields:
        width, kind = _MEETING_COLUMN_LOOKS.get(attribute, (14, "wrap"))
        columns.append(Column(title, width, kind, banded))
    return tuple(columns)


# Overdue assignments are filled red across the whole row.
ASSIGNMENT_COLUMNS = (
    *_meeting_columns(ASSIGNMENT_SHEET_COLUMNS, banded=True),
    Column(ASSIGNMENT_FLAG, 10, "wrap", True),
)
COMMENT_COLUMNS = _meeting_columns(COMMENT_SHEET_COLUMNS, banded=False)
RATING_COLUMNS = _meeting_columns(RATING_SHEET_COLUMNS, banded=False)


def meeting_values(row: object, fields: Sequence[tuple[str, str]]) -> list[object]:
    values = []
    for _title, attribute in fields:
        value = getattr(row, attribute)
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.make_naive(value)  # Excel has no time zones: local time
        values.append(value)
    return values


def unit_values(row: UnitRow, board: str, kept_off: str) -> tuple[object, ...]:
    """One unit's row; `kept_off` is why a unit placed 1–3 is not on 红榜, else ""."""
    detail: list[object] = [row.item_count]
    if board == "district":
        detail += [row.base_score, row.bonus]
    return (
        row.rank,
        row.unit_name,
        row.group_label,
        row.score,
        row.movement_label,
        *detail,
        honour_label(row),
        kept_off,
    )


def honour_label(row: UnitRow) -> str:
    if row.honour:
        return "红榜"
    if row.warning:
        return "警示榜"
    return ""


def unit_band(row: UnitRow) -> str | None:
    if row.honour:
        return "honour"
    if row.warning:
        return "warning"
    return None


def item_values(number: int, item: ItemRow) -> tuple[object, ...]:
    figures = (item.target, item.value)
    value_format = value_format_of(item.measure_unit, figures)
    name = item.item_name
    if not _fits(figures, value_format, ITEM_COLUMNS[5].width):
        # A figure too wide with its unit would print as ###: the unit moves to the name.
        value_format = value_format_of("", figures, decimals_of=item.measure_unit)
        name = f"{name}（单位：{item.measure_unit}）"
    return (
        number,
        item.action_name,
        item.item_code,
        name,
        item.lead_unit_name,
        None if item.target is None else Number(item.target, value_format),
        None if item.value is None else Number(item.value, value_format),
        _completion(item),
        status_label(item),
        item.achievement,
        item.problems,
        item.measures,
        item.fix_unit,
        item.fix_deadline,
        item.responsible_official,
    )


def status_label(item: ItemRow) -> str:
    """状态 in the item tables: what the band means for the item's scoring rule."""
    if item.missing:
        return "未报送"
    if item.rule == "rank":
        return BAND_LABELS[item.band]
    if item.rule == "target":
        return TARGET_STATUS[item.band]
    if item.overdue:
        return "逾期"
    # An accepted report without its 进度状态 scores 0 (red): say why, not a blank cell.
    return PROGRESS_NAMES.get(item.progress, "未填进度")


def _completion(item: ItemRow) -> object:
    """完成率/位次: 'r/N' for rank items, the completion ratio for target items."""
    if item.rule == "rank" and item.rank is not None and item.peer_count:
        return f"{item.rank}/{item.peer_count}"
    if item.rule == "target" and item.completion is not None:
        return item.completion
    return None


def value_format_of(
    measure_unit: str,
    values: Sequence[Decimal | None],
    *,
    decimals_of: str | None = None,
    estimate: bool = False,
) -> str:
    """The number format of a target or value, with the places every page writes the
    row's figures with (scoring.figures.figure_places), thousands separators, and the
    unit after the number as text. `decimals_of` names the unit that decides the places
    when the format leaves the unit out; `estimate` that the figures are worked out
    (预测年末值), not reported."""
    unit = measure_unit.replace('"', "").replace("\\", "").strip()
    decimals = figure_places(
        unit if decimals_of is None else decimals_of, values, estimate=estimate
    )
    number_format = "#,##0" + ("." + "0" * decimals if decimals else "")
    if unit:
        number_format += f' "{unit}"'
    return number_format


def _fits(values: Sequence[Decimal | None], number_format: str, width: float) -> bool:
    """Whether each figure, written in `number_format`, fits a column `width` characters
    wide: at 10 pt a digit takes 0.75 of a character and a CJK character 1.5."""
    places = number_format.split(" ")[0].partition(".")[2].count("0")
    unit = number_format.partition('"')[2].rstrip('"')
    for value in values:
        if value is None:
            continue
        digits = f"{value:,.{places}f}"
        needed = len(digits) * 0.75 + (0.5 + len(unit.encode()) / 2 if unit else 0)
        if needed > width - 1:
            return False
    return True
