"""会议材料导出: the print-ready meeting workbook of one month (DESIGN §5 "Meeting export").

`export_month()` is the report generator: it asks `scoring.queries.load_month_boards()`
for the month's plain board data (a fixed number of queries). The `write_*` functions
are the formatters: pure functions over `MonthBoards` that stream the tables through
`scoring.exports.sheets.PrintBook`.

Every sheet opens with a title row, a subtitle row and one header row (row 3).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _

from scoring.boarddata import BAND_LABELS, BOARD_LABELS, ItemRow, MonthBoards, UnitRow

from .sheets import Column, Number, Output, PrintBook, Row, Sheet, destination

# Sheet and column names are the §5 contract that the office's tools match on, so the
# workbook is written in Chinese whatever the user's language.
UNIT_BOARDS = ("province", "city", "district")
LAGGING_SHEET = "排位靠后事项"
ITEMS_SHEET = "事项明细"
MEETING_SHEETS = (
    BOARD_LABELS["province"],
    BOARD_LABELS["city"],
    BOARD_LABELS["district"],
    BOARD_LABELS["actions"],
    ITEMS_SHEET,
    LAGGING_SHEET,
)
GROUP_ORDER = {"department": 0, "township": 1}
TARGET_STATUS = {"green": "完成", "yellow": "基本完成", "red": "滞后"}
PROGRESS_STATUS = {"done": "已完成", "on_track": "序时推进", "behind": "滞后"}


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


class ExportError(ValueError):
    """A month that cannot be exported; the message is for the user."""


def export_month(month_label: str, output: Output, *, revision: int | None = None) -> None:
    """Write month `month_label`'s meeting workbook: the given revision, else the latest
    publication, else the live preview (scored first if the month never was).

    A fixed number of queries whatever the district's size; ExportError (Chinese
    message) for a malformed or unknown month, an unknown revision or a month with
    nothing scored, and then nothing is written.
    """
    from actions.models import Month
    from scoring.models import ScoreRun
    from scoring.queries import load_month_boards  # the query layer owns the SQL

    label = str(month_label).strip()
    try:
        boards = load_month_boards(label, revision=revision)
    except Month.DoesNotExist:
        raise ExportError(_("月份 %(label)s 不存在") % {"label": label}) from None
    except ScoreRun.DoesNotExist:
        raise ExportError(
            _("%(label)s 没有第%(revision)s版发布结果") % {"label": label, "revision": revision}
        ) from None
    except ValueError as exc:  # a malformed label
        raise ExportError(str(exc)) from exc
    if not boards.items:
        raise ExportError(_("%(label)s 尚无计分结果，没有可导出的事项") % {"label": label})
    write_meeting_workbook(boards, output)


def write_meeting_workbook(
    boards: MonthBoards, output: Output, *, generated_at: datetime.datetime | None = None
) -> None:
    """The six sheets of the meeting workbook, in MEETING_SHEETS order."""
    with destination(output) as stream:
        book = _MeetingBook(boards, generated_at)
        for board in UNIT_BOARDS:
            book.add_unit_board(board)
        book.add_actions()
        book.add_items(ITEMS_SHEET, boards.items)
        book.add_items(LAGGING_SHEET, boards.lagging)
        book.save(stream)


def write_unit_items_workbook(
    boards: MonthBoards,
    unit_code: str,
    output: Output,
    *,
    generated_at: datetime.datetime | None = None,
) -> None:
    """One unit's 事项明细 (the items it leads), styled like the meeting workbook."""
    items = [row for row in boards.items if row.lead_unit_code == unit_code]
    unit_name = next(
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
    return PROGRESS_STATUS.get(item.progress, "")


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
        note = "红榜：各组前三名（绿色）；警示榜：各组后三名（红色）"
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


def _honour_label(row: UnitRow) -> str:
    if row.honour:
        return "红榜"
    if row.warning:
        return "警示榜"
    return ""


def _unit_band(row: UnitRow) -> str | None:
    if row.honour:
        return "green"
    if row.warning:
        return "red"
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
