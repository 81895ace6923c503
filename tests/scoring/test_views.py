"""Board pages as every persona: who sees previews and publications, drill-downs,
trends, lagging items, the publish and rescore buttons, and fixed query counts."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from reporting.models import MonthState
from scoring import services
from scoring.models import ScoreRun
from tests.factories import MonthFactory, ReportFactory

from .builders import build_march, build_sized_district

pytestmark = pytest.mark.django_db

READERS = ["office", "leader", "reporter_a", "head_a", "reporter_b"]
DISTRICT_READERS = ["office", "leader"]
UNIT_MEMBERS = ["reporter_a", "head_a", "reporter_b"]


@pytest.fixture
def march(district):
    return build_march()


@pytest.fixture
def published(march):
    services.publish_month("2022-03")
    return march


def month_url(label="2022-03"):
    return reverse("scoring:month_boards", args=[label])


def unit_url(code, board="district", label="2022-03"):
    return reverse("scoring:unit_detail", args=[label, board, code])


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- the month's boards -----------------------------------------------------------


@pytest.mark.parametrize("persona", READERS)
def test_it_shows_a_published_month_to_every_reader(personas, published, persona):
    html = page(getattr(personas, persona).get(month_url()))
    assert "已发布 · 第1版" in html
    assert "未发布" not in html
    for heading in (
        "八大行动",
        "省考排行榜",
        "市考排行榜",
        "区级综合评价榜",
        "区直部门",
        "乡镇街道",
    ):
        assert heading in html
    assert "数字赋能行动" in html and "王建国" in html
    assert "区数据局" in html and "90.00" in html


@pytest.mark.parametrize("persona", DISTRICT_READERS)
def test_it_shows_the_preview_with_a_banner_to_district_readers(personas, march, persona):
    services.compute_month(march.month)
    html = page(getattr(personas, persona).get(month_url()))
    assert "未发布 · 预览" in html and "计算于" in html


@pytest.mark.parametrize("persona", UNIT_MEMBERS)
def test_it_hides_an_unpublished_month_from_unit_members(personas, march, persona):
    services.compute_month(march.month)
    assert getattr(personas, persona).get(month_url()).status_code == 404


def test_it_sends_anonymous_users_to_login(personas, published):
    for url in (
        reverse("scoring:boards"),
        month_url(),
        unit_url("D1"),
        reverse("scoring:item_trend", args=[published.g1.pk]),
        reverse("scoring:lagging", args=["2022-03"]),
    ):
        response = personas.anonymous.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_it_answers_404_for_an_unknown_month_or_revision(personas, published):
    assert personas.office.get(month_url("2030-01")).status_code == 404
    assert personas.office.get("/boards/2022-13/").status_code == 404
    assert personas.office.get(month_url(), {"revision": "9"}).status_code == 404
    assert personas.office.get(month_url(), {"revision": "x"}).status_code == 404


def test_it_shows_a_never_scored_month_without_scoring_it(
    personas, march, django_capture_on_commit_callbacks
):
    assert "2022-03 尚未计算得分" in page(personas.leader.get(month_url()))
    assert not ScoreRun.objects.exists()  # a GET never writes
    office_page = page(personas.office.get(month_url()))
    assert "重新计算" in office_page
    with django_capture_on_commit_callbacks(execute=True):
        personas.office.post(reverse("scoring:rescore", args=["2022-03"]))
    assert "未发布 · 预览" in page(personas.leader.get(month_url()))


def test_it_marks_honour_and_warning_rows_and_shows_movement(personas, published):
    april = MonthFactory(year=2022, number=4)
    services.compute_month(april)
    html = page(personas.office.get(month_url("2022-04")))
    # Nothing is reported in April: every unit scores 0 and shares rank 1. In March
    # D1 was 1st (—), D2 2nd (↑1), A01 and B01 3rd (↑2).
    assert "↑2" in html and "↑1" in html and ">—<" in html
    # Nobody has reported: nobody is on 红榜, everybody is on 警示榜 (amber rows).
    assert "row-honour" not in html and "badge-honour" not in html
    assert "row-warning" in html and "警示榜" in html
    html = page(personas.office.get(month_url()))
    assert ">新<" in html  # the first published month: every unit is new
    assert "row-honour" in html and "红榜" in html  # 红榜 rows are red


def test_it_shows_an_older_revision_and_the_correction_history(personas, published):
    published.reports.m1.state = "accepted"
    published.reports.m1.save()
    services.publish_month("2022-03", user=personas.users.office, reason="补录M-001月报")

    latest = page(personas.reporter_b.get(month_url()))
    assert "已发布 · 第2版" in latest and "更正原因：补录M-001月报" in latest
    assert "发布与更正记录" in latest and "补录M-001月报" in latest and "office" in latest
    older = page(personas.reporter_b.get(month_url(), {"revision": 1}))
    assert "已发布 · 第1版" in older and "最新为第2版" in older


def test_it_calls_a_first_publications_reason_a_note_not_a_correction(personas, march):
    services.publish_month("2022-03", reason="演示数据")
    html = page(personas.leader.get(month_url()))
    assert "发布说明：演示数据" in html and "更正原因：演示数据" not in html


def test_it_keeps_main_columns_on_a_phone_and_hides_the_rest(personas, published):
    html = page(personas.reporter_a.get(month_url()))
    headers = {
        label: cls for cls, label in re.findall(r"<th([^>]*)>\s*(?:<a[^>]*>)?\s*([^<\s]+)", html)
    }
    for main in ("排名", "单位", "得分", "较上月"):
        assert "hide-phone" not in headers[main]
    for secondary in ("事项得分", "加减分", "事项数", "领办领导", "牵头单位"):
        assert "hide-phone" in headers[secondary]


def _without_csrf(html: str) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1", html)


def test_it_runs_a_fixed_number_of_queries_for_the_month_page(personas, django_assert_num_queries):
    counts = []
    for units_per_group, number in ((2, 5), (10, 6)):
        month = build_sized_district(units_per_group, number=number)
        services.publish_month(month.label)
        url = month_url(month.label)
        personas.leader.get(reverse("home"))  # warm the session
        # 2 to load the session and user (saved at most once a minute: not now) and 5 for
        # the page: the month with its runs, unit rows, the 未报送 and 逾期 items (why a
        # unit placed 1–3 is kept off 红榜), action rows, month switcher.
        with django_assert_num_queries(7) as captured:
            first = _without_csrf(page(personas.leader.get(url)))
        counts.append(len(captured))
        # The run's tables are rendered once (scoring/fragments.py): no unit or action rows.
        with django_assert_num_queries(4):
            assert _without_csrf(page(personas.leader.get(url))) == first
    assert counts[0] == counts[1]


def test_it_opens_on_the_meeting_month_and_follows_the_picker(personas, march):
    april = MonthFactory(year=2022, number=4)
    # Nothing published and April just opened: the boards open on March's preview.
    assert personas.office.get(reverse("scoring:boards")).url == month_url("2022-03")
    assert personas.leader.get(reverse("scoring:lagging")).url == reverse(
        "scoring:lagging", args=["2022-03"]
    )
    assert "尚无已发布的榜单" in page(personas.reporter_a.get(reverse("scoring:boards")))
    services.publish_month("2022-03")
    assert personas.reporter_a.get(reverse("scoring:boards")).url == month_url("2022-03")
    ReportFactory(item=march.p1, month=april, value=None, rank=2, peer_count=9)
    # The meeting month is the latest published one, whatever has been reported since;
    # the picker's ?month= opens another, and a month not the user's to see is a 404.
    assert personas.office.get(reverse("scoring:boards")).url == month_url("2022-03")
    picked = personas.office.get(reverse("scoring:boards"), {"month": "2022-04"})
    assert picked.url == month_url("2022-04")
    assert (
        personas.reporter_a.get(reverse("scoring:boards"), {"month": "2022-04"}).status_code == 404
    )
    assert personas.office.get(reverse("scoring:boards"), {"month": "2022-13"}).status_code == 404


# --- drill-down --------------------------------------------------------------------


@pytest.mark.parametrize("persona", READERS)
def test_it_drills_into_any_units_published_items(personas, published, persona):
    html = page(getattr(personas, persona).get(unit_url("D1")))
    assert "区数据局" in html and "区级综合评价榜" in html
    assert "位次 3/9" in html  # P-001
    assert "完成值 27.00亿元" in html and "序时进度 30.00亿元" in html and "完成率 90.0%" in html
    assert "进度偏慢" in html  # the report's text


def test_it_shows_the_status_figures_and_bonuses_behind_a_units_score(personas, published):
    html = page(personas.leader.get(unit_url("D2")))
    assert "滞后" in html and "完成时限 2022-02-28" in html and "逾期" in html
    assert "未报送" in html
    assert "获省级表彰" in html and "1.50" in html


def test_a_units_drill_down_in_a_preview_says_unreported_in_place_of_its_rank(personas, march):
    """As the board does: a unit with a 未报送 item has no place in a preview (A-001)."""
    services.compute_month(march.month)
    board = page(personas.leader.get(month_url()))
    assert re.search(
        r'<td class="num"><span class="badge text-bg-danger">未报送</span></td>\s*'
        r'<td ><a href="/boards/2022-03/district/units/A01/"',
        board,
    )
    unreported = (
        '<dd class="col-8 col-md-2" id="unit-rank"><span class="badge text-bg-danger">未报送'
    )
    assert unreported in page(personas.leader.get(unit_url("A01")))
    assert unreported not in page(personas.leader.get(unit_url("D1")))
    services.publish_month("2022-03")
    html = page(personas.leader.get(unit_url("A01")))
    assert unreported not in html and re.search(r'id="unit-rank">\d+', html)


def test_a_units_drill_down_says_its_movement_as_the_board_does(personas, district):
    february = MonthFactory(year=2022, number=2, state=MonthState.CLOSED)
    for item, value in ((district.item_a, 15), (district.item_b, 20)):
        ReportFactory(item=item, month=february, value=Decimal(value))
    services.publish_month("2022-02")
    for item, value in ((district.item_a, 30), (district.item_b, 24)):
        ReportFactory(item=item, month=district.month, value=Decimal(value))
    services.publish_month("2022-03")
    board = page(personas.leader.get(month_url()))
    assert re.search(r"区发改局</a></td>.*?<td[^>]*>100.00</td>.*?↑1</td>", board, re.S)
    for code, movement in (("A01", "↑1"), ("B01", "↓1")):
        html = page(personas.leader.get(unit_url(code)))
        assert f'<dd class="col-8 col-md-2" id="unit-movement">{movement}</dd>' in html
    html = page(personas.leader.get(unit_url("A01", label="2022-02")))
    assert '<dd class="col-8 col-md-2" id="unit-movement">新</dd>' in html


def test_it_limits_a_board_drill_down_to_that_boards_items(personas, published):
    html = page(personas.leader.get(unit_url("D1", board="province")))
    assert "P-001" in html and "G-001" not in html


def test_it_hides_another_units_unpublished_drill_down(personas, march):
    services.compute_month(march.month)
    assert personas.reporter_a.get(unit_url("D1")).status_code == 404
    assert personas.reporter_b.get(unit_url("A01")).status_code == 404
    own = page(personas.reporter_a.get(unit_url("A01")))
    assert "未发布 · 预览" in own and "仅显示本单位" in own
    assert page(personas.leader.get(unit_url("D1")))


def test_it_answers_404_for_an_unknown_board_or_unit(personas, published):
    assert personas.office.get(unit_url("D1", board="nation")).status_code == 404
    assert personas.office.get(unit_url("ZZZ")).status_code == 404
    assert personas.office.get(unit_url("TN1", board="province")).status_code == 404


def test_it_runs_a_fixed_number_of_queries_for_a_drill_down(personas, django_assert_num_queries):
    for units_per_group, number in ((2, 5), (10, 6)):
        month = build_sized_district(units_per_group, number=number)
        services.publish_month(month.label)
        url = unit_url("D000", label=month.label)
        personas.leader.get(reverse("home"))  # warm the session
        # session, user, the month with its runs, the run's unit lines (with their units)
        # and why a unit placed 1–3 is off 红榜, the unit's items; 2 for the comment list
        # and its form (meetings: the comments, the officials to speak for); a leader's
        # official is named by the id the login holds.
        with django_assert_num_queries(8):
            first = _without_csrf(page(personas.leader.get(url)))
        # The unit lines and the items table are read once per run (scoring/fragments.py).
        with django_assert_num_queries(5):
            assert _without_csrf(page(personas.leader.get(url))) == first


# --- item trend --------------------------------------------------------------------


def chart_months(html: str) -> list[str]:
    """The months named under an item's chart."""
    months = re.search(r'<ol class="trend-months[^"]*"[^>]*>(.*?)</ol>', html, re.S).group(1)
    return re.findall(r"<li>([^<]+)</li>", months)


