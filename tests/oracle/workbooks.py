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


def raw_rows(path: Path, names: list[str]) -> dict[str, list[tuple]]:
    """Every row of the named sheets below the title rows (the stamps), as read."""
    book = load_workbook(path, read_only=True)
    rows = {name: list(book[name].iter_rows(min_row=3, values_only=True)) for name in names}
    book.close()
    return rows


def number(value) -> Decimal | None:
    """A numeric cell as an exact decimal (openpyxl reads numbers back as floats)."""
    if value is None:
        return None
    return Decimal(str(value)).normalize()
