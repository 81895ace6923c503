"""A new user's first minutes, in a real Chromium."""

import pytest

from accounts.models import Role
from tests.factories import UserFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_shows_a_reporter_only_the_own_units_items(page, district):
    UserFactory(username="rep_a", role=Role.REPORTER, unit=district.unit_a)
    login(page, "rep_a")
    assert page.locator("h1").first.inner_text().startswith("区发改局")
    assert page.get_by_text("固定资产投资").count() >= 1
    page.goto(page.base_url + "/items/")
    body = page.locator("main").inner_text()
    assert "A-001" in body
    assert "B-001" not in body and "T-001" not in body


def test_it_lets_the_office_filter_the_item_list(page, district):
    UserFactory(username="office", role=Role.OFFICE)
    login(page, "office")
    assert "八大行动" in page.locator("h1").inner_text()
    page.goto(page.base_url + "/items/")
    page.select_option("#id_lead_unit", label="区经信局")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_load_state("networkidle")
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert "B-001" in rows.first.inner_text()


def test_it_says_in_chinese_that_a_login_failed(page, district):
    UserFactory(username="office", role=Role.OFFICE)
    login(page, "office", "wrong-password")
    assert "用户名或密码不正确" in page.locator(".alert-danger").inner_text()


def test_it_switches_between_chinese_and_english_and_keeps_the_choice(page, district):
    UserFactory(username="office", role=Role.OFFICE)
    page.goto(page.base_url + "/accounts/login/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "en"
    login(page, "office")
    nav = page.locator("nav").inner_text()
    assert "Boards" in nav and "Log out" in nav and "榜单" not in nav
    page.goto(page.base_url + "/items/")
    assert "Boards" in page.locator("nav").inner_text()
    page.get_by_role("button", name="中文").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/items/")
    nav = page.locator("nav").inner_text()
    assert "榜单" in nav and "退出" in nav and "Boards" not in nav
