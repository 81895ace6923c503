"""Column widths and line counts for the print-ready sheets (meetings.exports.sheets):
how wide each column of a table should be for its content, and how many printed lines
a text takes at a width, measured as LibreOffice prints 10-pt text."""

from __future__ import annotations

import datetime
import functools
import math
from collections.abc import Sequence
from decimal import Decimal

from .cells import NUMBER_FORMATS, Column, Number, Row

# A4 landscape less the 0.4-inch side margins holds this many characters of column width
# at 100 %: LibreOffice prints a character of width as 7 pt (measured on its PDF). Fit to
# width shrinks a wider sheet; each sheet stays narrow enough that its 10-pt text prints
# at 8 pt or more (a print scale of 80 % at least).
PRINTABLE_WIDTH_CHARS = (841.9 - 2 * 0.4 * 72) / 7
PORTRAIT_WIDTH_CHARS = (595.3 - 2 * 0.4 * 72) / 7  # a sheet this narrow prints upright
SMALLEST_FONT = 10
SMALLEST_PRINTED_FONT = 8
# The widest a sheet may be and still print its 10-pt text at 8 pt on A4 landscape.
WIDEST_TABLE_CHARS = PRINTABLE_WIDTH_CHARS * SMALLEST_FONT / SMALLEST_PRINTED_FONT
# Characters of column width a 10-pt character prints as (LibreOffice prints a width
# character as 7 pt): a CJK one 1.43, a digit or Latin letter of its fallback font up to
# 0.91; counted a little wider, as lines break short of the edge.
CJK_WIDTH, LATIN_WIDTH = 1.5, 0.95
CELL_PADDING = 1.5  # characters of width a cell keeps clear of its borders
NARROWEST_NARRATIVE = 7.0  # a wrapped column never gets narrower than this
FIT_SAMPLE_ROWS = 400  # rows of a long table the narrative widths are fitted on


def print_scale(columns: Sequence[Column]) -> float:
    """The scale fit to width prints a sheet of these columns at (1 at most)."""
    return min(1.0, PRINTABLE_WIDTH_CHARS / sum(column.width for column in columns))


