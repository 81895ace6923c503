"""The one check of a rank among its peers (位次/参评数) and the one way a figure is
written, pure, no database."""

from decimal import Decimal

import pytest

from scoring.figures import (
    bonus_text,
    figure_places,
    figure_text,
    percent_text,
    rank_errors,
    rank_is_usable,
    score_text,
)

RANK_CASES = [
    # rank, peer_count, errors
    (None, None, {}),
    (None, 5, {}),
    (1, 1, {}),
    (5, 5, {}),
    (6, 5, {"rank": "位次不能大于参评数"}),
    (0, 5, {"rank": "位次至少为 1"}),
    (-2, None, {"rank": "位次至少为 1"}),
    (1, None, {"peer_count": "填写位次时须填写参评数"}),
    (None, 0, {"peer_count": "参评数至少为 1"}),
    (1, 0, {"peer_count": "参评数至少为 1", "rank": "位次不能大于参评数"}),
]


@pytest.mark.parametrize(("rank", "peer_count", "errors"), RANK_CASES)
def test_it_names_what_is_wrong_with_a_rank(rank, peer_count, errors):
    assert rank_errors(rank, peer_count) == errors


@pytest.mark.parametrize(("rank", "peer_count", "errors"), RANK_CASES)
def test_it_scores_only_a_given_rank_within_its_peers(rank, peer_count, errors):
    assert rank_is_usable(rank, peer_count) == (rank is not None and not errors)


FIGURE_CASES = [
    # value, measurement unit, estimate, text
    ("6945.0923", "人", True, "6,945"),  # a forecast of people: whole
    ("6945.5", "人", True, "6,946"),  # rounded half up
    ("24.0000", "个", False, "24"),  # a reported count: no padding zeros
    ("12.5000", "家", False, "12.5"),  # … but what it really is when fractional
    ("33.3333", "项", True, "33"),
    ("6.5", "起", True, "7"),  # incidents are counted too
    ("2.3456", "万人", True, "2.35"),  # ten thousands of people: not a count
    ("5", "亿元", False, "5.00"),  # money keeps its cents
    ("1234.5", "万元", True, "1,234.50"),
    ("8.5", "%", False, "8.50"),  # a rate: 2 places
    ("1000", "", False, "1,000"),  # never 1E+3
    ("0.1250", "吨", False, "0.125"),  # other units: the places the figure has …
    ("0.1256", "吨", True, "0.13"),  # … at most 2 for an estimate
    ("-0.001", "亿元", False, "0.00"),  # never "-0.00"
    ("-3", "个", False, "-3"),
]


@pytest.mark.parametrize(("value", "unit", "estimate", "text"), FIGURE_CASES)
def test_it_writes_a_figure_by_its_measurement_unit(value, unit, estimate, text):
    assert figure_text(Decimal(value), unit, estimate=estimate) == text


def test_it_writes_nothing_for_no_figure_and_can_add_the_unit_or_leave_out_separators():
    assert figure_text(None, "人") == ""
    assert figure_text(Decimal("6945.09"), "人", estimate=True, with_unit=True) == "6,945人"
    assert figure_text(Decimal("6945.09"), "人", estimate=True, grouped=False) == "6945"


@pytest.mark.parametrize(
    ("unit", "values", "estimate", "places"),
    [
        ("个", [Decimal("24.0000"), Decimal("30")], False, 0),
        ("个", [Decimal("24"), Decimal("12.5")], False, 1),
        ("人", [Decimal("12.5")], True, 0),
        ("亿元", [Decimal("5")], False, 2),
        ("%", [None], False, 2),
        ("吨", [Decimal("1.23456")], False, 4),
        ("吨", [None, Decimal("1.5")], True, 1),
    ],
)
def test_the_workbook_takes_the_same_places_as_the_pages(unit, values, estimate, places):
    assert figure_places(unit, values, estimate=estimate) == places


@pytest.mark.parametrize(
    ("ratio", "text"),
    [("0.9534", "95.3%"), ("0.95", "95.0%"), ("1", "100.0%"), ("12.3456", "1,234.6%")],
)
def test_it_writes_a_completion_as_a_percentage(ratio, text):
    assert percent_text(Decimal(ratio)) == text
    assert percent_text(None) == ""


@pytest.mark.parametrize(("score", "text"), [("96.5", "96.50"), ("100", "100.00"), ("0", "0.00")])
def test_it_writes_a_score_with_two_places(score, text):
    assert score_text(Decimal(score)) == text


@pytest.mark.parametrize(
    ("points", "text"),
    [
        (None, ""),
        ("1.5", "+1.50"),
        (Decimal("-2"), "-2.00"),
        (Decimal("0.00"), "0"),
        ("-0.004", "0"),
    ],
)
def test_it_writes_bonus_points_with_sign_and_two_places(points, text):
    assert bonus_text(points) == text
