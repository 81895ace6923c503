"""Exports of the scoring app: the meeting workbook (会议材料) and a unit's item table.

`meeting` holds what the workbook says (report generator and formatters over
MonthBoards); `sheets` holds how a print-ready table is written.
"""

from .meeting import (
    ITEM_COLUMNS,
    MEETING_SHEETS,
    ExportError,
    export_month,
    status_label,
    write_meeting_workbook,
    write_unit_items_workbook,
)

__all__ = [
    "ITEM_COLUMNS",
    "MEETING_SHEETS",
    "ExportError",
    "export_month",
    "status_label",
    "write_meeting_workbook",
    "write_unit_items_workbook",
]
