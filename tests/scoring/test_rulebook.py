"""Tests of the scoring rulebook (计分规则), docs/rulebook.md — pure values, no database."""

from __future__ import annotations

import dataclasses
import random
import subprocess
import sys
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.rulebook import (
    ActionEntry,
    ActionFacts,
    BonusFacts,
    ItemFacts,
    ReportFacts,
    UnitFacts,
    cadences_due_in,
    competition_rank,
    is_due,
    movement,
    round_half_up,
    rule_for,
    rule_of,
    score_item,
    score_month,
    weighted_mean,
)

D = Decimal


def _item(**overrides) -> ItemFacts:
    facts = {
        "item_id": 1,
        "code": "I01",
        "kind": "task",
        "level": "district",
        "cadence": "monthly",
        "target": None,
        "direction": "positive",
        "cumulative": False,
        "deadline": None,
        "weight": D("1"),
        "lead_unit_id": 1,
        "action_id": 1,
    }
    facts.update(overrides)
    return ItemFacts(**facts)


def _report(value=None, rank=None, peer_count=None, progress=None) -> ReportFacts:
    return ReportFacts(value=value, rank=rank, peer_count=peer_count, progress=progress)


def _rank_item(**overrides) -> ItemFacts:
    return _item(kind="indicator", level="province", **overrides)


def _target_item(target, direction="positive", cumulative=False, **overrides) -> ItemFacts:
    return _item(
        kind="indicator",
        level="district",
        target=D(target),
        direction=direction,
        cumulative=cumulative,
        **overrides,
    )


def test_it_imports_nothing_from_django():
    # The rulebook must stay testable and callable without settings or a database.
    probe = (
        "import sys, scoring.rulebook; sys.exit(any(m.startswith('django') for m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", probe], cwd=root).returncode == 0


# --- which rule, when due -------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "level", "target", "rule"),
    [
        ("indicator", "province", None, "rank"),
        ("indicator", "province", D("10"), "rank"),
        ("indicator", "city", None, "rank"),
        ("indicator", "city", D("10"), "rank"),
        ("indicator", "district", D("10"), "target"),
        ("indicator", "district", D("0"), "target"),
        ("indicator", "district", None, "status"),
        ("project", "province", D("10"), "status"),
        ("project", "district", D("10"), "status"),
        ("task", "city", None, "status"),
        ("task", "district", D("10"), "status"),
    ],
)
def test_it_picks_the_rule_from_the_item(kind, level, target, rule):
    assert rule_for(_item(kind=kind, level=level, target=target)) == rule
    assert rule_of(kind, level, target is not None) == rule


@pytest.mark.parametrize(
    ("cadence", "due_months"),
    [
        ("monthly", set(range(1, 13))),
        ("quarterly", {3, 6, 9, 12}),
        ("yearly", {12}),
    ],
)
def test_it_knows_the_due_months_of_each_cadence(cadence, due_months):
    assert {month for month in range(1, 13) if is_due(cadence, month)} == due_months


@pytest.mark.parametrize(
    ("month", "cadences"),
    [
        (1, ["monthly"]),
        (2, ["monthly"]),
        (3, ["monthly", "quarterly"]),
        (6, ["monthly", "quarterly"]),
        (11, ["monthly"]),
        (12, ["monthly", "quarterly", "yearly"]),
    ],
)
def test_it_lists_the_cadences_due_in_a_month(month, cadences):
    assert cadences_due_in(month) == cadences


@pytest.mark.parametrize(("cadence", "month"), [("weekly", 1), ("monthly", 0), ("yearly", 13)])
def test_it_rejects_unknown_cadence_or_month(cadence, month):
    with pytest.raises(ValueError):
        is_due(cadence, month)


