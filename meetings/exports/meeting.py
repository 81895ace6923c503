"""会议材料导出: the print-ready meeting workbook of one month.

`export_month()` is the report generator: it asks `scoring.queries.load_month_boards()`
for the month's plain board data and `meetings.queries` for the 交办事项, 领导点评 and
现场测评 rows
(a fixed number of queries). The `write_*` functions are the formatters: pure functions
over `MonthBoards` and plain rows that stream the tables through
`meetings.exports.sheets.PrintBook`.

Every sheet opens with a title row, a subtitle row and one header row (row 3).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import IO

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Unit
from reporting.models import Month, month_title
from scoring.boarddata import BOARD_LABELS, GROUP_ORDER, ItemRow, MonthBoards
from scoring.models import ItemResult, ScoreRun
from scoring.queries import item_row, load_month_boards
from scoring.rulebook import UNIT_BOARDS

from ..queries import (
    ASSIGNMENT_SHEET_COLUMNS,
    COMMENT_SHEET_COLUMNS,
    RATING_SHEET_COLUMNS,
    AssignmentRow,
    CommentRow,
    RatingRow,
    assignments_for_export,
    comments_for_month,
    rating_rows_for_export,
)
from .cells import Column, Row
from .columns import (
    ACTION_COLUMNS,
    ASSIGNMENT_COLUMNS,
    COMMENT_COLUMNS,
    ITEM_COLUMNS,
    RATING_COLUMNS,
    item_values,
    meeting_values,
    unit_band,
    unit_board_columns,
    unit_values,
)
from .sheets import Output, PrintBook, Sheet, destination
from .warnings import WARNING_SHEET, add_warnings
from .widths import fit_columns

# Sheet and column names are the §5 contract that the office's tools match on, so the
# workbook is written in Chinese whatever the user's language.
LAGGING_SHEET = "排位靠后事项"
ITEMS_SHEET = "事项明细"
ASSIGNMENTS_SHEET = "交办事项"
COMMENTS_SHEET = "领导点评"
RATINGS_SHEET = "现场测评"
# The six standard sheets come first and in this order, then 预警; the meeting's own three follow.
MEETING_SHEETS = (
    BOARD_LABELS["province"],
    BOARD_LABELS["city"],
    BOARD_LABELS["district"],
    BOARD_LABELS["actions"],
    ITEMS_SHEET,
    LAGGING_SHEET,
    WARNING_SHEET,
    ASSIGNMENTS_SHEET,
    COMMENTS_SHEET,
    RATINGS_SHEET,
)


class ExportError(ValueError):
    """A month that cannot be exported; the message is for the user."""


def export_month(
    month_label: str, output: Output, *, revision: int | None = None, preview: bool = False
) -> None:
    """Write month `month_label`'s meeting workbook: the given revision, the live preview
    when `preview`, else the latest publication, else the live preview (scored first if
    the month never was); with the month's 交办事项 and 领导点评.

    A fixed number of queries whatever the district's size (9 for a scored month, 10
    once it has assignments, 2 more once it has rating sessions);
    ExportError (Chinese message) for a malformed or unknown month, an unknown revision
    or a month with nothing scored, and then nothing is written.
    """
    label = str(month_label).strip()
    try:
        month = Month.objects.get_by_label(label)
        boards = load_month_boards(label, revision=revision, preview=preview, with_warnings=True)
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
        ratings=rating_rows_for_export(month),
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
    ratings: Sequence[RatingRow] = (),
    generated_at: datetime.datetime | None = None,
) -> None:
    """The sheets of the meeting workbook, in MEETING_SHEETS order: the six standard ones
    and 预警 from `boards`, then 交办事项, 领导点评 and 现场测评 from the meetings app's plain rows
    (earlier meetings' open assignments first, as `assignments_for_export` orders them).
    """
    with destination(output) as stream:
        book = _MeetingBook(boards, generated_at)
        for board in UNIT_BOARDS:
            book.add_unit_board(board)
        book.add_actions()
        book.add_items(ITEMS_SHEET, boards.items)
        book.add_items(LAGGING_SHEET, boards.lagging)
        add_warnings(book, boards.warnings)
        book.add_assignments(assignments)
        book.add_comments(comments)
        book.add_ratings(ratings)
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
        columns = unit_board_columns(board)
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
        kept_off = self.boards.kept_off_honour(board)
        lines = [
            Row(
                unit_values(
                    row, board, kept_off[row.unit_code].text() if row.unit_code in kept_off else ""
                ),
                unit_band(row),
            )
            for row in rows
        ]
        self._write(BOARD_LABELS[board], columns, lines, note=note, frozen_columns=2)

    def add_actions(self) -> None:
        name = BOARD_LABELS["actions"]
        note = "本月无参评行动" if not self.boards.actions else "按各行动全部应评事项加权平均"
        rows = [
            Row(
                (
                    row.rank,
                    row.action_name,
                    row.leader,
                    row.lead_unit,
                    row.score,
                    row.movement_label,
                    row.item_count,
                )
            )
            for row in self.boards.actions
        ]
        self._write(name, ACTION_COLUMNS, rows, note=note, frozen_columns=2)

    def add_items(self, name: str, items: Sequence[ItemRow], *, heading: str = "") -> None:
        note = "绿色 达到要求；黄色 需关注；红色 排位靠后、未达序时、逾期或未报送"
        if not items:
            note = "本月无排位靠后事项" if name == LAGGING_SHEET else "本月无应评事项"
        rows = [Row(item_values(number, item), item.band) for number, item in enumerate(items, 1)]
        sheet = self._open_sheet(
            name, ITEM_COLUMNS, rows, note=note, frozen_columns=4, heading=heading
        )
        action = None
        for item, row in zip(items, rows, strict=True):
            # Each action starts on a new page, so the printout is handed out by action.
            if action is not None and item.action_code != action:
                self.book.break_page(sheet)
            action = item.action_code
            self.book.append(sheet, row)

    def add_assignments(self, assignments: Sequence[AssignmentRow]) -> None:
        note = "红色 逾期未办结；上期交办未销号的事项列在前面"
        if not assignments:
            note = "本月无交办事项"
        rows = []
        for number, row in enumerate(assignments, start=1):
            flags = [
                text
                for flag, text in ((row.carried_over, "上期未办结"), (row.overdue, "逾期"))
                if flag
            ]
            values = (number, *meeting_values(row, ASSIGNMENT_SHEET_COLUMNS), "、".join(flags))
            rows.append(Row(values, "red" if row.overdue else None))
        self._write(ASSIGNMENTS_SHEET, ASSIGNMENT_COLUMNS, rows, note=note, frozen_columns=2)

    def add_comments(self, comments: Sequence[CommentRow]) -> None:
        note = "按点评时间先后排列" if comments else "本月无领导点评"
        rows = [
            Row((number, *meeting_values(row, COMMENT_SHEET_COLUMNS)))
            for number, row in enumerate(comments, start=1)
        ]
        self._write(COMMENTS_SHEET, COMMENT_COLUMNS, rows, note=note, frozen_columns=2)

    def add_ratings(self, ratings: Sequence[RatingRow]) -> None:
        note = "去掉一个最高分和一个最低分后的平均分" if ratings else "本月无现场测评"
        rows = [
            Row((number, *meeting_values(row, RATING_SHEET_COLUMNS)))
            for number, row in enumerate(ratings, start=1)
        ]
        self._write(RATINGS_SHEET, RATING_COLUMNS, rows, note=note, frozen_columns=2)

    def _write(self, name: str, columns: Sequence[Column], rows: Sequence[Row], **kwargs) -> None:
        """A sheet of `rows`, its columns fitted to them."""
        sheet = self._open_sheet(name, columns, rows, **kwargs)
        for row in rows:
            self.book.append(sheet, row)

    def _open_sheet(
        self,
        name: str,
        columns: Sequence[Column],
        rows: Sequence[Row],
        *,
        note: str,
        frozen_columns: int,
        heading: str = "",
    ) -> Sheet:
        """A sheet with its title rows, its columns as wide as `rows` need."""
        month = month_title(self.boards.month_label)
        return self.book.open_sheet(
            name,
            fit_columns(columns, rows),
            title=f"{self.boards.district}{month} 晒比会 · {heading or name}{self.suffix}",
            subtitle=f"{self.stamp} · {note}",
            frozen_columns=frozen_columns,
        )


def _stamp(moment: datetime.datetime) -> str:
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d %H:%M")
