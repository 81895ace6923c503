"""Big-screen mode (大屏模式): the step sequence, access, chrome and fixed query counts."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from actions.models import Level
from meetings import services
from meetings.screen import red_first, screen_steps
from meetings.views.meeting import screen_density
from scoring.queries import load_month_boards
from scoring.services import compute_month
from tests.factories import ActionFactory, ItemFactory, ReportFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_it_steps_through_actions_items_and_the_three_boards(scored):
    steps = screen_steps(load_month_boards("2022-03"))
    assert [(s.kind, s.title) for s in steps] == [
        ("actions", "八大行动"),
        ("action", "数字赋能"),
        ("board", "省考排行榜"),
        ("board", "市考排行榜"),
        ("board", "区级综合评价榜"),
    ]
    assert [i.item_code for i in steps[1].items] == ["B-001", "T-001", "A-001"]  # red first
    assert [label for label, _ in steps[4].groups] == ["区直部门", "乡镇街道"]
    assert steps[3].groups == []  # no 市考 item this month


def test_it_orders_red_then_yellow_then_green(scored):
    items = load_month_boards("2022-03").items
    assert [i.band for i in red_first(list(reversed(items)))] == ["red", "yellow", "green"]


def test_it_shows_each_step_large_without_admin_chrome(personas, scored):
    html = personas.leader.get(reverse("meetings:screen", args=["2022-03", 1])).content.decode()
    assert "navbar" not in html and 'id="screen"' in html and "screen.js" in html
    assert 'data-prev-url="/meetings/2022-03/screen/0/"' in html
    assert 'data-next-url="/meetings/2022-03/screen/2/"' in html
    assert html.index("规上工业增加值增速") < html.index("固定资产投资")  # red before green
    assert "band-red" in html and "26/26" in html
    last = personas.office.get(reverse("meetings:screen", args=["2022-03", 4])).content.decode()
    assert 'data-next-url=""' in last and "区级综合评价榜" in last and "碧湖镇" in last


def test_it_sets_longer_tables_in_smaller_type_to_fit_one_screen(personas, scored):
    def body_class(step: int) -> str:
        url = reverse("meetings:screen", args=["2022-03", step])
        html = personas.leader.get(url).content.decode()
        return re.search(r'<body class="([^"]*)"', html).group(1).split()

    assert body_class(0) == ["screen-mode"]  # a handful of actions
    _grow(scored, 12)  # 13 actions: the first page's table grows past 10 rows
    assert body_class(0) == ["screen-mode", "screen-dense"]
    assert [screen_density(n) for n in (10, 11, 15, 16, 20, 21)] == [
        "",
        "screen-dense",
        "screen-dense",
        "screen-denser",
        "screen-denser",
        "screen-densest",
    ]


def test_it_ends_with_the_months_ratings(personas, scored):
    session = services.open_rating_session(
        month=scored.month, user=personas.users.office, units=[scored.unit_a], title="现场测评一"
    )
    html = personas.leader.get(reverse("meetings:screen", args=["2022-03", 5])).content.decode()
    assert "现场测评一" in html and "<svg" in html and session.token in html
    assert personas.leader.get(reverse("meetings:screen", args=["2022-03", 6])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("office", 200),
        ("leader", 200),
        ("reporter_a", 403),
        ("head_a", 403),
        ("reporter_b", 403),
        ("anonymous", 302),
    ],
)
def test_it_shows_the_big_screen_to_office_and_leaders_only(personas, scored, persona, status):
    client = getattr(personas, persona)
    for step in range(5):
        url = reverse("meetings:screen", args=["2022-03", step])
        assert client.get(url).status_code == status
    start = client.get(reverse("meetings:screen_start", args=["2022-03"]))
    assert start.status_code == (302 if status == 200 else status)


def test_it_answers_404_past_the_last_step_or_for_an_unknown_month(personas, scored):
    assert personas.leader.get(reverse("meetings:screen", args=["2022-03", 99])).status_code == 404
    assert personas.leader.get(reverse("meetings:screen", args=["2031-01", 0])).status_code == 404
    assert personas.leader.get("/meetings/march/screen/0/").status_code == 404


def _grow(district, n: int) -> None:
    """n more actions, units and items, all reported, then rescored."""
    for i in range(n):
        unit = UnitFactory(code=f"G{i:02d}")
        action = ActionFactory(code=f"Y{i}", name=f"行动{i}", lead_unit=unit)
        for j, level in enumerate((Level.PROVINCE, Level.CITY, Level.DISTRICT)):
            item = ItemFactory(code=f"G{i:02d}-{j}", action=action, lead_unit=unit, level=level)
            ReportFactory(
                item=item, month=district.month, value=Decimal("25"), rank=2, peer_count=11
            )
    compute_month(district.month)


@pytest.mark.parametrize("step", [0, 1, 4])
def test_it_reads_each_step_in_a_fixed_number_of_queries(
    personas, scored, django_assert_num_queries, step
):
    url = reverse("meetings:screen", args=["2022-03", step])
    personas.leader.get(url)  # warm up: the session's once-a-minute save happens here
    # session, user, month, boards (month, runs, units, actions, items), ratings,
    # [step 0: carried-over assignments]
    expected = 10 if step == 0 else 9
    with django_assert_num_queries(expected):
        personas.leader.get(url)
    _grow(scored, 6)
    with django_assert_num_queries(expected):
        personas.leader.get(url)


def test_it_reads_the_meeting_view_in_a_fixed_number_of_queries(
    personas, scored, official, django_assert_num_queries
):
    url = reverse("meetings:month", args=["2022-03"])

    def add(n):
        for i in range(n):
            services.create_assignment(
                month=scored.month,
                content=f"交办{i}",
                responsible_unit=scored.unit_a,
                co_units=[scored.unit_b],
                deadline=scored.month.last_day,
                assigned_by=official,
                created_by=personas.users.leader,
            )
            services.add_comment(
                month=scored.month,
                author=personas.users.leader,
                text=f"点评{i}",
                unit=scored.unit_a,
            )

    add(1)
    personas.leader.get(url)  # warm up: the session's once-a-minute save happens here
    # session, user, month, carried over, assignments, co-units, comments, ratings,
    # months for the switcher
    with django_assert_num_queries(9):
        personas.leader.get(url)
    add(10)
    with django_assert_num_queries(9):
        personas.leader.get(url)
