"""Writing ledger-format workbooks in openpyxl's write-only (streaming) mode.

Shared by the year export and the blank template. Text that Excel would take for
a formula (= + - @ at the start) is written as a plain string cell, never evaluated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .schema import SHEETS

_FORMULA_STARTS = ("=", "+", "-", "@")
_WIDE = {"事项名称": 36, "定性标准": 36, "实现情况": 36, "存在问题": 36, "具体措施": 36, "事由": 30}


def safe_cell(worksheet, value: object) -> object:
    """The value to append: text cleaned of characters XML cannot hold, and formula-like
    text pinned as a string cell."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value.startswith(_FORMULA_STARTS):
        return value
    cell = WriteOnlyCell(worksheet, value)
    cell.data_type = "s"
    return cell


def write_ledger_workbook(
    output: str | IO[bytes], rows_by_sheet: Mapping[str, Iterable[Mapping[str, object]]]
) -> None:
    """Every ledger sheet, in the import's column order, with the given rows ({field: value})."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in SHEETS:
        worksheet = workbook.create_sheet(sheet.name)
        worksheet.freeze_panes = "A2"
        for index, header in enumerate(sheet.headers, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = _WIDE.get(header, 14)
        header_cells = []
        for header in sheet.headers:
            cell = WriteOnlyCell(worksheet, header)
            cell.font = bold
            header_cells.append(cell)
        worksheet.append(header_cells)
        fields = [column.field for column in sheet.columns]
        for row in rows_by_sheet.get(sheet.name, ()):
            worksheet.append([safe_cell(worksheet, row.get(name)) for name in fields])
    workbook.save(output)
