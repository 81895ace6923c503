"""The Content-Security-Policy in a real Chromium, and htmx after the session ended."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import login
from .tour import DEMO_PASSWORD, load_demo, walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Reports each violation of the page's policy to the test (an exposed binding is outside
# the page's policy, so it still works where the page's own scripts could not).
LISTEN = """
document.addEventListener("securitypolicyviolation", (e) =>
  window.cspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def watch_policy(page) -> list[str]:
    violations = []
    page.expose_function("cspViolation", lambda text: violations.append(text))
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and violations.append(m.text),
    )
    return violations


def test_it_opens_every_kind_of_page_without_a_policy_violation(page):
    load_demo()
    violations = watch_policy(page)
    seen = {}

    def check(page, step):
        assert page.evaluate("document.documentElement.outerHTML").startswith("<html")
        if page.locator("#trend-chart canvas").count():
            page.locator("#trend-chart").hover()  # the chart's tooltip
            page.mouse.move(300, 400)
        if page.locator("[data-bs-toggle=dropdown]").count():
            page.locator("[data-bs-toggle=dropdown]").first.click()  # Bootstrap's Popper
            page.keyboard.press("Escape")
        seen[step.name] = list(violations)
        violations.clear()

    opened = walk(page, check)
    assert len(opened) == sum(1 for _ in opened) >= 25
    assert {name: found for name, found in seen.items() if found} == {}

    # The listener does hear a violation: an inline style set from outside the policy.
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_timeout(200)
    assert violations and "style-src-attr" in violations[0]


def test_it_sends_an_htmx_request_after_the_session_ended_to_login_and_back(page):
    load_demo()
    login(page, "lingdao", DEMO_PASSWORD)
    page.goto(page.base_url + "/boards/")
    page.locator("#board-district a[href*='/units/']").first.click()
    page.locator("a[href^='/boards/items/']").first.click()
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
