"""The meeting page leads to the month's boards, where the office also downloads the
meeting workbook, and its switchers' buttons read on one line."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_meeting_page_links_to_the_months_boards(personas, district):
    html = personas.leader.get(reverse("meetings:month", args=["2022-03"])).content.decode()
    boards = reverse("scoring:month_boards", args=["2022-03"])
    assert f'href="{boards}">本月榜单</a>' in html
    assert "text-nowrap" in html.split('id="month-switch"')[1].split("</form>")[0]
