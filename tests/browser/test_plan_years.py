"""Plan years in a real Chromium: a leader switches the boards between years, the office
carries a year's plan over (结转) and edits the new year's targets."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from actions.models import Item
from reporting.models import MonthState
from scoring import services
from tests.factories import ActionFactory, ItemFactory, MonthFactory, ReportFactory, UserFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_years(district):
    """2022-03 (the fixture's plan) and 2023-01 published, each scoring its own plan:
    in 2023 only A-001 carried over, with a new target."""
    for item, value in ((district.item_a, 30), (district.item_b, 24), (district.item_t, 28)):
        ReportFactory(item=item, month=district.month, value=Decimal(value))
    district.month.state = MonthState.CLOSED
    district.month.save()
    services.publish_month("2022-03")
    action = ActionFactory(code="X1", plan_year__year=2023, lead_unit=district.unit_a)
    carried = ItemFactory(
        code="A-001", name="固定资产投资", action=action, lead_unit=district.unit_a, target=240
    )
    january = MonthFactory(year=2023, number=1)
    ReportFactory(item=carried, month=january, value=Decimal("10"))
    services.publish_month("2023-01")
    return district


def test_it_switches_the_boards_between_plan_years(page, two_years):
    UserFactory(username="leader", role=Role.LEADER)
    login(page, "leader")
    page.goto(page.base_url + "/boards/2023-01/")
    expect(page.locator("#boards-month-year")).to_have_value("2023-01")
    expect(page.locator("#board-district")).to_contain_text("区发改局")
    expect(page.locator("#board-district")).not_to_contain_text("区经信局")

    page.locator("#boards-month-year").select_option("2022")

    expect(page).to_have_url(page.base_url + "/boards/2022-03/")
    expect(page.locator("#boards-month-year")).to_have_value("2022-03")
    expect(page.locator("#board-district")).to_contain_text("区经信局")


def test_it_lets_the_office_carry_the_plan_over_and_edit_targets(page, two_years):
    UserFactory(username="office", role=Role.OFFICE)
    login(page, "office")
    page.goto(page.base_url + "/plan/")
    expect(page.locator("#plan-years")).to_contain_text("2023")
    page.get_by_role("link", name="结转到 2023 年度").click()

    expect(page.locator("h1")).to_have_text("将 2022 年度计划结转到 2023 年度")
    # A-001 is already in 2023; B-001 is ticked, T-001 left out.
    row = page.locator("#carry-over-items tr", has_text="T-001")
    row.get_by_role("checkbox").uncheck()
    page.get_by_role("button", name="结转勾选的事项").click()

    expect(page.locator(".alert-success")).to_contain_text("行动 0 项、事项 1 项")
    expect(page.locator("#plan-summary")).to_contain_text("结转 2 项，新增 0 项，不再列入 1 项")
    expect(page.locator("#dropped-items")).to_contain_text("T-001")
    b_new = Item.objects.of_year(2023).get(code="B-001")
    page.get_by_label("B-001 目标值").fill("150")
    page.get_by_role("button", name="保存目标值").click()

    expect(page.locator(".alert-success")).to_contain_text("已保存，1 项目标值有变化")
    assert Item.objects.get(pk=b_new.pk).target == 150
    assert Item.objects.get(pk=two_years.item_b.pk).target == 120
