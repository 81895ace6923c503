"""The leaders' home: the district at a glance, and the actions the leader leads."""

import datetime
from decimal import Decimal

import pytest

from accounts.models import Role
from meetings import services
from tests.conftest import _login
from tests.factories import OfficialFactory, ReportFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_it_shows_the_month_the_boards_ends_and_the_lists(personas, scored):
    page = personas.leader.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "2022-03" in html and "预览 · 未发布" in html
    ends = {(e.board_label, e.group_label): e for e in page.context["ends"]}
    district = ends["区级综合评价榜", "区直部门"]
    # 区发改局 100.00 first, 区经信局 60.00 last (tests/meetings/conftest.py).
    assert [r.unit_name for r in district.first] == ["区发改局"]
    assert [r.unit_name for r in district.last] == ["区经信局"]
    assert page.context["lagging_count"] == 1
    assert "我领办的行动" not in html  # this leader's login stands for no official


def test_it_counts_open_and_overdue_assignments(personas, scored, official):
    for deadline in (datetime.date(2022, 3, 20), datetime.date(2099, 1, 1)):
        services.create_assignment(
            month=scored.month,
            content="抓落实",
            responsible_unit=scored.unit_b,
            deadline=deadline,
            assigned_by=official,
            created_by=personas.users.office,
        )
    page = personas.leader.get("/")
    assert page.context["assignments"] == {"open": 2, "overdue": 1}


def test_a_leader_linked_to_an_official_sees_the_actions_they_lead(scored):
    leader = OfficialFactory(name="陈副区长")
    scored.action.leader = leader
    scored.action.save()
    user = UserFactory(username="chen", role=Role.LEADER, official=leader)
    from scoring.services import compute_month

    compute_month(scored.month)
    page = _login(user).get("/")
    led = page.context["led_actions"]
    assert [entry.action.name for entry in led] == ["数字赋能"]
    assert led[0].row.rank == 1
    assert [item.item_code for item in led[0].lagging] == ["B-001"]
    html = page.content.decode()
    assert "我领办的行动" in html and "B-001" in html


def test_the_office_keeps_its_own_home(personas, scored):
    assert "ends" not in personas.office.get("/").context


def test_it_reads_the_leaders_home_in_a_fixed_number_of_queries(
    personas, scored, django_assert_num_queries
):
    from tests.meetings.test_screen import _grow

    personas.leader.get("/")  # warm up: the session's once-a-minute save happens here
    # session, user, actions, their items counted by kind and level, notices, the month,
    # assignment counts, the month's runs; the run's boards and 预警 counts come from the
    # cache
    with django_assert_num_queries(8):
        personas.leader.get("/")
    _grow(scored, 5)  # rescored: a new preview, whose units, actions, items and bands are
    with django_assert_num_queries(12):  # read once
        personas.leader.get("/")
    with django_assert_num_queries(8):
        personas.leader.get("/")


def test_it_shows_a_rescored_month_at_once(personas, scored):
    from tests.meetings.test_screen import _grow

    page = personas.leader.get("/")
    assert "G00" not in {row.unit_code for row in page.context["boards"].units}
    before = page.context["warnings"]
    assert "行动0" not in page.content.decode()
    _grow(scored, 1)
    page = personas.leader.get("/")
    assert "G00" in {row.unit_code for row in page.context["boards"].units}
    assert sum(page.context["warnings"].values()) == sum(before.values()) + 3
    # The board sections, drawn once per run, are the new run's: 行动0 ranks among the actions.
    actions = page.content.decode().split('id="leader-actions"')[1].split("</section>")[0]
    assert "行动0" in actions


def test_it_opens_on_the_meeting_month_and_shows_a_picked_preview_without_ranking_the_unreported(
    personas, scored
):
    from scoring.services import compute_month, publish_month
    from tests.factories import MonthFactory

    publish_month("2022-03")
    april = MonthFactory(year=2022, number=4)
    ReportFactory(item=scored.item_a, month=april, value=Decimal("40"))  # B and T: 未报送
    compute_month(april)
    page = personas.leader.get("/")
    html = page.content.decode()
    # The meeting month: March, published, not April's live preview.
    assert page.context["month"].label == "2022-03"
    assert "已发布第1版" in html and 'id="preview-label"' not in html
    assert '<option value="2022-04">' in html  # the picker offers the preview
    page = personas.leader.get("/", {"month": "2022-04"})
    html = page.content.decode()
    assert page.context["month"].label == "2022-04"
    assert 'id="preview-label"' in html and "预览" in html
    ranked = {row.unit_code for end in page.context["ends"] for row in end.first + end.last}
    assert ranked == {"A01"}  # B01 and T01 have 未报送 items: neither first nor last
    assert [(group, [r.unit_code for r in rows]) for group, rows in page.context["unreported"]] == [
        ("区直部门", ["B01"]),
        ("乡镇街道", ["T01"]),
    ]
    assert personas.leader.get("/", {"month": "2030-01"}).status_code == 404


def test_a_preview_board_shows_unreported_units_as_such_not_as_a_rank(personas, scored):
    from django.urls import reverse

    from tests.factories import MonthFactory

    april = MonthFactory(year=2022, number=4)
    ReportFactory(item=scored.item_a, month=april, value=Decimal("40"))
    from scoring.services import compute_month

    compute_month(april)
    html = personas.leader.get(reverse("scoring:month_boards", args=["2022-04"])).content.decode()
    table = html[html.index('id="board-district"') :]
    row_b = table[: table.index("区经信局")].rsplit("<tr", 1)[1]
    assert "未报送" in row_b
    screen = personas.leader.get(reverse("meetings:screen", args=["2022-04", 0])).content.decode()
    assert "预览" in screen
