"""Big-screen mode (大屏模式): the step sequence, access, chrome and fixed query counts."""

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from actions.models import Level
from meetings import queries, services
from meetings.screen import red_first, screen_steps
from meetings.views.meeting import screen_density
from scoring.boarddata import ActionRow, MonthBoards
from scoring.queries import load_month_boards
from scoring.services import compute_month
from tests.factories import ActionFactory, ItemFactory, ReportFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_it_follows_the_agenda(scored):
    steps = screen_steps(load_month_boards("2022-03"))
    assert [(s.kind, str(s.title)) for s in steps] == [
        ("opening", "晒比会"),
        ("action", "数字赋能"),
        ("lagging", "数字赋能"),
        ("actions", "八大行动"),
        ("board", "省考排行榜"),
        ("board", "市考排行榜"),
        ("board", "区级综合评价榜"),
        ("warning", "警示榜"),
    ]
    assert [i.item_code for i in steps[1].items] == ["B-001", "T-001", "A-001"]  # red first
    assert steps[1].bands == {"red": 1, "yellow": 1, "green": 1}
    assert [i.item_code for i in steps[2].items] == ["B-001"]
    assert [label for label, _ in steps[6].groups] == ["区直部门", "乡镇街道"]
    assert steps[5].groups == []  # no 市考 item this month
    assert "数字赋能" in steps[0].agenda[0]
    # No earlier 交办事项 still open: the agenda does not promise a slide for them.
    assert steps[0].agenda[1:] == ["三张榜单和八大行动排名", "警示榜"]


def test_it_orders_red_then_yellow_then_green(scored):
    items = load_month_boards("2022-03").items
    assert [i.band for i in red_first(list(reversed(items)))] == ["red", "yellow", "green"]


def test_it_shows_each_step_large_without_admin_chrome(personas, scored):
    html = personas.leader.get(reverse("meetings:screen", args=["2022-03", 1])).content.decode()
    assert "navbar" not in html and 'id="screen"' in html and "screen.js" in html
    assert 'data-prev-url="/meetings/2022-03/screen/0/"' in html
    assert 'data-next-url="/meetings/2022-03/screen/2/"' in html
    assert 'data-exit-url="/meetings/2022-03/"' in html
    assert html.index("规上工业增加值增速") < html.index("固定资产投资")  # red before green
    assert "band-red" in html and "26/26" in html
    board = personas.office.get(reverse("meetings:screen", args=["2022-03", 6])).content.decode()
    assert "区级综合评价榜" in board and "碧湖镇" in board
    last = personas.office.get(reverse("meetings:screen", args=["2022-03", 7])).content.decode()
    assert 'data-next-url=""' in last and 'data-kind="warning"' in last


def test_it_shows_an_actions_lagging_items_with_problems_and_measures(personas, scored):
    report = scored.item_b.reports.get(month=scored.month)
    report.problems, report.measures = "新投产项目少", "盯紧技改项目"
    report.save()
    compute_month(scored.month)
    html = personas.leader.get(reverse("meetings:screen", args=["2022-03", 2])).content.decode()
    assert 'data-kind="lagging"' in html
    assert "规上工业增加值增速" in html and "新投产项目少" in html and "盯紧技改项目" in html
    assert "固定资产投资" not in html  # green: not lagging


def test_it_shows_an_actions_open_assignments_and_those_carried_over(personas, scored, official):
    from tests.factories import MonthFactory

    february = MonthFactory(year=2022, number=2)
    for month, content in ((scored.month, "三月交办：提升方案"), (february, "二月交办：补短板")):
        services.create_assignment(
            month=month,
            content=content,
            responsible_unit=scored.unit_b,
            deadline=datetime.date(2022, 3, 10),
            assigned_by=official,
            created_by=personas.users.office,
            item=scored.item_b,
        )
    own, earlier = queries.open_assignments_up_to(scored.month)
    steps = screen_steps(load_month_boards("2022-03"), assignments=own, carried_over=earlier)
    kinds = [s.kind for s in steps]
    assert steps[0].agenda[-1] == "往期交办事项办理情况"
    assert kinds[:4] == ["opening", "action", "lagging", "tasks"]
    assert kinds[-2:] == ["warning", "carried"]
    tasks = personas.leader.get(reverse("meetings:screen", args=["2022-03", 3])).content.decode()
    assert "三月交办：提升方案" in tasks and "二月交办" not in tasks
    last = len(steps) - 1
    carried = personas.leader.get(reverse("meetings:screen", args=["2022-03", last]))
    assert "二月交办：补短板" in carried.content.decode()


