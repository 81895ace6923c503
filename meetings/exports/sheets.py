"""Print-ready tables in an openpyxl write-only workbook: the format side of exports.

A `PrintBook` streams rows (memory stays flat whatever their number) into sheets that
print on A4 landscape, fit to width, with their title and header rows repeated on every
page, frozen panes, column widths, thin borders, wrapped narrative text, rows tall
enough for it, and green / yellow / red fills. Text is always written as text: a value
starting with = + - @ never becomes a formula. The columns and rows themselves are
meetings.exports.cells; their widths and line counts, meetings.exports.widths.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import IO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TIME_TYPES, Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from .cells import NUMBER_FORMATS, Column, Number, Row
from .widths import (
    PORTRAIT_WIDTH_CHARS,
    SMALLEST_FONT,
    line_count,
)

HEADER_ROW = 3  # title, subtitle, then the column names
# 红榜 (honour) and 警示榜 (warning) rows use the boards' and the big screen's own tints.
BAND_FILLS = {
    "green": "C6EFCE",
    "yellow": "FFEB9C",
    "red": "FFC7CE",
    "honour": "FFCDD2",
    "warning": "FFE0B2",
}
HEADER_FILL = "D9D9D9"
# Spreadsheet programs read text starting with these as a formula (CSV/Excel injection).
FORMULA_PREFIXES = ("=", "+", "-", "@")
MAX_CELL_CHARS = 32767  # Excel's limit for one cell
LINE_HEIGHT = 13.5  # points per line of 10-pt text
MAX_ROW_HEIGHT = 409  # Excel's tallest row, in points
TITLE_LINE_HEIGHT = 22  # points per line of the 16-pt title

Output = str | os.PathLike | IO[bytes]


@dataclass(slots=True)
class _Style:
    """A cell style of the book: its array of font, fill, … ids, and its index among the
    workbook's cell styles once a cell in it is written."""

    array: StyleArray
    id: int | None = None


@contextmanager
def destination(output: Output) -> Iterator[IO[bytes]]:
    """The stream to save into. A path is written as a temporary file beside it and
    renamed at the end, so a failed export never leaves a half-written workbook where
    the office expects the meeting's file; and it is opened before any row is built."""
    if not isinstance(output, str | os.PathLike):
        yield output
        return
    temporary = f"{os.fspath(output)}.{os.getpid()}.part"
    try:
        with open(temporary, "wb") as stream:
            yield stream
        os.replace(temporary, output)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def clean_text(value: str) -> str:
    """Text a workbook can hold: no XML-illegal control characters, within Excel's cell limit."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_CHARS]


@dataclass
class Sheet:
    """A sheet being written and the number of its last row."""

    ws: WriteOnlyWorksheet
    columns: Sequence[Column]
    last_row: int

    @cached_property
    def wrapped(self) -> list[tuple[int, float]]:
        """(index, width) of the columns whose text wraps."""
        return [(i, c.width) for i, c in enumerate(self.columns) if c.kind == "wrap"]


class _StyledCell(Cell):
    """A write-only cell in one of the book's styles, with its value already bound: it
    shares its style's array (never changed once built) and looks up the array's index
    among the workbook's cell styles once per style instead of once per cell."""

    __slots__ = ("_shared",)

    def __init__(self, ws: WriteOnlyWorksheet, style: _Style, value: object, data_type: str):
        # Cell.__init__ copies the style array and binds the value again.
        self.parent = ws
        self._style = style.array
        self._shared = style
        self.row = self.column = None
        self._value = value
        self.data_type = data_type
        self._hyperlink = None
        self._comment = None

    @property
    def style_id(self) -> int:
        if self._shared.id is None:
            self._shared.id = super().style_id
        return self._shared.id


class _PrintSheet(WriteOnlyWorksheet):
    """A write-only sheet whose rows are lists of cells, always.

    openpyxl's append tries each item of a row as a plain value first (an exception for
    each cell) before it takes it as a cell; here each cell is only given its place."""

    def _values_to_row(self, values, row_idx):
        for column, cell in enumerate(values, start=1):
            cell.column = column
            cell.row = row_idx
            yield cell


