"""会议材料导出: the print-ready meeting workbook of one month.

`export_month()` is the report generator: it asks `scoring.queries.load_month_boards()`
for the month's plain board data and `meetings.queries` for the 交办事项 and 领导点评 rows
(a fixed number of queries). The `write_*` functions are the formatters: pure functions
over `MonthBoards` and plain rows that stream the tables through
`meetings.exports.sheets.PrintBook`.

Every sheet opens with a title row, a subtitle row and one header row (row 3).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import PROGRESS_NAMES, Unit
from reporting.models import Month
from scoring.boarddata import BAND_LABELS, BOARD_LABELS, GROUP_ORDER, ItemRow, MonthBoards, UnitRow
from scoring.models import ItemResult, ScoreRun
from scoring.queries import item_row, load_month_boards
from scoring.rulebook import UNIT_BOARDS

from ..queries import (
    ASSIGNMENT_SHEET_COLUMNS,
    COMMENT_SHEET_COLUMNS,
    AssignmentRow,
    CommentRow,
    assignments_for_export,
    comments_for_month,
)
from .sheets import Column, Number, Output, PrintBook, Row, Sheet, destination

# Sheet and column names are the §5 contract that the office's tools match on, so the
# workbook is written in Chinese whatever the user's language.
LAGGING_SHEET = "排位靠后事项"
ITEMS_SHEET = "事项明细"
ASSIGNMENTS_SHEET = "交办事项"
COMMENTS_SHEET = "领导点评"
# The six standard sheets come first and in this order; the meeting's own two follow.
MEETING_SHEETS = (
    BOARD_LABELS["province"],
    BOARD_LABELS["city"],
    BOARD_LABELS["district"],
    BOARD_LABELS["actions"],
    ITEMS_SHEET,
    LAGGING_SHEET,
    ASSIGNMENTS_SHEET,
    COMMENTS_SHEET,
)
TARGET_STATUS = {"green": "完成", "yellow": "基本完成", "red": "滞后"}


def _unit_board_columns(board: str) -> tuple[Column, ...]:
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

ITEM_COLUMNS = (
    Column("序号", 6, "int"),
    Column("行动", 10, "wrap"),
    Column("事项编码", 11, "text"),
    Column("事项内容", 26, "wrap"),
    Column("目标值", 13, "value"),
    Column("完成值", 13, "value"),
    Column("完成率/位次", 11, "percent", banded=True),
    Column("状态", 9, "center", banded=True),
    Column("实现情况", 30, "wrap"),
    Column("存在问题", 26, "wrap"),
    Column("具体措施", 26, "wrap"),
    Column("责任单位", 14, "wrap"),
    Column("解决时限", 12, "date"),
    Column("责任领导", 10, "wrap"),
    Column("得分", 8, "score", banded=True),
)


# The meetings app names the columns of its two sheets (title, row attribute); their
# print widths and cell kinds are the workbook's business.
_MEETING_COLUMN_LOOKS = {
    "number": (10, "center"),
    "month_label": (9, "center"),
    "content": (34, "wrap"),
    "responsible_unit": (16, "wrap"),
    "co_units": (16, "wrap"),
    "assigned_by": (10, "wrap"),
    "deadline": (11, "date"),
    "status": (11, "center"),
    "latest_progress": (28, "wrap"),
    "item_code": (11, "text"),
    "target_kind": (6, "center"),
    "target_code": (11, "text"),
    "target_name": (22, "wrap"),
    "speaker": (10, "wrap"),
    "text": (56, "wrap"),
    "author": (10, "wrap"),
    "created_at": (16, "datetime"),
}
ASSIGNMENT_FLAG = "提示"


def _meeting_columns(fields: Sequence[tuple[str, str]], *, banded: bool) -> tuple[Column, ...]:
    columns = [Column("序号", 6, "int", banded)]
    for title, attribute in fields:
        width, kind = _MEETING_COLUMN_LOOKS.get(attribute, (14, "wrap"))
        columns.append(Column(title, width, kind, banded))
    return tuple(columns)


# Overdue assignments are filled red across the whole row.
ASSIGNMENT_COLUMNS = (
    *_meeting_columns(ASSIGNMENT_SHEET_COLUMNS, banded=True),
    Column(ASSIGNMENT_FLAG, 14, "wrap", True),
)
COMMENT_COLUMNS = _meeting_columns(COMMENT_SHEET_COLUMNS, banded=False)


class ExportError(ValueError):
    """A month that cannot be exported; the message is for the user."""


def export_month(
    month_label: str, output: Output, *, revision: int | None = None, preview: bool = False
) -> None:
    """Write month `month_label`'s meeting workbook: the given revision, the live preview
    when `preview`, else the latest publication, else the live preview (scored first if
    the month never was); with the month's 交办事项 and 领导点评.

    A fixed number of queries whatever the district's size (8 for a scored month, 9
    once it has assignments);
    ExportError (Chinese message) for a malformed or unknown month, an unknown revision
    or a month with nothing scored, and then nothing is written.
    """
    label = str(month_label).strip()
    try:
        month = Month.objects.get_by_label(label)
        boards = load_month_boards(label, revision=revision, preview=preview)
    except Month.DoesNotExist:
        raise ExportError(_("月份 %(label)s 不存在") % {"label": label}) from None
    except ScoreRun.DoesNotExist:
        if revision is None:
            raise ExportError(_("%(label)s 尚未计算得分") % {"label": label}) from None
        raise ExportError(
            _("%(label)s 没有第%(revision)s版发布结果") % {"label": label, "revision": revision}
        ) from None
    except ValueError as exc:  # a malformed label
        raise ExportError(str(exc)) from exc
    if not boards.items:
        raise ExportError(_("%(label)s 尚无计分结果，没有可导出的事项") % {"label": label})
    # Passing the Month spares the meetings queries looking it up again.
    write_meeting_workbook(
        boards,
        output,
        assignments=assignments_for_export(month),
        comments=comments_for_month(month),
    )


def export_unit_items(month: Month, run: ScoreRun, unit: Unit, output: Output) -> None:
    """Write one unit's item table (本单位事项明细) of an already authorized run: only
    the items the unit leads are read, so no other unit's figures reach the file
    (1 query)."""
    results = ItemResult.objects.filter(run=run, lead_unit_code=unit.code).in_plan_order()
    boards = MonthBoards(
        month_label=month.label,
        district=settings.SHOWCASE_DISTRICT_NAME,
        published=run.is_publication,
        revision=run.revision,
        computed_at=run.computed_at,
        items=[item_row(result) for result in results],
    )
    write_unit_items_workbook(boards, unit.code, output, unit_name=unit.name)


def meeting_filename(month_label: str, revision: int | None) -> str:
    """The download name of a meeting workbook: 莲都区2022年3月晒比会会议材料（第1版）.xlsx."""
    suffix = f"（第{revision}版）" if revision else "（未发布）"
    district = settings.SHOWCASE_DISTRICT_NAME
    return f"{district}{month_title(month_label)}晒比会会议材料{suffix}.xlsx"


def unit_items_filename(unit_name: str, month_label: str, revision: int | None) -> str:
    """The download name of a unit's item table: 区发改局2022年3月事项明细（第1版）.xlsx."""
    suffix = f"（第{revision}版）" if revision else "（未发布）"
    return f"{unit_name}{month_title(month_label)}{ITEMS_SHEET}{suffix}.xlsx"


