"""Cell coercion of the ledger import: values as offices type them."""

import datetime
from decimal import Decimal

import pytest

from actions.models import ItemKind
from reporting.ledger import parsing
from reporting.ledger.parsing import CellError
from reporting.ledger.schema import normalize_header

D = Decimal


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        (8.5, D("8.5")),
        (120, D("120")),
        ("120", D("120")),
        (" 8.5 ", D("8.5")),
        ("8.5%", D("8.5")),
        ("８．５", D("8.5")),
        ("８．５％", D("8.5")),
        ("1,234.5", D("1234.5")),
        ("12,345,678", D("12345678")),
        ("-3.25", D("-3.25")),
        ("+2", D("2")),
        (0.1 + 0.2, D("0.3")),
        (D("1.23456"), D("1.2346")),
        ("1.00005", D("1.0001")),
        (1e15, D("1000000000000000")),
        ("9999999999999999.9999", D("9999999999999999.9999")),
    ],
)
def test_it_reads_numbers(raw, expected):
    assert parsing.decimal(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["很多", "8.5.1", "1,23", "NaN", "inf", True, datetime.date(2022, 1, 1), "12345678901234567"],
)
def test_it_refuses_what_is_not_a_number(raw):
    with pytest.raises(CellError):
        parsing.decimal(raw)


@pytest.mark.parametrize(
    "raw, expected",
    [(0.5, D("0.5")), ("-1.25", D("-1.25")), (0.1 + 0.2, D("0.3")), (1.1 * 3, D("3.3"))],
)
def test_it_reads_exact_numbers_and_rounds_only_binary_noise(raw, expected):
    assert parsing.decimal(raw, max_digits=8, decimal_places=2, exact=True) == expected


@pytest.mark.parametrize("raw", [0.125, "-0.005", "1.001", D("83.125")])
def test_it_refuses_more_decimals_than_an_exact_column_holds(raw):
    with pytest.raises(CellError, match="最多 2 位小数"):
        parsing.decimal(raw, max_digits=8, decimal_places=2, exact=True)


def test_it_refuses_more_integer_digits_than_the_column_holds():
    with pytest.raises(CellError, match="数值过大"):
        parsing.decimal("12345678901234567890")
    with pytest.raises(CellError, match="最多 6 位"):
        parsing.decimal(1234567, max_digits=8, decimal_places=2)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(3, 3), (3.0, 3), ("3", 3), ("３", 3), (" 12 ", 12), (None, None), ("", None)],
)
def test_it_reads_whole_numbers(raw, expected):
    assert parsing.integer(raw) == expected


@pytest.mark.parametrize("raw", [2.5, "abc", "3.5"])
def test_it_refuses_ranks_that_are_not_whole_numbers(raw):
    with pytest.raises(CellError, match="整数"):
        parsing.integer(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (datetime.datetime(2022, 6, 30), datetime.date(2022, 6, 30)),
        (datetime.date(2022, 6, 30), datetime.date(2022, 6, 30)),
        ("2022-06-30", datetime.date(2022, 6, 30)),
        ("2022/6/30", datetime.date(2022, 6, 30)),
        ("2022年6月30日", datetime.date(2022, 6, 30)),
        ("２０２２年６月３０日", datetime.date(2022, 6, 30)),
        (" 2022.6.30 ", datetime.date(2022, 6, 30)),
        (44742, datetime.date(2022, 6, 30)),
        (None, None),
        ("", None),
    ],
)
def test_it_reads_dates(raw, expected):
    assert parsing.date(raw) == expected


@pytest.mark.parametrize("raw", ["2022-02-30", "明年", "2022-13-01", "30/6/2022", -5, True])
def test_it_refuses_what_is_not_a_date(raw):
    with pytest.raises(CellError, match="不是有效的日期"):
        parsing.date(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2022-03", "2022-03"),
        ("2022-3", "2022-03"),
        ("2022年3月", "2022-03"),
        ("2022年03月", "2022-03"),
        (" 2022-12 ", "2022-12"),
        ("２０２２－０３", "2022-03"),
        (datetime.datetime(2022, 3, 1), "2022-03"),
        (datetime.date(2022, 3, 15), "2022-03"),
        (None, None),
    ],
)
def test_it_reads_months(raw, expected):
    assert parsing.month(raw) == expected


@pytest.mark.parametrize("raw", ["2022-13", "2022-00", "三月", "202203", "2022", 2022.03, "22-03"])
def test_it_refuses_what_is_not_a_month(raw):
    with pytest.raises(CellError, match="YYYY-MM"):
        parsing.month(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("是", True),
        ("否", False),
        ("Y", True),
        ("n", False),
        ("TRUE", True),
        ("false", False),
        (1, True),
        (0, False),
        ("1", True),
        ("0", False),
        (True, True),
        (False, False),
        (" 是 ", True),
        (None, None),
    ],
)
def test_it_reads_yes_and_no(raw, expected):
    assert parsing.boolean(raw) == expected


def test_it_refuses_other_yes_no_words():
    with pytest.raises(CellError, match="是 或 否"):
        parsing.boolean("也许")


def test_it_reads_choices_by_their_chinese_label():
    choices = {str(label): value for value, label in ItemKind.choices}
    assert parsing.choice("指标", choices) == "indicator"
    assert parsing.choice(" 项目 ", choices) == "project"
    assert parsing.choice(None, choices) is None
    with pytest.raises(CellError, match="指标 / 项目 / 工作"):
        parsing.choice("指数", choices)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" A01 ", "A01"),
        (101, "101"),
        (101.0, "101"),
        (None, ""),
        ("  ", ""),
        ("=SUM(A1)", "=SUM(A1)"),
    ],
)
def test_it_reads_text(raw, expected):
    assert parsing.text(raw) == expected


def test_it_refuses_text_longer_than_the_column():
    with pytest.raises(CellError, match="超过最大长度 5"):
        parsing.text("abcdef", max_length=5)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("B01、T01", ["B01", "T01"]),
        ("B01,T01", ["B01", "T01"]),
        ("B01，T01", ["B01", "T01"]),
        (" B01 、 T01 ,B01", ["B01", "T01"]),
        (None, []),
        ("", []),
    ],
)
def test_it_splits_code_lists(raw, expected):
    assert parsing.code_list(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("单位编码", "单位编码"),
        (" 单位编码 ", "单位编码"),
        ("单位 编码", "单位编码"),
        ("分值（±）", "分值"),
        ("完成时限(date)", "完成时限"),
        (None, ""),
    ],
)
def test_it_matches_headers_by_name(raw, expected):
    assert normalize_header(raw) == expected
