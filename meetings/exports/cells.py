"""The plain parts of a print-ready table (meetings.exports.sheets): its columns, its
rows, a number with its own format, and the number format of each kind of column."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple


@dataclass(frozen=True)
class Column:
    """One table column: its header text, print width and how its cells look.

    `kind` picks the cell style: text, wrap (narrative, wrapped), center, int, score,
    value, percent, date or datetime (naive, local time). `banded` columns take the
    row's green/yellow/red fill.
    """

    title: str
    width: float
    kind: str = "text"
    banded: bool = False


class Number(NamedTuple):
    """A numeric cell with its own number format (values keep their decimals and unit)."""

    value: Decimal
    number_format: str


class Row(NamedTuple):
    values: Sequence[object]
    band: str | None = None  # green / yellow / red fill for the banded columns


NUMBER_FORMATS = {
    "int": "0",
    "score": "0.00",
    "value": "#,##0.00",
    "percent": "0.0%",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}