def test_it_charts_a_target_items_value_against_the_expected_progress(personas, published):
    html = page(personas.leader.get(reverse("scoring:item_trend", args=[published.g1.pk])))
    # Drawn on the server: no script to load.
    assert '<svg class="trend-lines"' in html and "echarts" not in html
    assert "<title>2022-03 完成值 27.00亿元</title>" in html
    assert "<title>2022-03 序时进度 30.00亿元</title>" in html
    # March, then the 预警 forecast's months to December.
    assert chart_months(html) == [f"2022-{n:02d}" for n in range(3, 13)]
    assert "已发布第1版" in html


def test_it_charts_a_rank_item_by_rank(personas, published):
    html = page(personas.leader.get(reverse("scoring:item_trend", args=[published.p1.pk])))
    assert "<title>2022-03 位次 3</title>" in html


def test_it_shows_the_latest_revision_then_the_preview_month_by_month(personas, published):
    april = MonthFactory(year=2022, number=4)
    ReportFactory(item=published.g1, month=april, value=Decimal("40"))
    services.compute_month(april)
    html = page(personas.office.get(reverse("scoring:item_trend", args=[published.g1.pk])))
    assert "<title>2022-03 完成值 27.00亿元</title>" in html
    assert "<title>2022-04 完成值 40.00亿元</title>" in html and "未发布预览" in html
    # On a phone, where the 口径 column gives way, the month itself says 预览.
    assert re.search(r"<td >2022-03</td>", html)
    assert re.search(
        r'<td >2022-04 <span class="badge text-bg-warning trend-preview">预览</span>', html
    )


