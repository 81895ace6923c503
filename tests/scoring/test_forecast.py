"""Tests of the early warning (预警) rules — pure values, no database."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.forecast import (
    BASIS_LAST_YEAR,
    BASIS_LEVEL,
    BASIS_MISSING,
    BASIS_PACE,
    BASIS_RANK,
    BASIS_STATUS,
    forecast_item,
    forecast_month,
    is_lagging,
)
from scoring.rulebook import ItemFacts, ReportFacts

D = Decimal


def _item(**overrides) -> ItemFacts:
    facts = {
        "item_id": 1,
        "code": "I01",
        "kind": "indicator",
        "level": "district",
        "cadence": "monthly",
        "target": D("1200"),
        "direction": "positive",
        "cumulative": True,
        "deadline": None,
        "weight": D("1"),
        "lead_unit_id": 1,
        "action_id": 1,
    }
    facts.update(overrides)
    return ItemFacts(**facts)


def _rank_item(**overrides) -> ItemFacts:
    return _item(level="province", target=None, **overrides)


def _status_item(**overrides) -> ItemFacts:
    return _item(kind="task", target=None, **overrides)


def _values(**by_month) -> dict[int, ReportFacts]:
    return {int(k[1:]): ReportFacts(D(v), None, None, None) for k, v in by_month.items()}


def _ranks(**by_month) -> dict[int, ReportFacts]:
    return {int(k[1:]): ReportFacts(None, r, n, None) for k, (r, n) in by_month.items()}


def _statuses(**by_month) -> dict[int, ReportFacts]:
    return {int(k[1:]): ReportFacts(None, None, None, s) for k, s in by_month.items()}


TARGET_CASES = [
    # (name, item overrides, month, reports, last year, band, P, c, basis, k)
    ("pace on track", {}, 3, _values(m3="300"), {}, "green", "1200.00", "1.000", BASIS_PACE, 3),
    ("pace yellow", {}, 6, _values(m6="570"), {}, "yellow", "1140.00", "0.950", BASIS_PACE, 6),
    ("pace red", {}, 6, _values(m6="500"), {}, "red", "1000.00", "0.833", BASIS_PACE, 6),
    (
        "last year's curve",
        {},
        6,
        _values(m6="400"),
        {6: D("300"), 12: D("900")},
        "green",
        "1200.00",
        "1.000",
        BASIS_LAST_YEAR,
        6,
    ),
    (
        "last year's value for k is 0: pace",
        {},
        6,
        _values(m6="400"),
        {6: D("0"), 12: D("900")},
        "red",
        "800.00",
        "0.667",
        BASIS_PACE,
        6,
    ),
    (
        "last year's December negative: pace",
        {},
        6,
        _values(m6="400"),
        {6: D("100"), 12: D("-5")},
        "red",
        "800.00",
        "0.667",
        BASIS_PACE,
        6,
    ),
    (
        "no December last year: pace",
        {},
        6,
        _values(m6="600"),
        {6: D("300")},
        "green",
        "1200.00",
        "1.000",
        BASIS_PACE,
        6,
    ),
    (
        "level item keeps its value, ignores last year",
        {"cumulative": False, "target": D("95")},
        4,
        _values(m4="90"),
        {4: D("50"), 12: D("100")},
        "yellow",
        "90.00",
        "0.947",
        BASIS_LEVEL,
        4,
    ),
    (
        "逆向 below target",
        {"direction": "negative", "target": D("120")},
        6,
        _values(m6="50"),
        {},
        "green",
        "100.00",
        "1.200",
        BASIS_PACE,
        6,
    ),
    (
        "逆向 above target",
        {"direction": "negative", "target": D("120")},
        6,
        _values(m6="65"),
        {},
        "yellow",
        "130.00",
        "0.923",
        BASIS_PACE,
        6,
    ),
    (
        "逆向 with P ≤ 0",
        {"direction": "negative", "target": D("10")},
        3,
        _values(m3="-2"),
        {},
        "green",
        "-8.00",
        "1.000",
        BASIS_PACE,
        3,
    ),
    (
        "逆向 with P = 0",
        {"direction": "negative", "target": D("10")},
        3,
        _values(m3="0"),
        {},
        "green",
        "0.00",
        "1.000",
        BASIS_PACE,
        3,
    ),
    (
        "T = 0 met",
        {"target": D("0")},
        3,
        _values(m3="0"),
        {},
        "green",
        "0.00",
        "1.000",
        BASIS_PACE,
        3,
    ),
    (
        "T < 0 missed",
        {"target": D("-10")},
        3,
        _values(m3="-5"),
        {},
        "red",
        "-20.00",
        "0.000",
        BASIS_PACE,
        3,
    ),
    (
        "quarterly item between quarters uses its last quarter",
        {"cadence": "quarterly"},
        5,
        _values(m3="330", m4="999"),
        {},
        "green",
        "1320.00",
        "1.100",
        BASIS_PACE,
        3,
    ),
    (
        "latest accepted value, earlier months skipped when m has none",
        {},
        5,
        {**_values(m4="400"), 5: ReportFacts(None, None, None, None)},
        {},
        "green",
        "1200.00",
        "1.000",
        BASIS_PACE,
        4,
    ),
    (
        "month 12 forecast is the reported value",
        {},
        12,
        _values(m11="1000", m12="1100"),
        {11: D("10"), 12: D("20")},
        "yellow",
        "1100.00",
        "0.917",
        BASIS_LAST_YEAR,
        12,
    ),
    (
        "P and c round half up",
        {"target": D("1000")},
        1,
        _values(m1="83.33375"),
        {},
        "green",
        "1000.01",
        "1.000",
        BASIS_PACE,
        1,
    ),
    (
        "c exactly 0.9 is yellow",
        {"target": D("1000")},
        6,
        _values(m6="450"),
        {},
        "yellow",
        "900.00",
        "0.900",
        BASIS_PACE,
        6,
    ),
    (
        "c just below 0.9 rounds to 0.900 but is red",
        {"target": D("1000")},
        6,
        _values(m6="449.9998"),
        {},
        "red",
        "900.00",
        "0.900",
        BASIS_PACE,
        6,
    ),
]


@pytest.mark.parametrize(
    ("overrides", "month", "reports", "last_year", "band", "p", "c", "basis", "k"),
    [case[1:] for case in TARGET_CASES],
    ids=[case[0] for case in TARGET_CASES],
)
def test_target_items(overrides, month, reports, last_year, band, p, c, basis, k):
    result = forecast_item(_item(**overrides), 2022, month, reports, last_year)
    assert (result.band, result.forecast, result.completion, result.basis, result.basis_month) == (
        band,
        D(p),
        D(c),
        basis,
        k,
    )
    assert not result.missing


@pytest.mark.parametrize(
    ("item", "month", "reports"),
    [
        (_item(), 4, _values(m1="100", m2="200", m3="300")),
        (_rank_item(), 4, _ranks(m3=(1, 10))),
        (_status_item(), 4, _statuses(m3="done")),
        (_item(cadence="quarterly"), 6, _values(m3="300", m5="500")),
        (_item(cadence="yearly"), 12, {}),
        (_item(cadence="quarterly"), 4, {}),  # due in 3 without a report, not due in 4
        (_rank_item(cadence="quarterly"), 4, {}),
        (_status_item(cadence="quarterly"), 5, {1: ReportFacts(None, None, None, "done")}),
        (_item(), 2, {2: ReportFacts(None, None, None, None)}),  # accepted but no value
    ],
    ids=[
        "target",
        "rank",
        "status",
        "quarterly",
        "yearly",
        "no due report",
        "rank, no due report",
        "status, no due report",
        "no value",
    ],
)
def test_missing_report_is_red_with_blank_forecast(item, month, reports):
    result = forecast_item(item, 2022, month, reports, {})
    assert (result.band, result.missing, result.basis) == ("red", True, BASIS_MISSING)
    assert (result.forecast, result.completion) == (None, None)


@pytest.mark.parametrize(
    ("cadence", "month"),
    [("quarterly", 1), ("quarterly", 2), ("yearly", 1), ("yearly", 11)],
)
def test_item_never_due_is_not_listed(cadence, month):
    assert forecast_item(_item(cadence=cadence), 2022, month, _values(m1="5"), {}) is None


@pytest.mark.parametrize(
    ("rank", "peers", "lagging"),
    [
        (1, 1, False),
        (2, 2, True),
        (1, 2, False),
        (3, 3, True),
        (2, 3, False),
        (6, 10, False),
        (7, 10, True),
    ],
)
def test_lagging_is_the_red_rank_band(rank, peers, lagging):
    assert is_lagging(rank, peers) is lagging


RANK_CASES = [
    ("靠后 in both", _ranks(m2=(9, 10), m3=(10, 10)), 3, "red", (10, 10, 9)),
    ("靠后 in the latest only", _ranks(m2=(6, 10), m3=(9, 10)), 3, "yellow", (9, 10, 6)),
    ("靠后 in the previous only", _ranks(m2=(9, 10), m3=(6, 10)), 3, "green", (6, 10, 9)),
    ("fell 3 places", _ranks(m2=(1, 10), m3=(4, 10)), 3, "yellow", (4, 10, 1)),
    ("fell 2 places", _ranks(m2=(1, 10), m3=(3, 10)), 3, "green", (3, 10, 1)),
    ("rose", _ranks(m2=(8, 10), m3=(2, 10)), 3, "green", (2, 10, 8)),
    ("one rank, 靠后", _ranks(m3=(10, 10)), 3, "yellow", (10, 10, None)),
    ("N = 1 never 靠后", _ranks(m2=(1, 1), m3=(1, 1)), 3, "green", (1, 1, 1)),
    ("N = 2, last place", _ranks(m2=(2, 2), m3=(2, 2)), 3, "red", (2, 2, 2)),
    ("N = 2, first place", _ranks(m2=(1, 2), m3=(1, 2)), 3, "green", (1, 2, 1)),
    ("N = 3, last place", _ranks(m2=(3, 3), m3=(3, 3)), 3, "red", (3, 3, 3)),
    ("peer group grew", _ranks(m2=(2, 3), m3=(5, 6)), 3, "yellow", (5, 6, 2)),
    (
        "unusable rank skipped",
        {**_ranks(m1=(9, 10), m2=(10, 10)), 3: ReportFacts(None, None, None, None)},
        3,
        "red",
        (10, 10, 9),
    ),
]


@pytest.mark.parametrize(
    ("reports", "month", "band", "figures"),
    [case[1:] for case in RANK_CASES],
    ids=[case[0] for case in RANK_CASES],
)
def test_rank_items(reports, month, band, figures):
    result = forecast_item(_rank_item(), 2022, month, reports, {})
    assert result.band == band
    assert (result.rank, result.peer_count, result.previous_rank) == figures
    assert (result.forecast, result.completion, result.basis) == (None, None, BASIS_RANK)


def test_quarterly_rank_item_uses_due_months_only():
    reports = _ranks(m3=(10, 10), m5=(1, 10), m6=(10, 10))
    result = forecast_item(_rank_item(cadence="quarterly"), 2022, 7, reports, {})
    assert (result.band, result.rank, result.previous_rank, result.basis_month) == (
        "red",
        10,
        10,
        6,
    )


STATUS_CASES = [
    ("on track, far deadline", "on_track", date(2022, 12, 31), 3, "green"),
    ("滞后 is red", "behind", date(2022, 12, 31), 3, "red"),
    ("滞后 without deadline is red", "behind", None, 3, "red"),
    ("done is green even past the deadline", "done", date(2022, 1, 15), 6, "green"),
    ("past the deadline, not done", "on_track", date(2022, 2, 28), 3, "red"),
    ("deadline within m", "on_track", date(2022, 3, 15), 3, "red"),
    ("deadline on the last day of m", "on_track", date(2022, 3, 31), 3, "yellow"),
    ("deadline at the end of m + 2", "on_track", date(2022, 5, 31), 3, "yellow"),
    ("deadline after m + 2", "on_track", date(2022, 6, 1), 3, "green"),
    ("horizon stops at December", "on_track", date(2022, 12, 31), 11, "yellow"),
    ("deadline next year in November", "on_track", date(2023, 1, 31), 11, "green"),
    ("deadline next year in December", "on_track", date(2023, 1, 1), 12, "green"),
    ("no deadline", "on_track", None, 6, "green"),
]


@pytest.mark.parametrize(
    ("progress", "deadline", "month", "band"),
    [case[1:] for case in STATUS_CASES],
    ids=[case[0] for case in STATUS_CASES],
)
def test_status_items(progress, deadline, month, band):
    reports = {month: ReportFacts(None, None, None, progress)}
    result = forecast_item(_status_item(deadline=deadline), 2022, month, reports, {})
    assert (result.band, result.progress, result.basis) == (band, progress, BASIS_STATUS)
    assert (result.forecast, result.completion) == (None, None)


def test_status_uses_latest_status_of_a_due_month():
    reports = {
        3: ReportFacts(None, None, None, "behind"),
        4: ReportFacts(None, None, None, "done"),
    }
    result = forecast_item(_status_item(cadence="quarterly"), 2022, 5, reports, {})
    assert (result.band, result.progress) == ("red", "behind")


def test_forecast_month_lists_due_items_by_code_and_uses_last_year_by_code():
    items = [
        _item(item_id=2, code="B", cadence="yearly"),
        _item(item_id=1, code="A"),
        _item(item_id=3, code="C"),
    ]
    reports = {(1, 6): ReportFacts(D("300"), None, None, None)}
    last_year = {("A", 6): D("100"), ("A", 12): D("400"), ("C", 6): D("1")}
    result = forecast_month(2022, 6, items, reports, last_year)
    assert [(f.item_id, f.band, f.basis, f.forecast) for f in result] == [
        (1, "green", BASIS_LAST_YEAR, D("1200.00")),
        (3, "red", BASIS_MISSING, None),
    ]


_figures = st.decimals(min_value=-1000, max_value=100000, places=2, allow_nan=False)


@given(
    value=_figures,
    target=_figures,
    direction=st.sampled_from(["positive", "negative"]),
    cumulative=st.booleans(),
    last_k=st.none() | _figures,
    last_december=st.none() | _figures,
)
def test_december_forecast_is_the_value_reported(
    value, target, direction, cumulative, last_k, last_december
):
    item = _item(target=target, direction=direction, cumulative=cumulative)
    last_year = {k: v for k, v in ((12, last_december), (11, last_k)) if v is not None}
    result = forecast_item(item, 2022, 12, {12: ReportFacts(value, None, None, None)}, last_year)
    assert result.forecast == value.quantize(D("0.01"))


@given(
    seed=st.integers(min_value=0, max_value=2**32),
    month=st.integers(min_value=1, max_value=12),
    values=st.lists(_figures, min_size=12, max_size=12),
)
def test_input_order_never_changes_a_result(seed, month, values):
    items = [
        _item(item_id=1, code="A"),
        _item(item_id=2, code="B", cadence="quarterly", direction="negative"),
        _rank_item(item_id=3, code="C"),
        _status_item(item_id=4, code="D", deadline=date(2022, 7, 31)),
    ]
    reports = {}
    for number in range(1, month + 1):
        v = values[number - 1]
        reports[(1, number)] = ReportFacts(v, None, None, None)
        reports[(2, number)] = ReportFacts(v, None, None, None)
        reports[(3, number)] = ReportFacts(None, int(abs(v)) % 10 + 1, 10, None)
        reports[(4, number)] = ReportFacts(
            None, None, None, ["done", "on_track", "behind"][number % 3]
        )
    last_year = {("A", k): values[k - 1] for k in range(1, 13)}
    expected = forecast_month(2022, month, items, reports, last_year)
    rng = random.Random(seed)
    rng.shuffle(items)
    shuffled_reports = list(reports.items())
    rng.shuffle(shuffled_reports)
    shuffled_last = list(last_year.items())
    rng.shuffle(shuffled_last)
    assert (
        forecast_month(2022, month, items, dict(shuffled_reports), dict(shuffled_last)) == expected
    )