# --- exact rounding -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(12345, 1000), 2, "12.35"),
        (Fraction(-12345, 1000), 2, "-12.35"),
        (Fraction(12344999, 1000000), 2, "12.34"),
        (Fraction(1, 3), 2, "0.33"),
        (Fraction(2, 3), 2, "0.67"),
        (Fraction(-2, 3), 2, "-0.67"),
        (Fraction(-4, 1000), 2, "0.00"),
        (Fraction(100), 2, "100.00"),
        (Fraction(30, 33), 4, "0.9091"),
        (Fraction(5, 100000), 4, "0.0001"),
    ],
)
def test_it_rounds_fractions_half_away_from_zero(value, places, expected):
    assert str(round_half_up(value, places)) == expected


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=6))
def test_it_rounds_like_decimal_round_half_up(value):
    assert round_half_up(Fraction(value)) == value.quantize(D("0.01"), ROUND_HALF_UP)


# --- rank rule ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rank", "peer_count", "score", "band"),
    [
        (1, 1, "100.00", "green"),  # N = 1: alone is first
        (1, 2, "100.00", "green"),
        (2, 2, "60.00", "red"),
        (2, 3, "80.00", "yellow"),
        (3, 3, "60.00", "red"),
        (2, 4, "86.67", "green"),  # ceil(4/3) = 2
        (3, 4, "73.33", "red"),  # 3 > 4 - 2
        (3, 5, "80.00", "yellow"),
        (1, 26, "100.00", "green"),  # r = 1
        (9, 26, "87.20", "green"),  # ceil(26/3) = 9
        (10, 26, "85.60", "yellow"),
        (17, 26, "74.40", "yellow"),  # 17 = 26 - 9 is not > 26 - 9
        (18, 26, "72.80", "red"),
        (26, 26, "60.00", "red"),  # r = N
        (2, 321, "99.88", "green"),  # exactly 99.875 -> half up
    ],
)
def test_it_scores_rank_items(rank, peer_count, score, band):
    result = score_item(_rank_item(), _report(rank=rank, peer_count=peer_count), 2024, 5)
    assert (result.rule, result.score, result.band) == ("rank", D(score), band)
    assert (result.missing, result.overdue, result.expected, result.completion) == (
        False,
        False,
        None,
        None,
    )
    assert (result.rank, result.peer_count) == (rank, peer_count)


@pytest.mark.parametrize(
    ("rank", "peer_count"),
    [(None, 26), (3, None), (None, None), (0, 26), (27, 26), (1, 0), (-1, 5)],
)
def test_it_scores_an_incomplete_rank_report_zero_without_calling_it_missing(rank, peer_count):
    result = score_item(_rank_item(), _report(rank=rank, peer_count=peer_count), 2024, 5)
    assert (result.score, result.band, result.missing) == (D("0.00"), "red", False)


def test_it_ignores_the_deadline_of_a_rank_item():
    item = _rank_item(deadline=date(2024, 1, 1))
    result = score_item(item, _report(rank=1, peer_count=11), 2024, 5)
    assert (result.score, result.band, result.overdue) == (D("100.00"), "green", False)


