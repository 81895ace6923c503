"""预警 in a real Chromium: a red item on the 预警 page, on its unit's home page and on its
item page, where the forecast is a dashed line to December."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from scoring import services
from tests.factories import ReportFactory, UserFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def red_item(district):
    """固定资产投资 (A-001, target 120 亿元, cumulative) at 10 by March: P = 40, c = 33.3 %."""
    ReportFactory(item=district.item_a, month=district.month, value=Decimal("10"))
    ReportFactory(item=district.item_b, month=district.month, value=Decimal("30"))
    services.publish_month(district.month.label)
    UserFactory(username="leader", role=Role.LEADER)
    UserFactory(username="rep_a", role=Role.REPORTER, unit=district.unit_a)
    return district


def test_a_red_item_shows_on_the_warning_page_its_units_home_and_its_chart(page, red_item):
    login(page, "leader")
    page.goto(page.base_url + "/")
    # The leaders' home counts 红 / 黄 in its tile, linked to the 预警 page.
    tile = page.locator("#leader-counts")
    expect(tile).to_contain_text("2 / 0")
    tile.get_by_role("link", name="查看预警").click()
    row = page.locator("table tbody tr", has_text="固定资产投资")
    expect(row).to_contain_text("红")
    expect(row).to_contain_text("40.00亿元")
    expect(row).to_contain_text("33.3%")
    expect(row).to_contain_text("序时进度（截至3月）")
    expect(page.locator("table tbody tr", has_text="规上工业增加值增速")).to_have_count(0)

    page.context.clear_cookies()
    login(page, "rep_a")
    page.goto(page.base_url + "/")
    card = page.locator(".home-warnings")
    expect(card).to_contain_text("本单位预警（2022-03）")
    expect(card).to_contain_text("固定资产投资")
    card.get_by_role("link", name="固定资产投资").click()

    expect(page.locator(".forecast-note")).to_contain_text("预测年末值 40.00亿元（依据 序时进度）")
    expect(page.locator("#trend-chart .trend-legend .trend-forecast")).to_contain_text("预测")
    forecast = page.locator("#trend-chart svg .trend-forecast")
    dash = forecast.locator(".trend-line").evaluate("e => getComputedStyle(e).strokeDasharray")
    assert dash not in ("", "none")  # dashed, apart from the lines of figures reported
    dots = forecast.locator(".trend-dot title").all_text_contents()
    assert len(dots) == 10  # March to December
    assert dots[0].startswith("2022-03 预测") and dots[0].endswith(" 10.00亿元")
    assert dots[-1].startswith("2022-12 预测") and dots[-1].endswith(" 40.00亿元")


def test_a_leader_reads_the_warnings_on_a_phone_without_scrolling_sideways(phone, red_item):
    login(phone, "leader")
    phone.goto(phone.base_url + "/boards/warnings/")
    table = phone.locator("table").first
    headers = table.locator("thead th:visible").all_inner_texts()
    assert [h.strip() for h in headers] == ["事项", "牵头单位", "预警", "预计完成率"]
    row = table.locator("tbody tr", has_text="固定资产投资")
    expect(row.locator("td:visible")).to_have_text(["固定资产投资", "区发改局", "红", "33.3%"])
    # The item's name is read on a line or two, not a column two characters wide.
    name = row.locator("td:visible").first.bounding_box()
    assert name["width"] > 100
    assert table.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")