def write_meeting_workbook(
    boards: MonthBoards,
    output: Output,
    *,
    assignments: Sequence[AssignmentRow] = (),
    comments: Sequence[CommentRow] = (),
    generated_at: datetime.datetime | None = None,
) -> None:
    """The sheets of the meeting workbook, in MEETING_SHEETS order: the six standard ones
    from `boards`, then 交办事项 and 领导点评 from the meetings app's plain rows
    (earlier meetings' open assignments first, as `assignments_for_export` orders them).
    """
    with destination(output) as stream:
        book = _MeetingBook(boards, generated_at)
        for board in UNIT_BOARDS:
            book.add_unit_board(board)
        book.add_actions()
        book.add_items(ITEMS_SHEET, boards.items)
        book.add_items(LAGGING_SHEET, boards.lagging)
        book.add_assignments(assignments)
        book.add_comments(comments)
        book.save(stream)


def write_unit_items_workbook(
    boards: MonthBoards,
    unit_code: str,
    output: Output,
    *,
    unit_name: str = "",
    generated_at: datetime.datetime | None = None,
) -> None:
    """One unit's 事项明细 (the items it leads), styled like the meeting workbook."""
    items = [row for row in boards.items if row.lead_unit_code == unit_code]
    unit_name = unit_name or next(
        (row.unit_name for row in boards.units if row.unit_code == unit_code),
        items[0].lead_unit_name if items else unit_code,
    )
    with destination(output) as stream:
        book = _MeetingBook(boards, generated_at)
        book.add_items(ITEMS_SHEET, items, heading=f"{unit_name} {ITEMS_SHEET}")
        book.save(stream)


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


def month_title(month_label: str) -> str:
    """'2022-03' → '2022年3月'."""
    year, number = month_label.split("-")
    return f"{int(year)}年{int(number)}月"


