"""Reading the meeting workbook as an outside checker would: by sheet and column name."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook


def read_sheets(path: Path, columns: dict[str, str]) -> dict[str, list[dict]]:
    """{sheet: [{column: value}]} for each sheet named in `columns` (sheet → its first
    column name); the header row is the first row holding that column name."""
    book = load_workbook(path, read_only=True)
    sheets = {}
    for name, first in columns.items():
        rows = list(book[name].iter_rows(values_only=True))
        header_at = next(i for i, row in enumerate(rows) if first in row)
        header = rows[header_at]
        sheets[name] = [
            dict(zip(header, row, strict=False))
            for row in rows[header_at + 1 :]
            if any(value is not None for value in row)
        ]
    book.close()
    return sheets


def list_fills(book, sheet: str) -> dict[str, str | None]:
    """{unit name: RGB fill of its 榜单 cell} on a unit board of a loaded workbook."""
    rows = list(book[sheet].iter_rows())
    header_at = next(i for i, row in enumerate(rows) if "排名" in [c.value for c in row])
    header = [cell.value for cell in rows[header_at]]
    unit, honour = header.index("单位"), header.index("榜单")
    fills = {}
    for row in rows[header_at + 1 :]:
        fill = row[honour].fill
        colour = fill.fgColor.rgb if fill.fill_type == "solid" else None
        fills[row[unit].value] = colour[-6:] if isinstance(colour, str) else None
    return fills


def percent_formatted(book, sheet: str, column: str) -> bool:
    """Whether every filled cell of `column` has a percent number format."""
    rows = list(book[sheet].iter_rows())
    header_at = next(i for i, row in enumerate(rows) if column in [c.value for c in row])
    index = [cell.value for cell in rows[header_at]].index(column)
    cells = [row[index] for row in rows[header_at + 1 :] if row[index].value is not None]
    return all("%" in cell.number_format for cell in cells)


def formula_cells(book) -> list[str]:
    """Cells of the workbook that hold a formula (text must never become one)."""
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def number(value) -> Decimal | None:
    """A numeric cell as an exact decimal (openpyxl reads numbers back as floats)."""
    if value is None:
        return None
    return Decimal(str(value)).normalize()