# --- target rule ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "cumulative", "target", "month", "value", "score", "band", "e", "c"),
    [
        # cumulative vs level: E = 120 * 3/12 = 30, c = 27/30
        ("positive", True, "120", 3, "27", "90.00", "yellow", "30.0000", "0.9000"),
        ("positive", False, "120", 3, "27", "22.50", "red", "120.0000", "0.2250"),
        ("positive", True, "120", 12, "120", "100.00", "green", "120.0000", "1.0000"),
        ("positive", False, "100", 6, "150", "100.00", "green", "100.0000", "1.5000"),
        ("positive", False, "100", 6, "89.99", "89.99", "red", "100.0000", "0.8999"),
        # exact S = 12.345 -> 12.35 (a banker's rounding would give 12.34)
        ("positive", False, "1000", 1, "123.45", "12.35", "red", "1000.0000", "0.1235"),
        # E = 100 * 7/12 is not a finite decimal; exact S = 60.015 -> 60.02
        ("positive", True, "100", 7, "35.00875", "60.02", "red", "58.3333", "0.6002"),
        # negative growth against a positive target: c < 0, clamped to 0
        ("positive", False, "8", 4, "-2.5", "0.00", "red", "8.0000", "-0.3125"),
        # zero target: c = 1 when A >= E, else 0
        ("positive", False, "0", 4, "0", "100.00", "green", "0.0000", "1.0000"),
        ("positive", False, "0", 4, "3.2", "100.00", "green", "0.0000", "1.0000"),
        ("positive", False, "0", 4, "-0.1", "0.00", "red", "0.0000", "0.0000"),
        # negative target (e.g. a decline of at most 5%)
        ("positive", False, "-5", 4, "-3", "100.00", "green", "-5.0000", "1.0000"),
        ("positive", False, "-5", 4, "-5", "100.00", "green", "-5.0000", "1.0000"),
        ("positive", False, "-5", 4, "-6", "0.00", "red", "-5.0000", "0.0000"),
        ("positive", True, "-12", 6, "-6", "100.00", "green", "-6.0000", "1.0000"),
        # 逆向 (lower is better): PM2.5 target 30, value 33 -> c = 30/33
        ("negative", False, "30", 9, "33", "90.91", "yellow", "30.0000", "0.9091"),
        ("negative", False, "30", 9, "30", "100.00", "green", "30.0000", "1.0000"),
        ("negative", False, "30", 9, "27", "100.00", "green", "30.0000", "1.1111"),
        ("negative", False, "30", 9, "40", "75.00", "red", "30.0000", "0.7500"),
        ("negative", True, "360", 1, "33", "90.91", "yellow", "30.0000", "0.9091"),
        # 逆向 with A <= 0: c = 1
        ("negative", False, "30", 9, "0", "100.00", "green", "30.0000", "1.0000"),
        ("negative", False, "30", 9, "-4", "100.00", "green", "30.0000", "1.0000"),
        ("negative", False, "0", 9, "0", "100.00", "green", "0.0000", "1.0000"),
        ("negative", False, "0", 9, "2", "0.00", "red", "0.0000", "0.0000"),
    ],
)
def test_it_scores_target_items(direction, cumulative, target, month, value, score, band, e, c):
    item = _target_item(target, direction, cumulative)
    result = score_item(item, _report(value=D(value)), 2024, month)
    assert (result.rule, result.score, result.band) == ("target", D(score), band)
    assert (str(result.expected), str(result.completion)) == (e, c)
    assert (result.missing, result.overdue, result.value) == (False, False, D(value))


def test_it_scores_a_target_report_without_value_zero():
    result = score_item(_target_item("120", cumulative=True), _report(), 2024, 3)
    assert (result.score, result.band, result.missing) == (D("0.00"), "red", False)
    assert (result.expected, result.completion) == (D("30.0000"), None)


def test_it_rejects_an_unknown_direction():
    with pytest.raises(ValueError):
        score_item(_target_item("10", direction="sideways"), _report(value=D("1")), 2024, 1)


# --- status rule and 逾期 -------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "progress", "score", "band"),
    [
        ("project", "done", "100.00", "green"),
        ("project", "on_track", "100.00", "green"),
        ("task", "behind", "60.00", "yellow"),
        ("task", None, "0.00", "red"),
    ],
)
def test_it_scores_status_items(kind, progress, score, band):
    result = score_item(_item(kind=kind), _report(progress=progress), 2024, 6)
    assert (result.rule, result.score, result.band) == ("status", D(score), band)
    assert (result.missing, result.overdue, result.progress) == (False, False, progress)


@pytest.mark.parametrize(
    ("deadline", "progress", "year", "month", "overdue", "score", "band"),
    [
        (date(2024, 3, 31), "on_track", 2024, 3, False, "100.00", "green"),  # last day
        (date(2024, 3, 30), "on_track", 2024, 3, True, "0.00", "red"),  # the day before
        (date(2024, 3, 30), "behind", 2024, 3, True, "0.00", "red"),
        (date(2024, 3, 30), None, 2024, 3, True, "0.00", "red"),
        (date(2024, 2, 28), "on_track", 2024, 2, True, "0.00", "red"),  # leap year
        (date(2024, 2, 29), "on_track", 2024, 2, False, "100.00", "green"),
        (date(2023, 2, 28), "on_track", 2023, 2, False, "100.00", "green"),
        (date(2023, 12, 31), "behind", 2024, 1, True, "0.00", "red"),  # an earlier year
        (date(2024, 1, 15), "done", 2024, 3, False, "100.00", "green"),  # done in time
        (date(2024, 4, 1), "behind", 2024, 3, False, "60.00", "yellow"),  # still ahead
        (None, "behind", 2024, 12, False, "60.00", "yellow"),
    ],
)
def test_it_flags_overdue_status_items(deadline, progress, year, month, overdue, score, band):
    item = _item(kind="project", deadline=deadline)
    result = score_item(item, _report(progress=progress), year, month)
    assert (result.overdue, result.score, result.band) == (overdue, D(score), band)


