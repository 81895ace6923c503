"""The meeting month in a real Chromium: a leader's home on the demo district opens on the
latest published month, picks the open month's preview (labelled 预览, its units with
未报送 items not ranked), and after 结转 while December is open every page stays on
December's plan year."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from actions.models import ItemKind
from reporting.models import MonthState
from scoring import services
from scoring.models import ItemResult
from tests.factories import ItemFactory, MonthFactory, ReportFactory, UserFactory

from .conftest import login
from .tour import DEMO_PASSWORD, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROJECT_DUE_IN_JUNE = {
    "code": "A-P",
    "name": "碧湖新区建设",
    "kind": ItemKind.PROJECT,
    "target": None,
    "deadline": datetime.date(2022, 6, 30),
}


def test_a_leaders_home_opens_on_the_meeting_month_and_picks_a_labelled_preview(page):
    load_demo()
    login(page, "lingdao", DEMO_PASSWORD)
    page.goto(page.base_url + "/")
    # The demo's meeting month: February, the latest published; March and April are not.
    expect(page.locator("#home-month")).to_have_value("2022-02")
    expect(page.locator("#leader-month")).to_contain_text("已发布第1版")
    expect(page.locator("#preview-label")).to_have_count(0)
    expect(page.locator("#board-ends")).to_be_visible()
    expect(page.locator("#honour-warning")).to_be_visible()

    # March is the live preview, a few reports still missing.
    page.locator("#home-month").select_option("2022-03")
    expect(page).to_have_url(page.base_url + "/?month=2022-03")
    expect(page.locator("#preview-label")).to_contain_text("预览")
    unreported = set(
        ItemResult.objects.filter(
            run__month__year=2022, run__month__number=3, run__kind="preview", missing=True
        ).values_list("lead_unit_name", flat=True)
    )
    assert unreported, "the demo's March has 未报送 items"
    expect(page.locator("#leader-unreported")).to_contain_text(sorted(unreported)[0])
    ends = page.locator("#board-ends").inner_text()
    assert not [name for name in unreported if name in ends]

    page.goto(page.base_url + "/?month=2022-04")
    expect(page.locator("#home-month")).to_have_value("2022-04")
    expect(page.locator("#preview-label")).to_contain_text("预览")


@pytest.fixture
def december_open(district):
    """2022's plan with a project due 2022-06-30; November published, December open."""
    ItemFactory(**PROJECT_DUE_IN_JUNE, action=district.action, lead_unit=district.unit_a)
    november = MonthFactory(year=2022, number=11, state=MonthState.CLOSED)
    for item in (district.item_a, district.item_b, district.item_t):
        ReportFactory(item=item, month=november, value=Decimal("100"))
    services.publish_month("2022-11")
    MonthFactory(year=2022, number=12, state=MonthState.OPEN)
    for username, role, unit in (
        ("office", Role.OFFICE, None),
        ("leader", Role.LEADER, None),
        ("rep_a", Role.REPORTER, district.unit_a),
    ):
        UserFactory(username=username, role=role, unit=unit)
    return district


def test_every_page_stays_on_the_open_months_year_after_carrying_the_plan_over(page, december_open):
    login(page, "office")
    page.goto(page.base_url + "/plan/2022/carry-over/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="全部结转").click()
    expect(page.locator(".alert-success")).to_contain_text("已结转到 2023 年度")

    page.goto(page.base_url + "/")
    expect(page.locator("#office-month-title")).to_contain_text("2022-12")
    expect(page.locator("main")).to_contain_text("数字赋能")
    assert "plan_year=2022" in page.locator("main a[href*='plan_year']").first.get_attribute("href")

    page.context.clear_cookies()
    login(page, "leader")
    page.goto(page.base_url + "/")
    expect(page.locator("#home-month")).to_have_value("2022-11")
    assert "plan_year=2022" in page.locator("#leader-plan a").first.get_attribute("href")

    page.context.clear_cookies()
    login(page, "rep_a")
    page.goto(page.base_url + "/")
    expect(page.locator("main")).to_contain_text("2022-06-30")
    expect(page.locator("main")).not_to_contain_text("2023-06-30")
    page.goto(page.base_url + "/items/")
    expect(page.locator("#id_plan_year option:checked")).to_have_text("2022")
    expect(page.locator("main")).not_to_contain_text("2023-06-30")
    page.goto(page.base_url + "/fill/")
    expect(page.locator("h1")).to_contain_text("2022-12")
    expect(page.locator("main")).to_contain_text("碧湖新区建设")
    expect(page.locator("main")).not_to_contain_text("2023-06-30")