class _MeetingBook:
    """The meeting's sheets over one MonthBoards, titled alike."""

    def __init__(self, boards: MonthBoards, generated_at: datetime.datetime | None) -> None:
        self.boards = boards
        self.book = PrintBook()
        generated_at = generated_at or timezone.now()
        self.suffix = f"（第{boards.revision}版）" if boards.published else "（未发布）"
        stamps = []
        if boards.computed_at:
            stamps.append(f"计算时间 {_stamp(boards.computed_at)}")
        stamps.append(f"生成时间 {_stamp(generated_at)}")
        if not boards.published:
            stamps.append("预览数据，以正式发布为准")
        self.stamp = " · ".join(stamps)

    def save(self, stream: IO[bytes]) -> None:
        self.book.save(stream)

    def add_unit_board(self, board: str) -> None:
        columns = _unit_board_columns(board)
        rows = sorted(
            self.boards.board(board),
            key=lambda row: (GROUP_ORDER.get(row.group, 9), row.rank, row.unit_code),
        )
        note = (
            "红榜（红色）：各组前三名，有未报送或逾期事项的除外；"
            "警示榜（橙色）：各组后三名及有未报送事项的单位"
        )
        if not rows:
            note = "本月无参评单位"
        sheet = self._open_sheet(BOARD_LABELS[board], columns, note=note, frozen_columns=2)
        for row in rows:
            self.book.append(sheet, Row(_unit_values(row, board), _unit_band(row)))

    def add_actions(self) -> None:
        name = BOARD_LABELS["actions"]
        note = "本月无参评行动" if not self.boards.actions else "按各行动全部应评事项加权平均"
        sheet = self._open_sheet(name, ACTION_COLUMNS, note=note, frozen_columns=2)
        for row in self.boards.actions:
            values = (
                row.rank,
                row.action_name,
                row.leader,
                row.lead_unit,
                row.score,
                row.movement_label,
                row.item_count,
            )
            self.book.append(sheet, Row(values))

    def add_items(self, name: str, items: Sequence[ItemRow], *, heading: str = "") -> None:
        note = "绿色 达到要求；黄色 需关注；红色 排位靠后、未达序时、逾期或未报送"
        if not items:
            note = "本月无排位靠后事项" if name == LAGGING_SHEET else "本月无应评事项"
        sheet = self._open_sheet(name, ITEM_COLUMNS, note=note, frozen_columns=4, heading=heading)
        for number, item in enumerate(items, start=1):
            self.book.append(sheet, Row(_item_values(number, item), item.band))

    def add_assignments(self, assignments: Sequence[AssignmentRow]) -> None:
        note = "红色 逾期未办结；上期交办未销号的事项列在前面"
        if not assignments:
            note = "本月无交办事项"
        sheet = self._open_sheet(ASSIGNMENTS_SHEET, ASSIGNMENT_COLUMNS, note=note, frozen_columns=2)
        for number, row in enumerate(assignments, start=1):
            flags = [
                text
                for flag, text in ((row.carried_over, "上期未办结"), (row.overdue, "逾期"))
                if flag
            ]
            values = (number, *_meeting_values(row, ASSIGNMENT_SHEET_COLUMNS), "、".join(flags))
            self.book.append(sheet, Row(values, "red" if row.overdue else None))

    def add_comments(self, comments: Sequence[CommentRow]) -> None:
        note = "按点评时间先后排列" if comments else "本月无领导点评"
        sheet = self._open_sheet(COMMENTS_SHEET, COMMENT_COLUMNS, note=note, frozen_columns=2)
        for number, row in enumerate(comments, start=1):
            self.book.append(sheet, Row((number, *_meeting_values(row, COMMENT_SHEET_COLUMNS))))

    def _open_sheet(
        self,
        name: str,
        columns: Sequence[Column],
        *,
        note: str,
        frozen_columns: int,
        heading: str = "",
    ) -> Sheet:
        month = month_title(self.boards.month_label)
        return self.book.open_sheet(
            name,
            columns,
            title=f"{self.boards.district}{month} 晒比会 · {heading or name}{self.suffix}",
            subtitle=f"{self.stamp} · {note}",
            frozen_columns=frozen_columns,
        )


def _unit_values(row: UnitRow, board: str) -> tuple[object, ...]:
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
        _honour_label(row),
    )


def _meeting_values(row: object, fields: Sequence[tuple[str, str]]) -> list[object]:
    values = []
    for _title, attribute in fields:
        value = getattr(row, attribute)
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.make_naive(value)  # Excel has no time zones: local time
        values.append(value)
    return values


def _honour_label(row: UnitRow) -> str:
    if row.honour:
        return "红榜"
    if row.warning:
        return "警示榜"
    return ""


def _unit_band(row: UnitRow) -> str | None:
    if row.honour:
        return "honour"
    if row.warning:
        return "warning"
    return None


def _item_values(number: int, item: ItemRow) -> tuple[object, ...]:
    value_format = _value_format(item, (item.target, item.value))
    return (
        number,
        item.action_name,
        item.item_code,
        item.item_name,
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
        item.score,
    )


def _completion(item: ItemRow) -> object:
    """完成率/位次: 'r/N' for rank items, the completion ratio for target items."""
    if item.rule == "rank" and item.rank is not None and item.peer_count:
        return f"{item.rank}/{item.peer_count}"
    if item.rule == "target" and item.completion is not None:
        return item.completion
    return None


def _value_format(item: ItemRow, values: Iterable[Decimal | None]) -> str:
    """Thousands separators, as many decimals as the row's target or value has (stored
    with four places, so trailing zeros are dropped), and the item's measurement unit."""
    decimals = 0
    for value in values:
        if value is not None and value.is_finite():
            exponent = value.normalize().as_tuple().exponent
            decimals = max(decimals, min(-int(exponent), 4))
    number_format = "#,##0" + ("." + "0" * decimals if decimals else "")
    unit = item.measure_unit.replace('"', "").replace("\\", "").strip()
    if unit:
        number_format += f' "{unit}"'
    return number_format


def _stamp(moment: datetime.datetime) -> str:
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d %H:%M")