def test_it_flags_an_unreported_item_past_its_deadline_both_missing_and_overdue():
    item = _item(kind="project", deadline=date(2024, 2, 1))
    result = score_item(item, None, 2024, 3)
    assert (result.score, result.band, result.missing, result.overdue) == (
        D("0.00"),
        "red",
        True,
        True,
    )


def test_it_applies_overdue_to_status_rule_indicators_without_target():
    item = _item(kind="indicator", level="district", target=None, deadline=date(2024, 1, 1))
    result = score_item(item, _report(progress="on_track"), 2024, 2)
    assert (result.rule, result.overdue, result.score) == ("status", True, D("0.00"))


def test_it_rejects_an_unknown_progress_status():
    with pytest.raises(ValueError):
        score_item(_item(), _report(progress="lost"), 2024, 1)


# --- 未报送 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "rule", "expected"),
    [
        (_rank_item(), "rank", None),
        (_target_item("120", cumulative=True), "target", D("30.0000")),
        (_item(kind="task"), "status", None),
    ],
)
def test_it_scores_an_unreported_item_zero_and_flags_it(item, rule, expected):
    result = score_item(item, None, 2024, 3)
    assert (result.rule, result.score, result.band) == (rule, D("0.00"), "red")
    assert (result.missing, result.overdue, result.expected, result.completion) == (
        True,
        False,
        expected,
        None,
    )
    assert (result.value, result.rank, result.peer_count, result.progress) == (
        None,
        None,
        None,
        None,
    )


# --- weighted mean, ranking, movement, 红榜/警示榜 ------------------------------------------


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([], None),
        ([("1", "87.20")], D("87.20")),
        ([("1", "100"), ("1", "60")], D("80.00")),
        ([("1", "100"), ("2", "60")], D("73.33")),
        ([("3", "100"), ("1", "60")], D("90.00")),
        ([("1", "90.00"), ("1", "90.01")], D("90.01")),  # exactly 90.005
        ([("0.5", "100"), ("1.5", "73.33")], D("80.00")),  # exactly 79.9975
        ([("2", "96.00"), ("3", "95.00")], D("95.40")),
        ([("1", "0"), ("1", "0")], D("0.00")),
    ],
)
def test_it_takes_weighted_means(pairs, expected):
    assert weighted_mean((D(w), D(s)) for w, s in pairs) == expected


@pytest.mark.parametrize("weight", ["0", "-1"])
def test_it_refuses_non_positive_weights(weight):
    with pytest.raises(ValueError):
        weighted_mean([(D(weight), D("100"))])


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ([], []),
        ([("a", "50", "A")], [("a", 1)]),
        (
            [("d", "70", "D"), ("b", "90", "B"), ("c", "90", "C"), ("a", "95", "A")],
            [("a", 1), ("b", 2), ("c", 2), ("d", 4)],
        ),
        (  # ties listed by code, not by input order
            [("z", "80", "Z"), ("y", "80", "B"), ("x", "80", "A")],
            [("x", 1), ("y", 1), ("z", 1)],
        ),
        (
            [("a", "100", "A"), ("b", "100.00", "B"), ("c", "99.99", "C"), ("d", "0", "D")],
            [("a", 1), ("b", 1), ("c", 3), ("d", 4)],
        ),
        (
            [("a", "110", "A"), ("b", "-1", "B"), ("c", "60", "C")],
            [("a", 1), ("c", 2), ("b", 3)],
        ),
    ],
)
def test_it_ranks_by_competition_ranking(entries, expected):
    assert competition_rank([(key, D(score), code) for key, score, code in entries]) == expected