def test_it_comments_on_an_item_in_the_meeting_month_not_the_newer_preview(personas, published):
    """A leader at March's meeting drills from the board to an item while April's preview
    exists: the item's comments and 现场交办 are March's, as the meeting page lists them."""
    april = MonthFactory(year=2022, number=4)
    ReportFactory(item=published.g1, month=april, value=Decimal("40"))
    services.compute_month(april)
    trend = reverse("scoring:item_trend", args=[published.g1.pk])
    drill_down = page(personas.leader.get(unit_url(published.g1.lead_unit.code)))
    assert f'href="{trend}?month=2022-03"' in drill_down
    lagging = page(personas.leader.get(reverse("scoring:lagging", args=["2022-03"])))
    warnings = page(personas.leader.get(reverse("scoring:warnings", args=["2022-03"])))
    for html in (lagging, warnings):
        links = re.findall(r'href="/boards/items/\d+/(\?[^"]*)?"', html)
        assert links and set(links) == {"?month=2022-03"}
    for url in (trend, f"{trend}?month=2022-03"):
        html = page(personas.leader.get(url))
        assert 'action="/meetings/2022-03/comments/"' in html
        assert f"?item={published.g1.pk}&amp;month=2022-03" in html
    # Picked on purpose, the preview month's comments.
    html = page(personas.leader.get(f"{trend}?month=2022-04"))
    assert 'action="/meetings/2022-04/comments/"' in html