def fit_columns(columns: Sequence[Column], rows: Sequence[Row]) -> tuple[Column, ...]:
    """`columns` as wide as the rows' content: a figure, code or date column as wide as
    its widest cell (its given width the most, its header wrapped to two lines the
    least); the narrative (wrap) columns share what is left of the widest table that
    still prints at 8 pt, a character of width at a time to the column where it saves
    the most printed lines, none wider than its longest paragraph needs on one line."""
    if not rows:
        return tuple(columns)  # nothing to measure: the widths the sheet was designed with
    widths: dict[int, float] = {}
    narrative: dict[int, list[list[float]]] = {}  # index: each row's paragraphs' widths
    # The narrative is shared out on an even sample of a long table's rows: as good an
    # estimate, at a bounded cost.
    sample = rows[:: max(1, len(rows) // FIT_SAMPLE_ROWS)]
    for index, column in enumerate(columns):
        if column.kind == "wrap":
            narrative[index] = [_paragraphs(row.values[index]) for row in sample]
            continue
        shown_as = NUMBER_FORMATS.get(column.kind, "0.00")
        longest = max((text_width(row.values[index], shown_as) for row in rows), default=0.0)
        header = text_width(column.title) / 2
        widths[index] = round(max(min(column.width, max(longest, header) + CELL_PADDING), 4.0), 1)
    budget = WIDEST_TABLE_CHARS - sum(widths.values()) - NARROWEST_NARRATIVE * len(narrative)
    wide = {
        index: max((max(p, default=0.0) for p in texts), default=0.0) + CELL_PADDING
        for index, texts in narrative.items()
    }
    widths.update(dict.fromkeys(narrative, NARROWEST_NARRATIVE))
    lines = {index: [_lines(p, widths[index]) for p in texts] for index, texts in narrative.items()}
    # What one character more would give each column: its rows whose line count drops,
    # with the new count. Kept until that column is widened.
    fewer = {
        index: _fewer_lines(texts, lines[index], widths[index])
        for index, texts in narrative.items()
    }
    # Each row's tallest column and the lines of the next tallest (1 where there is none).
    tallest = [_tallest(lines, row) for row in range(len(sample))]
    while budget >= 1 and narrative:
        # A row is only as tall as its tallest column, so widening a column saves lines on
        # a row where it is the tallest and drops below the next tallest no further.
        best, best_saving = None, 0
        for index in narrative:
            if widths[index] + 1 > wide[index]:
                continue
            own, saving = lines[index], 0
            for row, new in fewer[index]:
                top_index, second = tallest[row]
                if top_index == index:
                    saving += own[row] - (new if new > second else second)
            if best is None or saving > best_saving:
                best, best_saving = index, saving
        if best is None:
            break
        widths[best] += 1
        for row, new in fewer[best]:
            lines[best][row] = new
            tallest[row] = _tallest(lines, row)
        fewer[best] = _fewer_lines(narrative[best], lines[best], widths[best])
        budget -= 1
    return tuple(
        Column(column.title, round(widths[index], 1), column.kind, column.banded)
        for index, column in enumerate(columns)
    )


def text_width(value: object, number_format: str = "0.00") -> float:
    """Characters of column width `value` takes on one line, as shown (measured as
    `line_count` measures); a plain number in `number_format`."""
    if value is None:
        return 0.0
    if isinstance(value, Number):
        return _units(_shown_number(value.value, value.number_format))
    if isinstance(value, datetime.datetime):
        return _units("2022-03-31 12:00")
    if isinstance(value, datetime.date):
        return _units("2022-03-31")
    if isinstance(value, float | int | Decimal) and not isinstance(value, bool):
        return _units(_shown_number(Decimal(str(value)), number_format))
    return max(_paragraphs(value), default=0.0)


def _shown_number(value: Decimal, number_format: str) -> str:
    """About how a number prints in its format: '#,##0.00 "亿元"' → 1,234.50 亿元,
    '0.0%' → 95.3%."""
    unit, places, percent = _number_layout(number_format)
    if percent:
        return f"{value * 100:,.{places}f}%"
    return f"{value:,.{places}f} {unit}".strip()


@functools.cache
def _number_layout(number_format: str) -> tuple[str, int, bool]:
    """A number format's unit, decimal places and whether it is a percentage."""
    unit = number_format.split('"')[1] if '"' in number_format else ""
    pattern = number_format.split('"')[0].strip()
    places = len(pattern.split(".")[1].rstrip("%")) if "." in pattern else 0
    return unit, places, pattern.endswith("%")


def _paragraphs(value: object) -> list[float]:
    """The width of each line of a text cell; none for a cell that is not text."""
    if not isinstance(value, str):
        return []
    return [_units(part) for part in value.split("\n")]


def _fewer_lines(texts: list[list[float]], lines: list[int], width: float) -> list[tuple[int, int]]:
    """(row, lines) of the rows that wrap to fewer lines at `width` + 1 than the `lines`
    they take at `width`."""
    wider = width + 1
    return [
        (row, new)
        for row, (paragraphs, old) in enumerate(zip(texts, lines, strict=True))
        if (new := _lines(paragraphs, wider)) < old
    ]


def _tallest(lines: dict[int, list[int]], row: int) -> tuple[int, int]:
    """A row's tallest column (the first of equals) and the lines of the next tallest,
    1 where there is no other column."""
    top_index, top, second = -1, 0, 1
    for index, column in lines.items():
        height = column[row]
        if height > top:
            top_index, top, second = index, height, max(top, second)
        elif height > second:
            second = height
    return top_index, second


def _lines(paragraphs: list[float], width: float) -> int:
    """Lines paragraphs of these widths wrap to in a column `width` wide (as
    `line_count` counts them)."""
    per_line = max(width - CELL_PADDING, 1)
    total = 0
    for units in paragraphs:
        count = math.ceil(units / per_line)
        total += count if count > 1 else 1
    return total or 1


def _units(text: str) -> float:
    """Characters of column width `text` prints as on one line. UTF-8 spends 3 bytes on
    a CJK character and 1 on ASCII, so the byte count tells them apart at C speed."""
    wide = (len(text.encode()) - len(text)) / 2
    return wide * CJK_WIDTH + (len(text) - wide) * LATIN_WIDTH


def line_count(text: str, width: float) -> int:
    """Lines `text` wraps to in a column `width` characters wide (CJK_WIDTH and
    LATIN_WIDTH a character), so a row is rather a little too tall than cut off."""
    per_line = max(width - 1.5, 1)
    return sum(max(1, math.ceil(_units(part) / per_line)) for part in text.split("\n"))