@pytest.mark.parametrize(
    ("previous", "rank", "expected"),
    [(5, 3, 2), (3, 5, -2), (4, 4, 0), (None, 1, None)],
)
def test_it_measures_movement_up_down_same_and_new(previous, rank, expected):
    assert movement(previous, rank) == expected


# --- a whole month --------------------------------------------------------------------

D1, D2, D3, T1, T2 = 11, 12, 13, 21, 22
A1, A2, A3, A4 = 1, 2, 3, 4
UNITS = [
    UnitFacts(D1, "D01", "department"),
    UnitFacts(D2, "D02", "department"),
    UnitFacts(D3, "D03", "department"),
    UnitFacts(T1, "T01", "township"),
    UnitFacts(T2, "T02", "township"),
    UnitFacts(99, "X99", "township"),  # leads nothing: on no board despite its bonus
]
ACTIONS = [
    ActionFacts(A1, "A1"),
    ActionFacts(A2, "A2"),
    ActionFacts(A3, "A3"),
    ActionFacts(A4, "A4"),
]
ITEMS = [
    _rank_item(item_id=1, code="P1", lead_unit_id=D1, action_id=A1),
    _rank_item(item_id=2, code="P2", lead_unit_id=D2, action_id=A1),
    _item(
        item_id=3,
        code="C1",
        kind="indicator",
        level="city",
        weight=D("2"),
        lead_unit_id=D1,
        action_id=A2,
    ),
    _target_item("100", item_id=4, code="X1", weight=D("3"), lead_unit_id=D2, action_id=A2),
    _item(item_id=5, code="Q1", kind="project", cadence="quarterly", lead_unit_id=T1, action_id=A4),
    _item(item_id=6, code="K1", lead_unit_id=T1, action_id=A3),
    _item(item_id=7, code="K2", lead_unit_id=T2, action_id=A3),
    _item(item_id=8, code="K3", lead_unit_id=D3, action_id=A3),
    _item(item_id=9, code="Y1", cadence="yearly", lead_unit_id=D3, action_id=A4),
]
REPORTS = {
    1: _report(rank=1, peer_count=26),  # 100.00
    2: _report(rank=26, peer_count=26),  # 60.00
    3: _report(rank=2, peer_count=11),  # 96.00
    4: _report(value=D("95")),  # 95.00
    5: _report(progress="done"),  # not due in January
    6: _report(progress="on_track"),  # 100.00
    7: _report(progress="behind"),  # 60.00
    # 8: 未报送 -> 0.00
}
BONUSES = [
    BonusFacts(D1, D("1.5"), "表扬"),
    BonusFacts(D3, D("2"), "加分"),
    BonusFacts(D3, D("-5"), "通报批评"),  # base 0 - 3 -> floored at 0
    BonusFacts(T2, D("50"), "重大贡献"),  # 60 + 50 -> 110, no cap
    BonusFacts(99, D("10"), "无事项"),
]
PREVIOUS = {
    ("province", D1): 2,
    ("province", D2): 1,
    ("district", D1): 1,
    ("district", T2): 2,
    ("city", D2): 1,  # D2 is not on the city board now: nothing to move
    ("actions", A1): 1,
    ("actions", A2): 2,
}


def _month(month=1, **overrides):
    args = {
        "items": ITEMS,
        "reports": REPORTS,
        "units": UNITS,
        "actions": ACTIONS,
        "bonuses": BONUSES,
        "previous_ranks": PREVIOUS,
    }
    args.update(overrides)
    return score_month(2024, month, **args)


def test_it_scores_only_the_due_items_of_the_month():
    result = _month()
    assert [(s.item_id, s.score, s.band, s.missing) for s in result.item_scores] == [
        (3, D("96.00"), "green", False),
        (6, D("100.00"), "green", False),
        (7, D("60.00"), "yellow", False),
        (8, D("0.00"), "red", True),
        (1, D("100.00"), "green", False),
        (2, D("60.00"), "red", False),
        (4, D("95.00"), "yellow", False),
    ]


