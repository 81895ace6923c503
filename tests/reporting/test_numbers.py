"""One number parser at every door: the fill page, the ledger import and the services."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from reporting import services
from reporting.bonuses import add_bonus
from reporting.forms import ReportForm
from reporting.ledger import parsing
from reporting.ledger.parsing import CellError
from reporting.models import Report
from reporting.numbers import NotANumber, parse_number

READ = [
    ("12.5", D("12.5")),
    ("１２．５", D("12.5")),
    ("1,318", D("1318")),
    ("1，318", D("1318")),
    ("１，３１８", D("1318")),
    ("1,234,567.25", D("1234567.25")),
    ("8.5%", D("8.5")),
    ("８．５％", D("8.5")),
    ("  30  ", D("30")),
    ("\u300030\u3000", D("30")),
    ("-3", D("-3")),
    ("－３", D("-3")),
    ("+2", D("2")),
    (".5", D("0.5")),
    ("7.", D("7")),
    ("", None),
    ("   ", None),
]
REFUSED = [
    "1e3",
    "1E3",
    "１ｅ３",
    "NaN",
    "nan",
    "inf",
    "Infinity",
    "-inf",
    "约30",
    "8.5.1",
    "1,23",
    "12,34.5",
    "3万",
    "0x10",
    "%",
    "1_000",
    "--1",
]


@pytest.mark.parametrize(("raw", "expected"), READ)
def test_it_reads_numbers_as_offices_type_them(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", REFUSED)
def test_it_refuses_exponents_and_non_numbers_with_one_message(raw):
    with pytest.raises(NotANumber, match=r"^不是有效的数值$"):
        parse_number(raw)


@pytest.mark.parametrize(("raw", "expected"), [r for r in READ if r[1] is not None])
def test_the_ledger_import_reads_the_same(raw, expected):
    assert parsing.decimal(raw) == expected


@pytest.mark.parametrize("raw", REFUSED)
def test_the_ledger_import_refuses_the_same(raw):
    with pytest.raises(CellError, match=r"^不是有效的数值$"):
        parsing.decimal(raw)


@pytest.mark.django_db
@pytest.mark.parametrize(("raw", "expected"), [r for r in READ if r[1] is not None])
def test_the_fill_form_reads_the_same(district, raw, expected):
    prefix = f"i{district.item_a.pk}"
    form = ReportForm(
        {f"{prefix}-version": "0", f"{prefix}-value": raw}, item=district.item_a, report=None
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["value"] == expected


@pytest.mark.django_db
@pytest.mark.parametrize("raw", REFUSED)
def test_the_fill_form_refuses_the_same(district, raw):
    prefix = f"i{district.item_a.pk}"
    form = ReportForm(
        {f"{prefix}-version": "0", f"{prefix}-value": raw}, item=district.item_a, report=None
    )
    assert not form.is_valid()
    assert form.errors["value"] == ["完成值：不是有效的数值"]


@pytest.mark.django_db
def test_the_fill_page_shows_the_refusal_of_1e3_and_keeps_what_was_typed(personas, district):
    prefix = f"i{district.item_a.pk}"
    data = {f"{prefix}-version": "0", f"{prefix}-value": "1e3", "action": "save"}
    page = personas.reporter_a.post(reverse("reporting:fill"), data).content.decode()
    assert "完成值：不是有效的数值" in page
    assert 'value="1e3"' in page
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_the_service_reads_text_figures_the_same_way(personas, district):
    user = personas.users.reporter_a
    report = services.save_report(
        district.item_a, district.month, {"value": "１，２１８．５"}, user, 0
    )
    assert report.value == D("1218.5")
    with pytest.raises(services.WorkflowError) as refused:
        services.save_report(district.item_a, district.month, {"value": "1e3"}, user, 1)
    assert refused.value.field_errors == {"value": "完成值：不是有效的数值"}


@pytest.mark.django_db
def test_bonus_points_are_read_the_same_way(personas, district):
    office = personas.users.office
    bonus = add_bonus(district.unit_a, district.month, "＋１．５", "获市级表彰", office)
    assert bonus.points == D("1.5")
    with pytest.raises(services.WorkflowError, match="请输入有效的分值"):
        add_bonus(district.unit_a, district.month, "1e1", "获省级表彰", office)