class PrintBook:
    """A write-only workbook of print-ready tables and the named cell styles they share."""

    def __init__(self) -> None:
        self.workbook = Workbook(write_only=True)
        self._named_styles: dict[tuple[str, str | None], NamedStyle] = {}
        self._styles: dict[tuple[str, str | None, str, bool], _Style] = {}
        self._row_heights: dict[int, RowDimension] = {}

    def save(self, stream: IO[bytes]) -> None:
        self.workbook.save(stream)

    def open_sheet(
        self,
        name: str,
        columns: Sequence[Column],
        *,
        title: str,
        subtitle: str,
        frozen_columns: int,
    ) -> Sheet:
        """A sheet with its title, subtitle and header rows. Write-only mode writes widths,
        panes and print settings ahead of the rows, so they are set before any append."""
        ws = _PrintSheet(parent=self.workbook, title=name)
        self.workbook._add_sheet(ws)
        for index, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.freeze_panes = f"{get_column_letter(frozen_columns + 1)}{HEADER_ROW + 1}"
        ws.print_title_rows = f"1:{HEADER_ROW}"
        width = sum(column.width for column in columns)
        # Upright when the table fits across A4 at full size, else landscape.
        upright = width <= PORTRAIT_WIDTH_CHARS
        ws.page_setup.orientation = (
            Worksheet.ORIENTATION_PORTRAIT if upright else Worksheet.ORIENTATION_LANDSCAPE
        )
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0  # as many pages tall as the rows need
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.55
        # The page number sits 0.3 inch from the edge, clear of the table above it.
        ws.page_margins.header = ws.page_margins.footer = 0.3
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"

        # The title and subtitle span the table's printed width (merged) and wrap there,
        # so neither is cut at the table's right edge.
        last = get_column_letter(len(columns))
        for row in (1, 2):
            ws.merged_cells.add(f"A{row}:{last}{row}")
        title_lines = line_count(title, width / 1.6)  # 16-pt characters, 1.6 times as wide
        ws.row_dimensions[1].height = title_lines * TITLE_LINE_HEIGHT + 2
        subtitle_lines = line_count(subtitle, width)
        if subtitle_lines > 1:
            ws.row_dimensions[2].height = subtitle_lines * LINE_HEIGHT + 3
        header_lines = max(line_count(column.title, column.width) for column in columns)
        if header_lines > 1:
            ws.row_dimensions[HEADER_ROW].height = header_lines * LINE_HEIGHT + 3
        ws.append([self._cell(ws, title, "title")])
        ws.append([self._cell(ws, subtitle, "subtitle")])
        ws.append([self._cell(ws, column.title, "header") for column in columns])
        return Sheet(ws, columns, HEADER_ROW)

    def break_page(self, sheet: Sheet) -> None:
        """Start a new printed page after the last row written (the title and header rows
        repeat on it)."""
        if sheet.last_row > HEADER_ROW:
            # Onto the list itself: RowBreak.append assigns a copy, which checks every
            # break already there again (quadratic in the sheet's page breaks).
            sheet.ws.row_breaks.brk.append(Break(id=sheet.last_row))

    def append(self, sheet: Sheet, row: Row) -> None:
        ws, values = sheet.ws, row.values
        sheet.last_row += 1
        lines = 1
        for index, width in sheet.wrapped:
            value = values[index]
            if isinstance(value, str):
                lines = max(lines, line_count(value, width))
        if lines > 1:
            # Neither Excel nor LibreOffice grows a row for wrapped text on opening a
            # file, so the row is given the height its longest narrative needs.
            ws.row_dimensions[sheet.last_row] = self._row_height(ws, lines)
        cells = []
        styles = self._styles
        for column, value in zip(sheet.columns, values, strict=True):
            band = row.band if column.banded else None
            if isinstance(value, str):
                # A text cell (the most common), as _cell writes it; a text in a percent
                # column is e.g. a rank "r/N".
                kind = "center" if column.kind == "percent" else column.kind
                value = clean_text(value)
                quoted = value.startswith(FORMULA_PREFIXES)
                style = styles.get((kind, band, "", quoted))
                if style is None:
                    style = self._style(ws, kind, band, "", quoted)
                cells.append(_StyledCell(ws, style, value, "s"))
            elif isinstance(value, Number):
                cells.append(self._cell(ws, value.value, column.kind, band, value.number_format))
            else:
                cells.append(self._cell(ws, value, column.kind, band))
        ws.append(cells)
        # Written with the row; dropped so memory stays flat however many rows follow.
        ws.row_dimensions.pop(sheet.last_row, None)

    def _row_height(self, ws: WriteOnlyWorksheet, lines: int) -> RowDimension:
        """The dimension of a row `lines` lines tall, shared by all rows of that height (the
        writer only reads its height) rather than built for each row."""
        if lines not in self._row_heights:
            height = min(lines * LINE_HEIGHT + 3, MAX_ROW_HEIGHT)
            self._row_heights[lines] = RowDimension(ws, ht=height)
        return self._row_heights[lines]

    def _cell(
        self,
        ws: WriteOnlyWorksheet,
        value: object,
        kind: str,
        band: str | None = None,
        number_format: str = "",
    ) -> Cell:
        quoted = False
        if isinstance(value, str):
            value = clean_text(value)
            # Text starting with = + - @ gets a quote prefix, so it stays text when someone
            # edits the cell.
            quoted = value.startswith(FORMULA_PREFIXES)
        style = self._style(ws, kind, band, number_format, quoted)
        if isinstance(value, TIME_TYPES):
            # Binding a date gives the cell a date format if its style has none, so this
            # cell looks its style up when it is written.
            return Cell(ws, row=1, column=1, value=value, style_array=style.array)
        if isinstance(value, str):
            # Stored as it is: openpyxl's value setter would turn "=…" into a formula and
            # "#N/A" into an error, and check again the text clean_text has just cleaned.
            return _StyledCell(ws, style, value, "s")
        cell = _StyledCell(ws, style, None, "n")
        cell._bind_value(value)  # a number's type, as openpyxl's value setter binds it
        return cell

    def _style(
        self,
        ws: WriteOnlyWorksheet,
        kind: str,
        band: str | None,
        number_format: str = "",
        quoted: bool = False,
    ) -> _Style:
        """Named style "晒比会 <kind> <band>" (registered on first use) with the cell's own
        number format and quote prefix, built once per combination."""
        key = (kind, band, number_format, quoted)
        if key not in self._styles:
            named = self._named_styles.get((kind, band))
            if named is None:
                named = _named_style(f"晒比会 {kind} {band or ''}".rstrip(), kind, band)
                self.workbook.add_named_style(named)
                self._named_styles[kind, band] = named
            # A cell's style descriptors find the workbook's number-format index.
            probe = Cell(ws, style_array=named.as_tuple())
            if number_format:
                probe.number_format = number_format
            probe.quotePrefix = quoted
            self._styles[key] = _Style(probe._style)
        return self._styles[key]