@pytest.mark.parametrize(("month", "extra_items"), [(3, {5}), (6, {5}), (11, set()), (12, {5, 9})])
def test_it_adds_quarterly_and_yearly_items_in_their_months(month, extra_items):
    scored = {s.item_id for s in _month(month).item_scores}
    assert scored == {1, 2, 3, 4, 6, 7, 8} | extra_items


def test_it_builds_the_unit_boards():
    entries = _month().unit_entries
    rows = [dataclasses.astuple(e) for e in entries]
    assert rows == [
        ("province", D1, "department", D("100.00"), D("0"), D("100.00"), 1, 1, 1, True, False),
        ("province", D2, "department", D("60.00"), D("0"), D("60.00"), 2, -1, 1, True, False),
        ("city", D1, "department", D("96.00"), D("0"), D("96.00"), 1, None, 1, True, False),
        # (100 + 2*96) / 3 = 97.333 -> 97.33, + 1.5
        ("district", D1, "department", D("97.33"), D("1.5"), D("98.83"), 1, 0, 2, True, False),
        # (60 + 3*95) / 4 = 86.25
        ("district", D2, "department", D("86.25"), D("0"), D("86.25"), 2, None, 2, True, False),
        # D3 left K3 未报送: third place, but 警示榜 instead of 红榜.
        ("district", D3, "department", D("0.00"), D("-3"), D("0.00"), 3, None, 1, False, True),
        ("district", T2, "township", D("60.00"), D("50"), D("110.00"), 1, 1, 1, True, False),
        ("district", T1, "township", D("100.00"), D("0"), D("100.00"), 2, None, 1, True, False),
    ]
    assert {e.score.as_tuple().exponent for e in entries} == {-2}


def test_it_builds_the_actions_board():
    assert _month().action_entries == [
        ActionEntry(action_id=A2, score=D("95.40"), rank=1, item_count=2, movement=1),
        ActionEntry(action_id=A1, score=D("80.00"), rank=2, item_count=2, movement=-1),
        ActionEntry(action_id=A3, score=D("53.33"), rank=3, item_count=3, movement=None),
    ]  # A4 has no due item in January


def test_it_ties_actions_by_code():
    items = [
        _item(item_id=1, code="I1", lead_unit_id=D1, action_id=2),
        _item(item_id=2, code="I2", lead_unit_id=D1, action_id=1),
        _item(item_id=3, code="I3", lead_unit_id=D1, action_id=3),
    ]
    reports = {1: _report(progress="done"), 2: _report(progress="on_track")}
    actions = [ActionFacts(2, "B"), ActionFacts(1, "C"), ActionFacts(3, "A")]
    result = _month(items=items, reports=reports, actions=actions, previous_ranks={})
    assert [(e.action_id, e.score, e.rank) for e in result.action_entries] == [
        (2, D("100.00"), 1),
        (1, D("100.00"), 1),
        (3, D("0.00"), 3),
    ]


def test_it_ranks_ties_and_marks_honour_and_warning_within_a_group():
    progress = ["on_track", "behind", "done", None, "behind", "on_track", "behind"]
    units = [UnitFacts(n, f"U{8 - n}", "department") for n in range(1, 8)]  # codes reversed
    units.append(UnitFacts(8, "T1", "township"))
    items = [_item(item_id=n, code=f"I{n}", lead_unit_id=n) for n in range(1, 9)]
    reports = {n: _report(progress=p) for n, p in enumerate(progress, start=1) if p}
    reports[8] = _report(progress="behind")
    result = _month(items=items, reports=reports, units=units, bonuses=[], previous_ranks={})
    assert [(e.unit_id, e.score, e.rank, e.honour, e.warning) for e in result.unit_entries] == [
        (6, D("100.00"), 1, True, False),  # U2
        (3, D("100.00"), 1, True, False),  # U5
        (1, D("100.00"), 1, True, False),  # U7
        (7, D("60.00"), 4, False, False),  # U1: rank 4 is not above n - 3 = 4
        (5, D("60.00"), 4, False, False),  # U3
        (2, D("60.00"), 4, False, False),  # U6
        (4, D("0.00"), 7, False, True),  # U4: last, and 未报送
        (8, D("60.00"), 1, True, False),  # township ranked on its own
    ]
    assert {e.board for e in result.unit_entries} == {"district"}