def test_it_shows_other_units_only_published_trends(personas, district, march):
    services.compute_month(march.month)
    url = reverse("scoring:item_trend", args=[march.g1.pk])
    assert personas.reporter_a.get(url).status_code == 404
    own = reverse("scoring:item_trend", args=[district.item_a.pk])
    assert page(personas.reporter_a.get(own))
    services.publish_month("2022-03")
    assert page(personas.reporter_a.get(url))


# --- lagging items -----------------------------------------------------------------


def test_it_lists_the_months_red_items_for_everyone_once_published(personas, published):
    html = page(personas.reporter_b.get(reverse("scoring:lagging", args=["2022-03"])))
    for code in ("S-001", "M-001", "A-001", "B-001"):
        assert code in html
    assert "G-001" not in html and "P-001" not in html  # yellow and green


def test_the_lagging_list_says_how_many_items_it_holds(personas, published):
    # Red in March: S-001 and M-001 of D2, and A-001, B-001, T-001 (未报送).
    url = reverse("scoring:lagging", args=["2022-03"])
    html = page(personas.office.get(url))
    assert '2022-03 排位靠后事项 <small class="text-muted" id="list-count">5</small>' in html
    html = page(personas.office.get(url, {"lead_unit": published.d2.pk}))
    assert 'id="list-count">2</small>' in html