# -- styles -----------------------------------------------------------------------------

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HORIZONTAL = {
    "text": "left",
    "wrap": "left",
    "center": "center",
    "int": "center",
    "date": "center",
    "datetime": "center",
}


def _named_style(name: str, kind: str, band: str | None) -> NamedStyle:
    style = NamedStyle(name=name)
    style.font = Font(name="宋体", size=SMALLEST_FONT)
    if kind == "title":
        style.font = Font(name="黑体", size=16, bold=True)
        style.alignment = Alignment(vertical="center", wrap_text=True)
        return style
    if kind == "subtitle":
        # No smaller than the table: a sheet shrunk to fit its width prints it at 8 pt too.
        style.font = Font(name="宋体", size=SMALLEST_FONT, color="595959")
        style.alignment = Alignment(vertical="top", wrap_text=True)
        return style
    style.border = _BORDER
    if kind == "header":
        style.font = Font(name="黑体", size=SMALLEST_FONT, bold=True)
        style.fill = PatternFill("solid", fgColor=HEADER_FILL)
        style.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        return style
    style.alignment = Alignment(
        horizontal=_HORIZONTAL.get(kind, "right"), vertical="center", wrap_text=kind == "wrap"
    )
    style.number_format = NUMBER_FORMATS.get(kind, "General")
    if band:
        style.fill = PatternFill("solid", fgColor=BAND_FILLS[band])
    return style