def test_it_leaves_a_unit_off_a_board_where_it_has_no_due_item():
    result = _month()
    boards = {(e.board, e.unit_id) for e in result.unit_entries}
    assert ("province", D3) not in boards  # D3 leads no province item
    assert ("city", D2) not in boards
    assert not any(unit_id == 99 for _board, unit_id in boards)  # a bonus alone is not enough
    only_quarterly = _month(
        items=[ITEMS[4], ITEMS[5]], units=[UnitFacts(T1, "T01", "township"), UNITS[4]]
    )
    assert [(e.unit_id, e.item_count) for e in only_quarterly.unit_entries] == [(T1, 1)]
    in_march = _month(3, items=[ITEMS[4], ITEMS[5]]).unit_entries
    assert [(e.board, e.unit_id, e.item_count) for e in in_march] == [("district", T1, 2)]


@pytest.mark.parametrize(
    ("bonus_points", "score"),
    [
        ([], "60.00"),
        (["45"], "105.00"),
        (["45", "0.5"], "105.50"),
        (["-10", "-0.01"], "49.99"),
        (["-60"], "0.00"),
        (["-75.5"], "0.00"),
        (["30", "-100"], "0.00"),
    ],
)
def test_it_adds_bonus_and_penalty_points_on_the_district_board_only(bonus_points, score):
    items = [_rank_item(item_id=1, code="P1", lead_unit_id=D1, action_id=A1)]
    reports = {1: _report(rank=26, peer_count=26)}
    bonuses = [BonusFacts(D1, D(p), f"r{n}") for n, p in enumerate(bonus_points)]
    entries = _month(items=items, reports=reports, bonuses=bonuses).unit_entries
    by_board = {e.board: e for e in entries}
    assert by_board["province"].score == D("60.00")
    assert by_board["district"].score == D(score)
    assert by_board["district"].base_score == D("60.00")


def test_it_means_weighted_rounded_item_scores():
    # three items of one unit whose exact scores would average differently
    items = [
        _rank_item(item_id=1, code="R1", weight=D("2")),  # 2/321 -> 99.875 -> 99.88
        _target_item("3", item_id=2, code="R2", weight=D("1")),  # 1/3 -> 33.33
        _item(item_id=3, code="R3", weight=D("0.5")),  # behind -> 60
    ]
    reports = {
        1: _report(rank=2, peer_count=321),
        2: _report(value=D("1")),
        3: _report(progress="behind"),
    }
    units = [UnitFacts(1, "U1", "department")]
    entries = _month(items=items, reports=reports, units=units, actions=[ActionFacts(1, "A")])
    district = [e for e in entries.unit_entries if e.board == "district"]
    # (2*99.88 + 33.33 + 0.5*60) / 3.5 = 263.09 / 3.5 = 75.168571... -> 75.17
    assert district[0].base_score == D("75.17")
    assert entries.action_entries[0].score == D("75.17")


@pytest.mark.parametrize(
    ("field", "value"),
    [("lead_unit_id", 404), ("action_id", 404)],
)
def test_it_refuses_a_due_item_with_an_unknown_unit_or_action(field, value):
    with pytest.raises(ValueError):
        _month(items=[dataclasses.replace(ITEMS[0], **{field: value})])


def test_it_refuses_duplicate_ids():
    with pytest.raises(ValueError):
        _month(units=[*UNITS, UNITS[0]])


# --- properties -----------------------------------------------------------------------

