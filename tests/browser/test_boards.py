"""The boards (三张榜单) in a real Chromium: the office publishes a month, a leader reads
the 区级综合评价榜 on a phone and drills down to a unit's items and an item's trend."""

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from reporting.models import MonthState
from scoring import services
from tests.factories import MonthFactory, ReportFactory, UserFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def two_months(district):
    """February published; March's reports accepted but not yet published.

    Targets are 120 (cumulative), so the expected value is 20 in February, 30 in March.
    February: 发改局 15 → 75.00, 经信局 20 → 100.00, 碧湖镇 10 → 50.00.
    March:    发改局 30 → 100.00, 经信局 24 → 80.00, 碧湖镇 28.5 → 95.00.
    """
    february = MonthFactory(year=2022, number=2, state=MonthState.CLOSED)
    for item, value in ((district.item_a, 15), (district.item_b, 20), (district.item_t, 10)):
        ReportFactory(item=item, month=february, value=Decimal(value))
    services.publish_month("2022-02")
    for item, value in ((district.item_a, 30), (district.item_b, 24), (district.item_t, "28.5")):
        ReportFactory(item=item, month=district.month, value=Decimal(value))
    services.compute_month(district.month)  # the live preview, as accepting reports leaves it
    return district


def district_board_rows(page, group: str):
    return page.locator(f"#board-district div:has(> h3:text('{group}')) table tbody tr")


def test_it_lets_the_office_publish_the_month_from_the_board_page(page, two_months):
    UserFactory(username="office", role=Role.OFFICE)
    login(page, "office")
    page.goto(page.base_url + "/boards/2022-03/")
    expect(page.locator(".unpublished-banner")).to_contain_text("未发布 · 预览")
    # The board's button opens the publish checklist, which publishes.
    page.get_by_role("link", name="发布本月榜单").click()
    expect(page.locator("h1")).to_contain_text("发布前检查 · 2022-03")
    confirm = page.locator("#publish-confirm")
    if confirm.count():  # reports still open: the office confirms the counts it sees
        confirm.check()
    page.get_by_role("button", name="发布本月榜单").click()
    expect(page.locator(".alert-success").first).to_contain_text("2022-03 已发布（第1版）")
    expect(page.locator(".unpublished-banner")).to_have_count(0)
    expect(page.locator("[role=status]")).to_contain_text("已发布 · 第1版")
    expect(page.get_by_role("link", name="更正发布")).to_be_visible()
    rows = district_board_rows(page, "区直部门")
    expect(rows.first.locator("td").first).to_have_text("1")
    expect(rows.first).to_contain_text("区发改局")
    expect(rows.first).to_contain_text("100.00")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "board-desktop.png", full_page=True)


def test_it_shows_a_leader_the_board_on_a_phone_and_drills_down_to_an_item(phone, two_months):
    services.publish_month("2022-03")
    UserFactory(username="leader", role=Role.LEADER)
    login(phone, "leader")
    phone.goto(phone.base_url + "/boards/")
    expect(phone.locator("h1")).to_contain_text("2022-03 晒比榜单")
    board = phone.locator("#board-district")
    board.scroll_into_view_if_needed()
    expect(board.locator("h2")).to_have_text("区级综合评价榜")
    table = board.locator("table").first
    for name in ("排名", "单位", "得分", "较上月"):
        expect(table.get_by_role("columnheader", name=name, exact=True)).to_be_visible()
    # Detail columns give way on a phone rather than push the page sideways.
    expect(table.get_by_role("columnheader", name="事项得分", exact=True)).to_be_hidden()
    rows = district_board_rows(phone, "区直部门")
    expect(rows.nth(0).locator("td:visible")).to_have_text(["1", "区发改局", "100.00", "↑1"])
    expect(rows.nth(1).locator("td:visible")).to_have_text(["2", "区经信局", "80.00", "↓1"])
    expect(district_board_rows(phone, "乡镇街道").first.locator("td:visible")).to_have_text(
        ["1", "碧湖镇", "95.00", "—"]
    )
    assert phone.evaluate(NO_HORIZONTAL_SCROLL)
    SHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=SHOTS / "board-phone.png", full_page=True)

    rows.nth(1).get_by_role("link", name="区经信局").click()
    expect(phone.locator("h1")).to_contain_text("区经信局")
    item_row = phone.locator("table.board-table tbody tr", has_text="规上工业增加值增速")
    expect(item_row).to_contain_text("80.00")
    expect(item_row).to_contain_text("完成值 24.00亿元 · 序时进度 30.00亿元 · 完成率 80.0%")
    assert phone.evaluate(NO_HORIZONTAL_SCROLL)
    phone.screenshot(path=SHOTS / "unit-phone.png", full_page=True)

    item_row.get_by_role("link", name="规上工业增加值增速").click()
    expect(phone.locator("h1")).to_contain_text("规上工业增加值增速")
    expect(phone.locator("#trend-chart .trend-value .trend-dot")).to_have_count(2)
    trend_rows = phone.locator("table.board-table tbody tr")
    expect(trend_rows).to_have_count(2)
    expect(trend_rows.nth(0)).to_contain_text("2022-02")
    expect(trend_rows.nth(1)).to_contain_text("2022-03")
    assert phone.evaluate(NO_HORIZONTAL_SCROLL)
    phone.screenshot(path=SHOTS / "trend-phone.png", full_page=True)
