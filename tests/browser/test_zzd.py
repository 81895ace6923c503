"""浙政钉 in a real Chromium, with the local gateway on 127.0.0.1: the login page opened
as inside 浙政钉 (its JSAPI, dd.getAuthCode, answered by a stub script injected into the
page) signs in a linked reporter and refuses an unlinked person; a 催报 sends the
reporter a 工作通知 whose link opens the month's fill page and a 待办; reporting the
unit's last item finishes the 待办; a gateway error shows as failed, never as sent."""

import json
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from reporting.models import Delivery, Todo
from tests.factories import UserFactory
from zzd.gateway import NOTICE_PATH, TODO_CREATE_PATH, TODO_FINISH_PATH
from zzd.services import link_account

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def inside_zzd(page, code: str, link: str | None = None) -> None:
    """Open the 免登 page (or ``link``, a 工作通知's) as 浙政钉 would, its JSAPI handing
    out ``code``."""
    page.context.clear_cookies()
    page.add_init_script(
        "window.dd = {getAuthCode: function (options) {"
        " sessionStorage.setItem('corpId', options.corpId);"
        f" return Promise.resolve({{code: '{code}'}});"
        " }};"
    )
    page.goto(link or page.base_url + "/zzd/login/?next=/fill/%3Fmonth%3D2022-03")


@pytest.fixture
def people(district, zzd_gateway, live_server, settings):
    settings.SHOWCASE_SITE_URL = live_server.url
    UserFactory(username="office", role=Role.OFFICE, is_staff=True)
    rep_a = UserFactory(username="rep_a", role=Role.REPORTER, unit=district.unit_a)
    link_account(rep_a, "1001", "GE_1001")
    return rep_a


def test_a_linked_reporter_is_signed_in_and_an_unlinked_person_refused(page, people, zzd_gateway):
    inside_zzd(page, zzd_gateway.person("1001", "郑佳"))
    expect(page).to_have_url(page.base_url + "/fill/?month=2022-03")
    expect(page.locator(".navbar")).to_contain_text("rep_a")
    assert page.evaluate("sessionStorage.getItem('corpId')") == "196729"  # ZZD_TENANT_ID

    inside_zzd(page, zzd_gateway.person("2002", "王五"))
    refusal = page.locator("#zzd-refusal")
    expect(refusal).to_contain_text("你的浙政钉账号尚未关联本平台的登录")
    expect(refusal).to_contain_text("2002")
    expect(page.locator(".navbar")).not_to_contain_text("rep_a")


def test_a_remind_reaches_the_reporter_and_their_report_finishes_the_todo(
    page, people, zzd_gateway, district
):
    login(page, "office")
    page.goto(page.base_url + "/review/?month=2022-03")
    page.check(f"#remind-unit-{district.unit_a.pk}")
    page.get_by_role("button", name="催报所选单位").click()
    expect(page.locator(".alert-success")).to_contain_text("浙政钉工作通知 1 个已发送")
    expect(page.locator(".alert-success")).to_contain_text("浙政钉待办 1 个已发送")

    [notice] = zzd_gateway.sent(NOTICE_PATH)
    link = json.loads(notice["msg"])["link"]["messageUrl"]
    # Opened inside 浙政钉 with no session of ours: through 免登, then the month's fill page.
    assert link == page.base_url + "/zzd/login/?next=" + quote("/fill/?month=2022-03", safe="")
    [todo] = zzd_gateway.sent(TODO_CREATE_PATH)
    assert todo["assigneeId"] == "1001"

    # The reporter opens the 工作通知 inside 浙政钉: signed in, on the month's fill page.
    inside_zzd(page, zzd_gateway.person("1001"), link)
    page.wait_for_url(page.base_url + "/fill/?month=2022-03")
    card = page.locator(f"#item-{district.item_a.pk}")
    card.locator(f"#id_i{district.item_a.pk}-value").fill("30")
    card.locator(f"#id_i{district.item_a.pk}-achievement").fill("完成投资30亿元")
    card.get_by_role("button", name="报送本项").click()
    expect(page.locator(".alert-success")).to_contain_text("报送 1 项")

    [finish] = zzd_gateway.sent(TODO_FINISH_PATH)
    assert finish["userId"] == "1001"
    assert Todo.objects.get().finished_at is not None


def test_a_gateway_error_shows_as_failed_never_as_sent(page, people, zzd_gateway, district):
    zzd_gateway.fail_next(NOTICE_PATH, "ServiceUnavailable", times=1)  # retried: goes out
    zzd_gateway.fail_next(TODO_CREATE_PATH, "InvalidReceiver")  # refused for good
    login(page, "office")
    page.goto(page.base_url + "/review/?month=2022-03")
    page.check(f"#remind-unit-{district.unit_a.pk}")
    page.get_by_role("button", name="催报所选单位").click()
    expect(page.locator(".alert-success")).to_contain_text("浙政钉待办 1 个发送失败")

    page.goto(page.base_url + "/deliveries/?month=2022-03")
    todo_row = page.locator("#delivery-log tbody tr", has_text="浙政钉待办")
    expect(todo_row).to_contain_text("发送失败")
    expect(todo_row).to_contain_text("InvalidReceiver")
    notice_row = page.locator("#delivery-log tbody tr", has_text="浙政钉工作通知")
    expect(notice_row).to_contain_text("已发送")
    assert Delivery.objects.get(channel="zzd_notice").attempts == 2
    assert Delivery.objects.get(channel="zzd_todo").status == "failed"
