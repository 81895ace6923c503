"""Exports of the scoring app: the meeting workbook (会议材料) and a unit's item table.

`meeting` holds what the workbook says (report generator and formatters over
MonthBoards and the meetings app's plain rows); `columns` holds each sheet's columns
and how a row's values are written in them; `sheets` holds how a print-ready table is
written; `jobs` builds a workbook in the background (后台生成) and keeps its file.
"""

from .columns import ITEM_COLUMNS, status_label
from .meeting import (
    ASSIGNMENTS_SHEET,
    COMMENTS_SHEET,
    MEETING_SHEETS,
    RATINGS_SHEET,
    ExportError,
    export_month,
    export_unit_items,
    meeting_filename,
    unit_items_filename,
    write_meeting_workbook,
    write_unit_items_workbook,
)

__all__ = [
    "ASSIGNMENTS_SHEET",
    "COMMENTS_SHEET",
    "ITEM_COLUMNS",
    "MEETING_SHEETS",
    "RATINGS_SHEET",
    "ExportError",
    "export_month",
    "export_unit_items",
    "meeting_filename",
    "status_label",
    "unit_items_filename",
    "write_meeting_workbook",
    "write_unit_items_workbook",
]
