"""The office's month in a real Chromium, as a new user plays it: 催报 to two late units
whose robot messages arrive signed at a DingTalk-like server on 127.0.0.1, the counts
falling as the units report, publishing through the checklist, and a late report going
into a correction."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from actions.models import Unit
from reporting import services
from reporting.models import Delivery, Report, ReportState
from scoring.models import ScoreRun
from tests.factories import UserFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_user(page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def total(page, label: str):
    return page.locator("#status-totals a", has_text=label).locator(".badge")


def test_the_office_runs_its_month(page, district, robot_server):
    office = UserFactory(username="office", role=Role.OFFICE, is_staff=True)
    UserFactory(username="rep_a", role=Role.REPORTER, unit=district.unit_a)
    rep_b = UserFactory(username="rep_b", role=Role.REPORTER, unit=district.unit_b)
    for unit, token in [(district.unit_a, "tok-a"), (district.unit_b, "tok-b")]:
        Unit.objects.filter(pk=unit.pk).update(
            contact_name=f"{unit.name}联系人",
            contact_mobile="13912345678",
            robot_webhook=robot_server.robot(token, f"SEC-{token}"),
            robot_secret=f"SEC-{token}",
        )

    # The office's home: the month at a glance, three units late.
    login(page, "office")
    expect(page.locator("#office-month")).to_contain_text("2022-03 月报")
    expect(page.locator("#deadline-countdown")).to_contain_text("已过截止日")
    expect(total(page, "未填")).to_have_text("3")

    # 催报 to two of them.
    page.check(f"#remind-unit-{district.unit_a.pk}")
    page.check(f"#remind-unit-{district.unit_b.pk}")
    page.get_by_role("button", name="催报所选单位").click()
    expect(page.locator(".alert-success")).to_contain_text("已向 2 个单位催报")
    assert sorted(r.token for r in robot_server.received) == ["tok-a", "tok-b"]
    assert not robot_server.refusals  # both signatures checked out
    message = robot_server.to("tok-a")[0]
    assert message.title == "【晒比会】2022-03 月报催报"
    assert "A-001 固定资产投资" in message.text and "2022-03-25" in message.text
    page.get_by_role("link", name="发送记录").first.click()
    expect(page.locator("#delivery-log")).to_contain_text("区发改局")
    expect(page.locator("#delivery-log tbody tr", has_text="工作群机器人").first).to_contain_text(
        "已发送"
    )
    assert Delivery.objects.filter(channel="robot", status="sent").count() == 2

    # The units report; the counts fall.
    switch_user(page, "rep_a")
    page.goto(page.base_url + "/fill/?month=2022-03")
    card = page.locator(f"#item-{district.item_a.pk}")
    card.locator(f"#id_i{district.item_a.pk}-value").fill("30")
    card.locator(f"#id_i{district.item_a.pk}-achievement").fill("完成投资30亿元")
    card.get_by_role("button", name="报送本项").click()
    expect(page.locator(".alert-success")).to_contain_text("报送 1 项")
    report_b = services.save_report(
        district.item_b, district.month, {"value": Decimal("29"), "achievement": "完成29"}, rep_b, 0
    )
    services.submit_report(report_b, rep_b, report_b.version)

    switch_user(page, "office")
    expect(total(page, "未填")).to_have_text("1")
    expect(total(page, "待考核办审核")).to_have_text("2")

    # The office accepts A and returns B from the review pages.
    page.locator("#month-status").get_by_role("link", name="区发改局").click()
    row = page.locator("tbody tr", has_text="A-001")
    row.get_by_role("button", name="通过", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("已审核通过")
    page.goto(f"{page.base_url}/review/2022-03/units/{district.unit_b.pk}/")
    row = page.locator("tbody tr", has_text="B-001")
    row.get_by_placeholder("退回理由").fill("增速口径有误，请核实后重报")
    row.get_by_role("button", name="退回", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("已退回")
    page.goto(page.base_url + "/")
    expect(total(page, "已通过")).to_have_text("1")
    expect(total(page, "已退回")).to_have_text("1")
    expect(total(page, "待考核办审核")).to_have_text("0")

    # Publishing through the checklist, which names what is still open.
    page.goto(page.base_url + "/boards/2022-03/?preview=1")
    page.get_by_role("link", name="发布本月榜单").click()
    expect(page.locator("#publish-summary")).to_contain_text(
        "未报送 1 项、待审核 0 项、已退回 1 项"
    )
    expect(page.locator("table")).to_contain_text("碧湖镇")
    page.get_by_label("我已知悉仍有 未报送 1 项、待审核 0 项、已退回 1 项，照常发布").check()
    page.get_by_role("button", name="发布本月榜单").click()
    expect(page.locator(".alert-success[role=alert]")).to_contain_text("2022-03 已发布（第1版）")
    assert ScoreRun.objects.publications().count() == 1

    # B's returned report is still editable: it comes back late.
    switch_user(page, "rep_b")
    page.goto(page.base_url + "/fill/?month=2022-03")
    card = page.locator(f"#item-{district.item_b.pk}")
    expect(card.locator(".alert-warning")).to_have_text("退回理由：增速口径有误，请核实后重报")
    card.locator(f"#id_i{district.item_b.pk}-value").fill("31")
    card.get_by_role("button", name="报送本项").click()
    expect(page.locator(".alert-success")).to_contain_text("报送 1 项")
    assert Report.objects.get(item=district.item_b).late

    # The office's acceptance goes into a correction, with its reason.
    switch_user(page, "office")
    page.goto(f"{page.base_url}/review/2022-03/units/{district.unit_b.pk}/")
    row = page.locator("tbody tr", has_text="B-001")
    row.get_by_role("button", name="通过", exact=True).click()
    expect(page.locator(".alert-warning")).to_contain_text("通过的月报将进入更正发布")
    page.goto(page.base_url + "/boards/2022-03/")
    expect(page.get_by_text("数据在发布后有变化")).to_be_visible()
    page.get_by_role("link", name="更正发布").click()
    summary = page.locator("#publish-summary")
    expect(summary).to_contain_text("未报送 1 项、待审核 0 项、已退回 0 项")
    page.locator("#publish-confirm").check()
    page.get_by_label("更正原因").fill("区经信局逾期补报B-001")
    page.get_by_role("button", name="更正发布").click()
    expect(page.locator(".alert-success[role=alert]")).to_contain_text(
        "2022-03 已更正发布（第2版）"
    )
    correction = ScoreRun.objects.publications().get(revision=2)
    assert correction.reason == "区经信局逾期补报B-001"
    assert Report.objects.get(item=district.item_b).state == ReportState.ACCEPTED
    assert office.pk  # the office did all of it through the pages
