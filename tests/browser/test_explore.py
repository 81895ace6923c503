"""What a new user hit trying the pages: the office's menu in English on a laptop, the
item list's filters and the plan's carry-over confirmation."""

import pytest

from accounts.models import Role
from tests.factories import UserFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def english_laptop(browser, live_server, settings):
    settings.AXES_ENABLED = False
    context = browser.new_context(
        locale="en-US",
        viewport={"width": 1366, "height": 768},
        extra_http_headers={"Accept-Language": "en"},
    )
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def test_the_offices_english_menu_fits_a_laptop_and_keeps_log_out(english_laptop, district):
    UserFactory(username="office", role=Role.OFFICE)
    login(english_laptop, "office")
    assert english_laptop.get_by_role("link", name="Plan years").is_visible()
    overflow = english_laptop.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    logout = english_laptop.get_by_role("button", name="Log out")
    box = logout.bounding_box()
    assert box["x"] + box["width"] <= 1366


def test_the_item_list_filters_fit_a_phone(phone, district):
    UserFactory(username="leader", role=Role.LEADER)
    login(phone, "leader")
    phone.goto(phone.base_url + "/items/")
    box = phone.locator("#id_q").bounding_box()
    assert box["x"] + box["width"] <= 390
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_carrying_the_whole_plan_over_asks_first(page, district):
    from actions.models import Item

    UserFactory(username="office", role=Role.OFFICE)
    login(page, "office")
    page.goto(page.base_url + "/plan/2022/carry-over/")
    questions = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.get_by_role("button", name="全部结转").click()
    page.wait_for_timeout(300)
    assert questions == ["将本年度全部 3 项事项结转到 2023 年度？"]
    assert not Item.objects.of_year(2023).exists()


def test_the_unit_drill_down_keeps_the_report_text_readable_on_a_phone(phone, district):
    from reporting.models import ReportState
    from tests.factories import ReportFactory

    ReportFactory(
        item=district.item_a,
        month=district.month,
        state=ReportState.SUBMITTED,
        achievement="1-3月累计完成60.47亿元，为年度目标的23.26%，落后序时进度1.74个百分点。" * 2,
    )
    UserFactory(username="office", role=Role.OFFICE)
    login(phone, "office")
    phone.goto(phone.base_url + f"/review/2022-03/units/{district.unit_a.pk}/")
    text = phone.locator("td.review-text").first.bounding_box()
    assert text["width"] >= 240  # a readable line, not a character a line
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0  # the table scrolls inside its box, the page does not
