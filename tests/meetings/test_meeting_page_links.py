"""The month's related pages link to each other: the meeting page to the boards (where
the office downloads the meeting workbook), the boards to the 预警 and the meeting; the
meeting page's month picker buttons read on one line."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_meeting_page_links_to_the_months_boards(personas, district):
    html = personas.leader.get(reverse("meetings:month", args=["2022-03"])).content.decode()
    boards = reverse("scoring:month_boards", args=["2022-03"])
    assert f'href="{boards}">本月榜单</a>' in html
    picker = html.split('id="meeting-month-picker"')[1].split("</div>")[0]
    assert f'action="{reverse("meetings:index")}"' in picker
    assert "text-nowrap" in picker


def test_the_boards_link_to_the_months_warnings_and_meeting(personas, district):
    from scoring import services

    services.publish_month("2022-03")
    url = reverse("scoring:month_boards", args=["2022-03"])
    html = personas.leader.get(url).content.decode()
    assert f'href="{reverse("scoring:warnings", args=["2022-03"])}">预警</a>' in html
    assert f'href="{reverse("meetings:month", args=["2022-03"])}">晒比会现场</a>' in html
    # A reporter, who may read neither page, is not sent to them.
    html = personas.reporter_a.get(url).content.decode()
    assert 'id="open-warnings"' not in html and 'id="open-meeting"' not in html


def test_the_meeting_page_names_the_revision_the_boards_show(personas, district):
    """第N版 and a correction's reason, as the board prints them (scoring/_run_banner.html)."""
    from reporting.models import BonusPenalty
    from scoring import services

    url = reverse("meetings:month", args=["2022-03"])
    assert "第1版" not in personas.leader.get(url).content.decode()  # not scored: no banner
    services.compute_month(district.month)
    assert "未发布 · 预览" in personas.leader.get(url).content.decode()
    services.publish_month("2022-03")
    assert "已发布 · 第1版" in personas.leader.get(url).content.decode()
    BonusPenalty.objects.create(
        unit=district.unit_a, month=district.month, points="3", reason="抗洪抢险"
    )
    services.publish_month("2022-03", user=personas.users.office, reason="补记区发改局加分")
    html = personas.leader.get(url).content.decode()
    assert "已发布 · 第2版" in html and "更正原因：补记区发改局加分" in html
    board = personas.leader.get(reverse("scoring:month_boards", args=["2022-03"]))
    assert "已发布 · 第2版" in board.content.decode()
