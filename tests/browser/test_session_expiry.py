"""htmx in a real Chromium after the session ended: to the login page and back.

(The policy in the browser: tests/browser/test_every_page.py.)"""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import expect

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
    assert page.url == f"{page.base_url}/accounts/login/?next={next_page}"
    expect(page.locator("form.comment-form")).to_have_count(0)  # no page inside a page
    page.fill("#id_username", "lingdao")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(item_page)
    expect(page.locator("form.comment-form").first).to_be_visible()
