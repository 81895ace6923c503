"""排位靠后: one definition (the rulebook's lagging band) for the plain boards."""

import datetime

import pytest

from scoring.boarddata import ItemRow, MonthBoards


def _row(code: str, rule: str, band: str) -> ItemRow:
    return ItemRow(
        *("X", "行动", code, "事项", "indicator", "district", "A01", "单位", "", ""),
        target=None,
        rule=rule,
        score=0,
        band=band,
        missing=False,
        overdue=False,
    )


@pytest.mark.parametrize(
    ("rule", "band", "lagging"),
    [
        ("rank", "red", True),
        ("target", "red", True),
        ("status", "red", True),
        ("rank", "yellow", False),
        ("rank", "green", False),
        ("target", "yellow", False),
    ],
)
def test_it_calls_every_red_item_lagging(rule, band, lagging):
    boards = MonthBoards("2022-03", "莲都区", True, 1, datetime.datetime(2022, 4, 1))
    boards.items = [_row("I-1", rule, band)]
    assert [row.item_code for row in boards.lagging] == (["I-1"] if lagging else [])
