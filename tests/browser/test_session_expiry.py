"""Forms in a real Chromium after the session ended: to the login page, back to the
page, and what was typed is there again (static/js/keep.js): the leader's comment
(htmx), the reporter's 实现情况 on the fill page and the office's 退回理由.

(The policy in the browser: tests/browser/test_every_page.py.)"""

import datetime
from urllib.parse import quote

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from reporting.models import Report, ReportState
from tests.factories import PASSWORD, ReportFactory, UserFactory

from .conftest import login
from .tour import DEMO_PASSWORD, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_sends_an_htmx_request_after_the_session_ended_to_login_and_back(page):
    load_demo()
    login(page, "lingdao", DEMO_PASSWORD)
    page.goto(page.base_url + "/boards/")
    page.locator("#board-district a[href*='/units/']").first.click()
    page.locator("a[href^='/boards/items/']").first.click()
    page.wait_for_load_state()  # htmx has taken over the form
    item_page = page.url
    form = page.locator("form.comment-form").first
    expect(form).to_be_visible()

    # 30 minutes idle: the session is over, the page is still open.
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    form.locator("textarea").fill("请加快进度")
    form.locator("button[type=submit]").click()

    page.wait_for_url(lambda url: "/accounts/login/" in url)
    next_page = item_page.removeprefix(page.base_url)
    assert page.url == f"{page.base_url}/accounts/login/?next={quote(next_page, safe='/')}"
    expect(page.locator("form.comment-form")).to_have_count(0)  # no page inside a page
    page.fill("#id_username", "lingdao")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(item_page)
    form = page.locator("form.comment-form").first
    expect(form.locator("textarea")).to_have_value("请加快进度")
    expect(page.locator(".kept-note")).to_be_visible()
    form.locator("button[type=submit]").click()
    expect(page.locator(".comment-list").first).to_contain_text("请加快进度")
    page.reload()  # posted: the copy is gone
    expect(page.locator("form.comment-form").first.locator("textarea")).to_have_value("")
    expect(page.locator(".kept-note")).to_have_count(0)


def expire_sessions() -> None:
    """30 minutes idle: the session is over, the page is still open."""
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))


def log_in_again(page, username: str, back_to: str) -> None:
    page.wait_for_url(lambda url: "/accounts/login/" in url)
    assert page.url == f"{page.base_url}/accounts/login/?next={quote(back_to, safe='/')}"
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + back_to)


def test_the_fill_pages_text_comes_back_after_the_login(page, personas, district):
    achievement = f"#id_i{district.item_a.pk}-achievement"
    login(page, "rep_a")
    page.goto(page.base_url + "/fill/")
    expire_sessions()
    page.locator(achievement).fill("完成投资12亿元，新开工项目5个")
    page.get_by_role("button", name="保存草稿").click()

    log_in_again(page, "rep_a", "/fill/")
    expect(page.locator(achievement)).to_have_value("完成投资12亿元，新开工项目5个")
    expect(page.locator(".kept-note")).to_be_visible()
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".alert-success")).to_contain_text("已保存 1 项")
    assert Report.objects.get(item=district.item_a).achievement == "完成投资12亿元，新开工项目5个"


def test_the_review_reason_comes_back_after_the_login(page, personas, district):
    report = ReportFactory(item=district.item_b, month=district.month, state=ReportState.SUBMITTED)
    detail = reverse("reporting:report_detail", args=[report.pk])
    login(page, "office")
    page.goto(page.base_url + detail)
    expire_sessions()
    page.get_by_placeholder("退回理由").fill("佐证材料与完成值对不上，请补充验收单")
    page.get_by_role("button", name="退回", exact=True).click()

    log_in_again(page, "office", detail)
    expect(page.get_by_placeholder("退回理由")).to_have_value(
        "佐证材料与完成值对不上，请补充验收单"
    )
    page.get_by_role("button", name="退回", exact=True).click()
    expect(page.locator(".alert-success")).to_be_visible()
    report.refresh_from_db()
    assert (report.state, report.return_reason) == (
        ReportState.RETURNED,
        "佐证材料与完成值对不上，请补充验收单",
    )


def test_what_one_person_typed_is_not_put_back_for_another(page, personas, district):
    """A shared computer: the tab's copy is only for the person who typed it."""
    UserFactory(username="rep_a2", role=Role.REPORTER, unit=district.unit_a)
    achievement = f"#id_i{district.item_a.pk}-achievement"
    login(page, "rep_a")
    page.goto(page.base_url + "/fill/")
    expire_sessions()
    page.locator(achievement).fill("只给本人看的草稿")
    page.get_by_role("button", name="保存草稿").click()

    log_in_again(page, "rep_a2", "/fill/")
    expect(page.locator(achievement)).to_have_value("")
    expect(page.locator(".kept-note")).to_have_count(0)


def test_a_return_reason_refused_as_too_long_is_back_in_its_box(page, personas, district):
    """Refused, not lost: the office shortens the reason it typed instead of typing it again."""
    report = ReportFactory(item=district.item_b, month=district.month, state=ReportState.SUBMITTED)
    detail = reverse("reporting:report_detail", args=[report.pk])
    too_long = "佐证材料与完成值对不上。" * 26  # 312 characters, the limit is 300
    login(page, "office")
    page.goto(page.base_url + detail)
    page.get_by_placeholder("退回理由").fill(too_long)
    page.get_by_role("button", name="退回", exact=True).click()

    expect(page.locator(".alert-danger")).to_contain_text("最多 300 字，现有 312 字")
    assert page.url == page.base_url + detail
    expect(page.get_by_placeholder("退回理由")).to_have_value(too_long)
    expect(page.locator(".kept-note")).to_have_count(0)  # the refusal says why
    page.get_by_placeholder("退回理由").fill(too_long[:300])
    page.get_by_role("button", name="退回", exact=True).click()
    expect(page.locator(".alert-success")).to_be_visible()
    report.refresh_from_db()
    assert (report.state, report.return_reason) == (ReportState.RETURNED, too_long[:300])
    page.reload()  # done: nothing is put back any more
    expect(page.get_by_placeholder("退回理由")).to_have_count(0)


def test_a_correction_refused_for_its_reason_goes_back_to_the_checklist_with_it(
    page, personas, district
):
    from scoring.services import publish_month

    report = ReportFactory(item=district.item_a, month=district.month, state=ReportState.ACCEPTED)
    publish_month(district.month.label)
    report.value = report.value + 1 if report.value is not None else 1
    report.save()
    check = reverse("scoring:publish_check", args=[district.month.label])
    too_long = "补录" * 151  # 302 characters
    login(page, "office")
    page.goto(page.base_url + check)
    confirm = page.locator("#publish-confirm")
    if confirm.count():
        confirm.check()
    page.locator("#publish-reason").fill(too_long)
    page.get_by_role("button", name="更正发布").click()

    expect(page.locator(".alert-danger")).to_contain_text("最多 300 字，现有 302 字")
    assert page.url == page.base_url + check
    expect(page.locator("#publish-reason")).to_have_value(too_long)