_decimals = st.decimals(min_value=-(10**6), max_value=10**6, places=4)
_optional_ints = st.one_of(st.none(), st.integers(min_value=-3, max_value=40))
_items = st.builds(
    _item,
    kind=st.sampled_from(["indicator", "project", "task"]),
    level=st.sampled_from(["province", "city", "district"]),
    cadence=st.sampled_from(["monthly", "quarterly", "yearly"]),
    target=st.one_of(st.none(), _decimals),
    direction=st.sampled_from(["positive", "negative"]),
    cumulative=st.booleans(),
    deadline=st.one_of(st.none(), st.dates(date(2022, 1, 1), date(2026, 12, 31))),
)
_reports = st.one_of(
    st.none(),
    st.builds(
        _report,
        value=st.one_of(st.none(), _decimals),
        rank=_optional_ints,
        peer_count=_optional_ints,
        progress=st.sampled_from([None, "done", "on_track", "behind"]),
    ),
)


@given(_items, _reports, st.integers(2022, 2026), st.integers(1, 12))
def test_it_keeps_every_item_score_between_0_and_100(item, report, year, month):
    result = score_item(item, report, year, month)
    assert D("0") <= result.score <= D("100")
    assert result.score.as_tuple().exponent == -2
    assert result.band in {"green", "yellow", "red"}
    assert result.missing is (report is None)
    if result.missing or result.overdue:
        assert (result.score, result.band) == (D("0.00"), "red")


@given(st.lists(st.tuples(st.decimals(0, 120, places=2), st.text(max_size=3)), max_size=30))
def test_it_produces_a_valid_competition_ranking(scored):
    entries = [(n, score, code) for n, (score, code) in enumerate(scored)]
    ranked = competition_rank(entries)
    assert sorted(key for key, _rank in ranked) == list(range(len(entries)))
    for key, rank in ranked:
        assert rank == 1 + sum(1 for _k, s, _c in entries if s > entries[key][1])
    listed = [(-entries[key][1], entries[key][2]) for key, _rank in ranked]
    assert listed == sorted(listed)


@st.composite
def _districts(draw):
    unit_count = draw(st.integers(1, 8))
    units = [
        UnitFacts(n, f"U{n:02d}", draw(st.sampled_from(["department", "township"])))
        for n in range(1, unit_count + 1)
    ]
    actions = [ActionFacts(n, f"A{n}") for n in range(1, draw(st.integers(1, 4)) + 1)]
    items = [
        dataclasses.replace(
            draw(_items),
            item_id=n,
            code=f"I{n:03d}",
            weight=draw(st.sampled_from([D("1"), D("2"), D("0.5"), D("1.25")])),
            lead_unit_id=draw(st.sampled_from(units)).unit_id,
            action_id=draw(st.sampled_from(actions)).action_id,
        )
        for n in range(1, draw(st.integers(0, 20)) + 1)
    ]
    reports = {item.item_id: r for item in items if (r := draw(_reports)) is not None}
    bonuses = [
        BonusFacts(draw(st.sampled_from(units)).unit_id, draw(st.decimals(-50, 50, places=2)), "r")
        for _ in range(draw(st.integers(0, 4)))
    ]
    boards = ["province", "city", "district"]
    previous = {
        (draw(st.sampled_from(boards)), unit.unit_id): draw(st.integers(1, 8))
        for unit in units
        if draw(st.booleans())
    }
    previous.update({("actions", a.action_id): draw(st.integers(1, 4)) for a in actions[:2]})
    return items, reports, units, actions, bonuses, previous


@given(_districts(), st.integers(1, 12), st.randoms(use_true_random=False))
def test_it_scores_a_month_the_same_whatever_the_input_order(district, month, rng: random.Random):
    items, reports, units, actions, bonuses, previous = district
    expected = score_month(2024, month, items, reports, units, actions, bonuses, previous)

    def shuffled(values):
        values = list(values)
        rng.shuffle(values)
        return values

    again = score_month(
        2024,
        month,
        shuffled(items),
        dict(shuffled(reports.items())),
        shuffled(units),
        shuffled(actions),
        shuffled(bonuses),
        dict(shuffled(previous.items())),
    )
    assert repr(again) == repr(expected)
    due = [item for item in items if is_due(item.cadence, month)]
    assert len(expected.item_scores) == len(due)
    district_board = [e for e in expected.unit_entries if e.board == "district"]
    assert {e.unit_id for e in district_board} == {item.lead_unit_id for item in due}
    assert all(e.score >= 0 for e in expected.unit_entries)