def test_it_splits_a_long_slide_into_pages():
    from tests.scoring.test_exports import _item, _unit

    items = [_item(f"A-{n:03d}", "target", "red" if n < 5 else "green", "50.00") for n in range(30)]
    units = [
        _unit("district", "department", n, f"D{n:02d}", f"单位{n}", "90.00") for n in range(1, 28)
    ]
    boards = MonthBoards(
        "2022-03",
        "莲都区",
        True,
        1,
        None,
        units=units,
        actions=[ActionRow(1, "X1", "数字赋能", "李四", "区发改局", Decimal("80.00"), 30, None)],
        items=items,
    )
    steps = screen_steps(boards)
    action = [s for s in steps if s.kind == "action"]
    assert [(len(s.items), s.page, s.pages) for s in action] == [(12, 1, 3), (12, 2, 3), (6, 3, 3)]
    lagging = [s for s in steps if s.kind == "lagging"]
    assert [len(s.items) for s in lagging] == [4, 1]
    district = [s for s in steps if s.kind == "board" and str(s.title) == "区级综合评价榜"]
    assert [[len(rows) for _label, rows in s.groups] for s in district] == [[13], [13], [1]]


def test_it_sets_longer_tables_in_smaller_type_to_fit_one_screen(personas, scored):
    def body_class(step: int) -> str:
        url = reverse("meetings:screen", args=["2022-03", step])
        html = personas.leader.get(url).content.decode()
        return re.search(r'<body class="([^"]*)"', html).group(1).split()

    assert body_class(0) == ["screen-mode"]  # the opening slide
    assert body_class(1) == ["screen-mode"]  # three items
    assert [screen_density(n) for n in (10, 11, 15, 16, 20, 21)] == [
        "",
        "screen-dense",
        "screen-dense",
        "screen-denser",
        "screen-denser",
        "screen-densest",
    ]
    _grow(scored, 12)  # 13 actions: the actions board's first page holds 12 of them
    actions_board = next(
        n for n, s in enumerate(screen_steps(load_month_boards("2022-03"))) if s.kind == "actions"
    )
    assert body_class(actions_board) == ["screen-mode", "screen-dense"]


def test_it_ends_with_the_months_ratings(personas, scored):
    session = services.open_rating_session(
        month=scored.month, user=personas.users.office, units=[scored.unit_a], title="现场测评一"
    )
    html = personas.leader.get(reverse("meetings:screen", args=["2022-03", 8])).content.decode()
    assert "现场测评一" in html and "<svg" in html and session.token in html
    assert personas.leader.get(reverse("meetings:screen", args=["2022-03", 9])).status_code == 404


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


@pytest.mark.parametrize("step", [0, 1, 2, 6])
def test_it_reads_each_step_in_a_fixed_number_of_queries(
    personas, scored, django_assert_num_queries, step
):
    url = reverse("meetings:screen", args=["2022-03", step])
    personas.leader.get(url)  # warm up: the session's once-a-minute save happens here
    # session, user, the month with its runs (the run's rows are kept by run), ratings,
    # the open assignments of the month and of earlier months
    cached = 5
    with django_assert_num_queries(cached):
        personas.leader.get(url)
    _grow(scored, 6)
    # A rescore is a new run: its rows (units, actions, items) are read once, then kept.
    with django_assert_num_queries(cached + 3):
        personas.leader.get(url)
    with django_assert_num_queries(cached):
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


def test_it_numbers_a_slides_pages_in_the_readers_language(personas, scored):
    _grow(scored, 14)  # 16 departments: the district board's group runs to 2 pages
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.force_login(personas.users.leader)
    pages = {"zh": [], "en": []}
    for step in range(60):
        url = reverse("meetings:screen", args=["2022-03", step])
        response = personas.leader.get(url)
        if response.status_code != 200:
            break
        pages["zh"] += re.findall(r'class="screen-page">(.*?)</span>', response.content.decode())
        pages["en"] += re.findall(
            r'class="screen-page">(.*?)</span>', english.get(url).content.decode()
        )
    assert "（1/2）" in pages["zh"] and "（2/2）" in pages["zh"]
    assert "(1/2)" in pages["en"] and "(2/2)" in pages["en"]
    assert not any("（" in page for page in pages["en"])
