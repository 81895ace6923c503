"""本月填报 on a phone: text typed and not yet saved is not lost by following a link away."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from reporting.models import ReportState
from tests.factories import ReportFactory, UserFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leaving_the_fill_page_with_unsaved_text_asks_first(phone, district):
    UserFactory(username="rep_a", role=Role.REPORTER, unit=district.unit_a)
    report = ReportFactory(item=district.item_a, month=district.month, state=ReportState.DRAFT)
    login(phone, "rep_a")
    fill = f"{phone.base_url}/fill/?month=2022-03"
    phone.goto(fill)
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # stay on the page

    phone.on("dialog", answer)
    # Nothing typed: the link to the evidence files just goes there.
    phone.get_by_role("link", name="佐证材料（0）").click()
    expect(phone).to_have_url(f"{phone.base_url}/reports/{report.pk}/#evidence")
    assert asked == []

    phone.goto(fill)
    achievement = phone.locator(f"#id_i{district.item_a.pk}-achievement")
    achievement.fill("1-3月累计完成62亿元，尚未保存")
    phone.get_by_role("link", name="佐证材料（0）").click()
    phone.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert phone.url == fill
    expect(achievement).to_have_value("1-3月累计完成62亿元，尚未保存")

    # Saving does not ask.
    phone.get_by_role("button", name="保存草稿").click()
    expect(phone.locator(".alert-success")).to_contain_text("已保存 1 项，报送 0 项")
    assert asked == ["beforeunload"]