def test_the_lagging_list_writes_the_fix_deadline_as_every_page_does(personas, published):
    """解决时限 reads 2022-04-30, as on the fill page and the report, in either language
    (not 2022年4月30日, nor April 30, 2022)."""
    from scoring.models import ItemResult

    ItemResult.objects.filter(item__code="S-001").update(fix_deadline=datetime.date(2022, 4, 30))
    url = reverse("scoring:lagging", args=["2022-03"])
    assert "2022-04-30" in page(personas.leader.get(url))
    english = page(personas.leader.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    assert "Lagging items" in english and "2022-04-30" in english


def test_it_filters_lagging_items_by_unit_and_action(personas, published):
    url = reverse("scoring:lagging", args=["2022-03"])
    html = page(personas.office.get(url, {"lead_unit": published.d2.pk}))
    assert "S-001" in html and "A-001" not in html
    html = page(personas.office.get(url, {"action": published.x2.pk}))
    assert "M-001" in html and "B-001" not in html


def test_it_shows_a_unit_member_only_their_own_unpublished_lagging_items(personas, march):
    services.compute_month(march.month)
    html = page(personas.reporter_a.get(reverse("scoring:lagging", args=["2022-03"])))
    assert "A-001" in html and "S-001" not in html and "B-001" not in html


def test_it_redirects_to_the_latest_lagging_month(personas, published):
    response = personas.reporter_a.get(reverse("scoring:lagging"))
    assert response.url == reverse("scoring:lagging", args=["2022-03"])


def test_it_runs_a_fixed_number_of_queries_for_lagging_items(personas, django_assert_num_queries):
    for units_per_group, number in ((2, 5), (10, 6)):
        month = build_sized_district(units_per_group, number=number)
        services.publish_month(month.label)
        url = reverse("scoring:lagging", args=[month.label])
        personas.office.get(url)
        with django_assert_num_queries(8):
            page(personas.office.get(url))


# --- publish and rescore -------------------------------------------------------------


def test_it_publishes_from_the_office_button(personas, march):
    services.compute_month(march.month)
    html = page(personas.office.get(month_url()))
    check_url = reverse("scoring:publish_check", args=["2022-03"])
    assert "发布本月榜单" in html and check_url in html

    check = page(personas.office.get(check_url))
    # What is still open, by unit, and the counts the office confirms by name.
    assert "仍有未完成的月报：未报送 3 项、待审核 1 项、已退回 0 项" in check
    assert "区住建局" in check and 'name="confirm" value="3-1-0"' in check
    assert 'name="reason"' not in check

    url = reverse("scoring:publish", args=["2022-03"])
    refused = page(personas.office.post(url, follow=True))
    assert "发布前请确认：未报送 3 项、待审核 1 项、已退回 0 项" in refused
    assert not ScoreRun.objects.publications().exists()
    stale = page(personas.office.post(url, {"confirm": "3-0-0"}, follow=True))
    assert "发布前请确认" in stale and not ScoreRun.objects.publications().exists()

    response = personas.office.post(url, {"confirm": "3-1-0"}, follow=True)

    assert "2022-03 已发布（第1版）" in page(response)
    run = ScoreRun.objects.publications().get()
    assert run.created_by == personas.users.office


def test_it_asks_for_a_reason_before_a_correction(personas, published):
    html = page(personas.office.get(reverse("scoring:publish_check", args=["2022-03"])))
    assert 'name="reason"' in html and "更正发布" in html and "更正原因" in html
    published.reports.m1.state = "accepted"
    published.reports.m1.save()
    services.compute_month(published.month)
    assert "数据在发布后有变化" in page(personas.office.get(month_url()))
    url = reverse("scoring:publish", args=["2022-03"])

    refused = page(personas.office.post(url, {"confirm": "3-0-0"}, follow=True))
    assert "须填写原因" in refused and ScoreRun.objects.publications().count() == 1

    done = page(personas.office.post(url, {"confirm": "3-0-0", "reason": "补录月报"}, follow=True))
    assert "已更正发布（第2版）" in done
    assert ScoreRun.objects.publications().get(revision=2).reason == "补录月报"


def test_it_says_so_when_nothing_changed(personas, published):
    url = reverse("scoring:publish", args=["2022-03"])
    response = personas.office.post(url, {"confirm": "3-1-0"}, follow=True)
    assert "无变化，未重新发布（第1版）" in page(response)


@pytest.mark.parametrize("persona", ["leader", "reporter_a", "head_a", "reporter_b"])
def test_it_lets_only_the_office_publish_or_rescore(personas, march, persona):
    client = getattr(personas, persona)
    assert client.post(reverse("scoring:publish", args=["2022-03"])).status_code == 403
    assert client.post(reverse("scoring:rescore", args=["2022-03"])).status_code == 403
    assert not ScoreRun.objects.exists()


def test_it_hides_the_buttons_from_leaders(personas, march):
    html = page(personas.leader.get(month_url()))
    assert "发布本月榜单" not in html and "重新计算" not in html


def test_it_accepts_publish_only_by_post(personas, march):
    assert personas.office.get(reverse("scoring:publish", args=["2022-03"])).status_code == 405


def test_it_rescores_from_the_office_button(personas, march, django_capture_on_commit_callbacks):
    services.compute_month(march.month)
    march.reports.m1.state = "accepted"
    march.reports.m1.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = personas.office.post(reverse("scoring:rescore", args=["2022-03"]))
    response = personas.office.get(response.url)

    assert "已提交重新计算" in page(response)
    preview = ScoreRun.objects.previews().get()
    assert preview.item_results.get(item_code="M-001").score == Decimal("100.00")


def test_the_trend_reads_the_expected_progress_to_two_places(personas, district):
    """序时进度 of 260 in January is 21.6667: the trend shows 21.67, as the fill page does."""
    district.item_a.target = Decimal("260")
    district.item_a.save()
    ReportFactory(item=district.item_a, month=MonthFactory(year=2022, number=1), value=20)
    services.publish_month("2022-01")
    html = page(personas.leader.get(reverse("scoring:item_trend", args=[district.item_a.pk])))
    assert "序时进度 21.67亿元" in html and "序时进度 21.6667" not in html


def test_a_published_board_reads_a_fixed_number_of_queries(
    personas, published, django_assert_num_queries
):
    personas.leader.get(month_url())  # warm up: the session's save; the tables are kept by run
    # session, user, the month with its runs, months for the switcher
    with django_assert_num_queries(4):
        page(personas.leader.get(month_url()))


def test_a_drill_down_reads_a_fixed_number_of_queries(
    personas, published, django_assert_num_queries
):
    url = unit_url("D1") + "?revision=1"
    personas.leader.get(url)  # warm up: the session's once-a-minute save happens here
    # session, user, the month with its runs; the unit's comments, the officials
    with django_assert_num_queries(5):
        page(personas.leader.get(url))


def test_a_never_scored_months_drill_down_and_lagging_say_so(personas, march):
    for url in (unit_url("D1"), reverse("scoring:lagging", args=["2022-03"])):
        assert "2022-03 尚未计算得分" in page(personas.leader.get(url))
        assert "2022-03 尚未计算得分" in page(personas.office.get(url))
    assert not ScoreRun.objects.exists()  # a GET never writes
    export = reverse("exports:unit_items_export", args=["2022-03"])
    assert personas.reporter_a.get(export).status_code == 404


def test_a_bonus_is_written_the_same_on_the_board_and_the_drill_down(personas, published):
    """加减分 with its sign and 2 places everywhere (scoring.figures.bonus_text): D2 has
    +2.00 and -0.50, D1 none."""
    board = page(personas.leader.get(month_url()))

    def board_row(code):
        return board.split(f"district/units/{code}/?revision=1")[1].split("</tr>")[0]

    assert '<td class="hide-phone num">+1.50</td>' in board_row("D2")
    assert '<td class="hide-phone num">0</td>' in board_row("D1")
    html = page(personas.leader.get(unit_url("D2")))
    shown = html.split("加减分</dt>")[1].split("</dd>")[0]
    assert '<dd class="col-8 col-md-6">+1.50' in shown
    assert "+2.00 · 获省级表彰" in shown and "-0.50 · 通报批评" in shown
    html = page(personas.leader.get(unit_url("D1")))
    assert '<dd class="col-8 col-md-6">0\n' in html.split("加减分</dt>")[1]
