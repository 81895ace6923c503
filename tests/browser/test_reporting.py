"""The monthly reporting cycle in a real Chromium: a reporter fills 本月填报 on
a phone, the unit head approves, the office returns and accepts; and two people saving
the same report at once."""

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from reporting import services
from reporting.models import Report, ReportState
from tests.factories import UserFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")


def switch_user(page, username: str) -> None:
    """Log in as someone else in the same browser context (cheaper than a new context)."""
    page.context.clear_cookies()
    login(page, username)


def field(page, item, name: str):
    """The input of one field of an item's form on the fill page (prefix i<pk>)."""
    return page.locator(f"#id_i{item.pk}-{name}")


def field_box(page, item, name: str):
    """The field's wrapper: its label, input and the error shown next to it."""
    return page.locator(f"#item-{item.pk} div:has(> #id_i{item.pk}-{name})")


@pytest.fixture
def unit_a_staff(district):
    return {
        "reporter": UserFactory(username="rep_a", role=Role.REPORTER, unit=district.unit_a),
        "head": UserFactory(username="head_a", role=Role.UNIT_HEAD, unit=district.unit_a),
        "office": UserFactory(username="office", role=Role.OFFICE),
    }


def test_it_runs_a_report_from_the_phone_to_the_office_and_back(
    phone, page, district, unit_a_staff
):
    item = district.item_a  # target 120, cumulative: 序时进度 in March is 30

    # 填报员 on the phone: 20 of 30 is red, so 存在问题 and 具体措施 are required.
    login(phone, "rep_a")
    phone.goto(phone.base_url + "/fill/")
    card = phone.locator(f"#item-{item.pk}")
    expect(card).to_contain_text("固定资产投资")
    expect(card).to_contain_text("序时进度 30")
    field(phone, item, "value").fill("20")
    field(phone, item, "achievement").fill("完成投资20亿元")
    card.get_by_role("button", name="报送本项").click()
    expect(phone.locator(".alert-danger").first).to_contain_text("本页内容均未保存")
    for name, label in (("problems", "存在问题"), ("measures", "具体措施")):
        expect(field_box(phone, item, name).locator(".invalid-feedback")).to_have_text(
            f"该事项评分为红色或进度滞后，报送前须填写{label}"
        )
    expect(field(phone, item, "value")).to_have_value("20")
    expect(field(phone, item, "achievement")).to_have_value("完成投资20亿元")
    SHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=SHOTS / "fill-phone-error.png", full_page=True)
    assert not Report.objects.filter(item=item).exists()

    field(phone, item, "problems").fill("两个项目开工延后")
    field(phone, item, "measures").fill("专班督促，4月底前开工")
    card = phone.locator(f"#item-{item.pk}")
    card.get_by_role("button", name="报送本项").click()
    expect(phone.locator(".alert-success")).to_contain_text("已保存 1 项，报送 1 项")
    expect(phone.locator(f"#item-{item.pk}")).to_contain_text("待负责人审核")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # 单位负责人 approves from the same page.
    switch_user(page, "head_a")
    page.goto(page.base_url + "/fill/")
    page.locator(f"#item-{item.pk}").get_by_role("button", name="审核通过").click()
    expect(page.locator(".alert-success")).to_contain_text("已审核通过，报考核办")

    # 考核办: the review board counts the unit's reports, then returns this one.
    switch_user(page, "office")
    page.goto(page.base_url + "/review/?month=2022-03")
    row = page.locator("section:has(h2:text('全部单位')) tbody tr", has_text="区发改局")
    # 单位 分组 应报 未填 草稿 待审核 已退回 已通过 待报送
    expect(row.locator("td")).to_have_text(
        ["区发改局", "区直部门", "1", "0", "0", "1", "0", "0", "0"]
    )
    row.get_by_role("link", name="区发改局").click()
    item_row = page.locator("tbody tr", has_text="A-001")
    expect(item_row).to_contain_text("待考核办审核")
    item_row.get_by_placeholder("退回理由").fill("完成值口径应为年累计，请核对")
    item_row.get_by_role("button", name="退回", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("已退回")
    expect(page.locator("tbody tr", has_text="A-001")).to_contain_text("已退回")

    # The reporter sees the reason and resubmits what is already there.
    phone.goto(phone.base_url + "/fill/")
    card = phone.locator(f"#item-{item.pk}")
    expect(card.locator(".alert-warning")).to_have_text("退回理由：完成值口径应为年累计，请核对")
    expect(field(phone, item, "problems")).to_have_value("两个项目开工延后")
    field(phone, item, "value").fill("26.5")
    card.get_by_role("button", name="报送本项").click()
    expect(phone.locator(".alert-success")).to_contain_text("报送 1 项")

    # The head's second approval is not what this test is about.
    report = Report.objects.get(item=item)
    services.approve_report(report, unit_a_staff["head"])

    page.goto(f"{page.base_url}/review/2022-03/units/{district.unit_a.pk}/")
    item_row = page.locator("tbody tr", has_text="A-001")
    expect(item_row).to_contain_text("26.5")
    item_row.get_by_role("button", name="通过", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("已审核通过")
    expect(page.locator("tbody tr", has_text="A-001")).to_contain_text("已通过")
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    assert report.value == Decimal("26.5")


def test_it_refuses_the_second_of_two_concurrent_saves_and_shows_the_newer_values(
    page, phone, district, unit_a_staff
):
    item = district.item_a
    colleague = UserFactory(
        username="rep_a2", display_name="李四", role=Role.REPORTER, unit=district.unit_a
    )
    services.save_report(
        item, district.month, {"value": Decimal("28"), "achievement": "初稿"}, colleague, 0
    )
    login(page, "rep_a2")
    login(phone, "rep_a")
    for browser_page in (page, phone):
        browser_page.goto(browser_page.base_url + "/fill/")
        expect(field(browser_page, item, "achievement")).to_have_value("初稿")

    field(page, item, "value").fill("31")
    field(page, item, "achievement").fill("李四：已完成31亿元")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".alert-success")).to_contain_text("已保存 1 项")

    field(phone, item, "achievement").fill("张三：完成30亿元")
    phone.get_by_role("button", name="保存草稿").click()
    card = phone.locator(f"#item-{item.pk}")
    expect(card.locator(".alert-danger")).to_contain_text("该月报已被 李四 于")
    expect(card.locator(".alert-danger")).to_contain_text("您的修改未保存")
    expect(card.locator(".stale-values")).to_contain_text("李四：已完成31亿元")
    expect(card.locator(".stale-values")).to_contain_text("31")
    expect(field(phone, item, "achievement")).to_have_value("张三：完成30亿元")
    assert Report.objects.get(item=item).achievement == "李四：已完成31亿元"

    # Having seen the newer values, saving again deliberately replaces them.
    phone.get_by_role("button", name="保存草稿").click()
    expect(phone.locator(".alert-success")).to_contain_text("已保存 1 项")
    assert Report.objects.get(item=item).achievement == "张三：完成30亿元"
