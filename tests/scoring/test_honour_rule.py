"""红榜 and 警示榜 of a unit group: the pure rule and a whole month — no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from scoring.figures import honour_and_warning
from scoring.rulebook import ActionFacts, ItemFacts, ReportFacts, UnitFacts, score_month

LETTERS = "abcdefghij"


@pytest.mark.parametrize(
    ("ranks", "missing", "overdue", "honour", "warning"),
    [
        ([], "", "", "", ""),
        ([1], "", "", "a", ""),
        ([1, 2], "", "", "ab", ""),
        ([1, 2, 3], "", "", "abc", ""),
        ([1, 1, 1], "", "", "abc", ""),
        ([1, 2, 3, 4], "", "", "abc", "d"),
        ([1, 2, 3, 4, 5], "", "", "abc", "de"),
        ([1, 2, 3, 4, 5, 6], "", "", "abc", "def"),
        ([1, 2, 3, 4, 5, 6, 7], "", "", "abc", "efg"),
        ([1, 2, 2, 4, 5, 6, 7, 8], "", "", "abc", "fgh"),
        ([1, 1, 1, 1, 5, 6, 7, 8], "", "", "abcd", "fgh"),  # a tie at the top widens 红榜
        ([1, 2, 3, 4, 5, 5, 5, 5], "", "", "abc", ""),  # rank 5 is not above n - 3 = 5
        ([1, 2, 3, 4, 5, 6, 6, 8], "", "", "abc", "fgh"),
        ([1, 2, 3, 4, 4, 4, 7, 8], "", "", "abc", "gh"),
        ([1, 2, 2, 2, 2, 2], "", "", "abcdef", ""),  # everyone ties into 红榜
        ([1, 2, 3, 3, 3], "", "", "abcde", ""),
        ([1, 1, 1, 1], "", "", "abcd", ""),
        # 未报送 keeps a unit off 红榜 and puts it on 警示榜 wherever it ranks.
        ([1, 2, 3, 4, 5, 6, 7, 8], "a", "", "bc", "afgh"),
        ([1, 2, 3, 4, 5, 6, 7, 8], "d", "", "abc", "dfgh"),
        ([1, 2, 3, 4, 5, 6, 7, 8], "h", "", "abc", "fgh"),
        # 逾期 keeps a unit off 红榜 only; it goes to 警示榜 only by rank.
        ([1, 2, 3, 4, 5, 6, 7, 8], "", "b", "ac", "fgh"),
        ([1, 2, 3], "", "c", "ab", "c"),  # small group: by rank on both, kept off 红榜
        ([1, 2, 3], "", "a", "bc", "a"),  # in a group of three every rank is above n - 3
        ([1, 2], "b", "", "a", "b"),
        # Most units have not reported and tie at 0.00 behind the ones who did.
        ([1, 2, 3, 3, 3, 3, 3, 3], "defgh", "", "abc", "defgh"),
        ([1, 1, 1, 1, 1], "abcde", "", "", "abcde"),
        ([1, 1, 1, 1, 1, 1], "bcdef", "a", "", "bcdef"),
    ],
)
def test_it_picks_honour_and_warning(ranks, missing, overdue, honour, warning):
    ranked = list(zip(LETTERS, ranks, strict=False))
    assert honour_and_warning(ranked, missing=set(missing), overdue=set(overdue)) == (
        list(honour),
        list(warning),
    )


def test_it_never_puts_a_unit_on_both_boards():
    for n in range(0, 9):
        for flagged in range(0, n + 1):
            ranked = list(zip(LETTERS, range(1, n + 1), strict=False))
            missing = set(LETTERS[:flagged])
            honour, warning = honour_and_warning(ranked, missing=missing, overdue=set())
            assert not set(honour) & set(warning)
            assert missing <= set(warning)
            assert not missing & set(honour)


def _task(item_id: int, unit_id: int, *, level="district", deadline=None) -> ItemFacts:
    return ItemFacts(
        item_id=item_id,
        code=f"I{item_id:02}",
        kind="task",
        level=level,
        cadence="monthly",
        target=None,
        direction="positive",
        cumulative=False,
        deadline=deadline,
        weight=Decimal("1"),
        lead_unit_id=unit_id,
        action_id=1,
    )


def _entries(items, reports, units, month=3):
    result = score_month(
        2024, month, items, reports, units, [ActionFacts(1, "A1")], [], previous_ranks={}
    )
    return {
        (entry.board, entry.unit_id): (entry.rank, entry.honour, entry.warning)
        for entry in result.unit_entries
    }


def test_a_preview_where_most_units_have_not_reported_has_no_unreported_unit_on_honour():
    units = [UnitFacts(n, f"U{n:02}", "department") for n in range(1, 9)]
    items = [_task(n, n) for n in range(1, 9)]
    reports = {1: ReportFacts(None, None, None, "behind"), 2: ReportFacts(None, None, None, "done")}
    entries = _entries(items, reports, units)
    honour = {unit for (_board, unit), (_rank, on, _warn) in entries.items() if on}
    warning = {unit for (_board, unit), (_rank, _on, warn) in entries.items() if warn}
    assert honour == {1, 2}
    assert warning == {3, 4, 5, 6, 7, 8}
    assert entries[("district", 3)][0] == 3  # tied at 0.00 in third place, still not 红榜


def test_a_flag_on_another_board_counts_for_the_month():
    units = [UnitFacts(n, f"U{n:02}", "department") for n in range(1, 5)]
    done = ReportFacts(None, None, None, "done")
    items = [_task(n, n, level="city") for n in range(1, 5)]
    items.append(_task(9, 1, level="district"))  # unit 1's district item is not reported
    items.append(_task(10, 2, level="district", deadline=date(2024, 1, 31)))  # 逾期
    reports = {n: done for n in range(1, 5)}
    reports[10] = ReportFacts(None, None, None, "behind")
    entries = _entries(items, reports, units)
    assert entries[("city", 1)] == (1, False, True)  # 未报送 that month: 警示榜 on every board
    assert entries[("city", 2)] == (1, False, False)  # 逾期 that month: off 红榜 only
    assert entries[("city", 3)] == (1, True, False)


def test_the_pages_the_big_screen_and_the_workbook_share_the_two_colours():
    from pathlib import Path

    from meetings.exports.sheets import BAND_FILLS

    css = (Path(__file__).resolve().parents[2] / "static/css/showcase.css").read_text()
    assert f"--sb-honour-bg: #{BAND_FILLS['honour'].lower()};" in css  # 红榜 red
    assert f"--sb-warning-bg: #{BAND_FILLS['warning'].lower()};" in css  # 警示榜 amber
    screen = (Path(__file__).resolve().parents[2] / "static/css/meetings.css").read_text()
    assert "tr.screen-honour td { background: var(--sb-honour-bg);" in screen
    assert "tr.screen-warning td { background: var(--sb-warning-bg);" in screen
