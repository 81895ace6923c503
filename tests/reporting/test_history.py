"""The office's change log of reports (变更记录), filterable by unit and month."""

from decimal import Decimal

import pytest
from django.urls import reverse

from reporting import services
from tests.factories import ItemFactory, MonthFactory

pytestmark = pytest.mark.django_db

URL = reverse("reporting:history")


@pytest.fixture
def changes(personas, district):
    """Unit A saves and submits in March; unit B saves in March and in April."""
    users = personas.users
    april = MonthFactory(year=2022, number=4)
    report = services.save_report(
        district.item_a,
        district.month,
        {"value": Decimal("30"), "achievement": "按计划推进"},
        users.reporter_a,
        0,
    )
    services.submit_report(report, users.reporter_a, report.version)
    services.save_report(
        district.item_b, district.month, {"value": Decimal("7")}, users.reporter_b, 0
    )
    services.save_report(district.item_b, april, {"value": Decimal("9")}, users.reporter_b, 0)
    return april


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("office", 200),
        ("leader", 403),
        ("reporter_a", 403),
        ("head_a", 403),
        ("reporter_b", 403),
        ("anonymous", 302),
    ],
)
def test_it_opens_the_change_log_to_the_office_only(personas, persona, status):
    assert getattr(personas, persona).get(URL).status_code == status


def test_it_lists_every_change_with_who_what_and_old_to_new(personas, changes):
    response = personas.office.get(URL)
    assert len(response.context["table"].rows) == 4
    page = response.content.decode()
    assert "完成值：— → 30" in page
    assert "状态：草稿 → 待负责人审核" in page  # unit A has a head, as the counts name it
    assert "rep_a" in page and "rep_b" in page


def test_it_filters_the_change_log_by_unit_and_month(personas, district, changes):
    by_unit = personas.office.get(URL, {"unit": district.unit_b.pk}).context["table"]
    assert {row.record.item.code for row in by_unit.rows} == {"B-001"}
    assert len(by_unit.rows) == 2
    by_both = personas.office.get(URL, {"unit": district.unit_b.pk, "month": changes.pk}).context[
        "table"
    ]
    assert [row.record.month.label for row in by_both.rows] == ["2022-04"]
    by_step = personas.office.get(URL, {"step": "报送"}).context["table"]
    assert [row.record.item.code for row in by_step.rows] == ["A-001"]


@pytest.mark.parametrize("extra", [0, 20])
def test_it_renders_the_change_log_in_a_fixed_number_of_queries(
    personas, district, changes, django_assert_num_queries, extra
):
    for n in range(extra):
        item = ItemFactory(code=f"A-{n + 10:03d}", lead_unit=district.unit_a)
        services.save_report(
            item, district.month, {"value": Decimal(n)}, personas.users.reporter_a, 0
        )
    # session, user, filter choices (units, months), count, page, earlier rows, the units
    # with a head (a state's name); session save
    with django_assert_num_queries(11):
        assert personas.office.get(URL).status_code == 200


def test_it_shows_each_step_with_its_reason_and_filters_on_the_step_alone(personas, district):
    users = personas.users
    figures = {"value": Decimal("30"), "achievement": "按计划推进"}
    report = services.save_report(district.item_a, district.month, figures, users.reporter_a, 0)
    report = services.submit_report(report, users.reporter_a, report.version)
    report = services.approve_report(report, users.head_a)
    services.return_report(report, users.office, "请补充实现情况")

    page = personas.office.get(URL).content.decode()
    assert "退回：请补充实现情况" in page and "单位审核通过" in page
    returned = personas.office.get(URL, {"step": "退回"}).context["table"]
    assert [row.record.history_change_reason for row in returned.rows] == ["请补充实现情况"]
    # 审核通过 is its own step, not the end of 单位审核通过.
    assert not personas.office.get(URL, {"step": "审核通过"}).context["table"].rows
