import datetime

import pytest
from django.urls import reverse

from actions.models import ItemKind, Level
from tests.factories import ItemFactory, ReportFactory

pytestmark = pytest.mark.django_db


def test_it_shows_a_reporter_the_units_items_with_their_wuding_card(personas, district):
    ReportFactory(item=district.item_a, month=district.month, value="31.5")
    page = personas.reporter_a.get(reverse("home")).content.decode()
    assert "区发改局" in page
    assert "固定资产投资" in page
    assert "规上工业增加值增速" not in page  # unit B's item
    for label in ("定人", "定责", "定时", "定量", "定性"):
        assert label in page
    assert "2022-03" in page and "31.5" in page


def test_it_tells_a_unit_without_items_so(db, district):
    from accounts.models import Role
    from tests.conftest import _login
    from tests.factories import UnitFactory, UserFactory

    reporter = UserFactory(role=Role.REPORTER, unit=UnitFactory(code="Z99", name="区档案馆"))
    page = _login(reporter).get(reverse("home")).content.decode()
    assert "区档案馆" in page and "本单位暂无牵头事项。" in page


def test_it_shows_the_unit_head_the_same_unit_page(personas, district):
    page = personas.head_a.get(reverse("home")).content.decode()
    assert "固定资产投资" in page and "碧湖新城控规编制" not in page


def test_it_shows_leaders_and_the_office_the_district_at_a_glance(personas, district):
    ItemFactory(action=district.action, kind=ItemKind.PROJECT, level=Level.PROVINCE)
    for client in (personas.leader, personas.office):
        response = client.get(reverse("home"))
        page = response.content.decode()
        assert "数字赋能" in page
        actions = response.context["actions"]
        assert actions[0].n_items == 4
        assert actions[0].n_project == 1 and actions[0].n_province == 1


def test_it_sends_an_admin_to_the_chinese_admin(db, client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x" * 12, role="admin")
    client.force_login(admin)
    assert client.get(reverse("home")).url == reverse("admin:index")
    page = client.get(reverse("admin:index")).content.decode()
    assert "事项" in page and "月报" in page and "加减分" in page


def test_it_reads_the_district_home_in_a_fixed_number_of_queries(
    personas, district, django_assert_num_queries
):
    personas.leader.get(reverse("home"))  # warm up: the session's once-a-minute save happens here
    # session, user, actions, their items counted by kind and level, notices; the
    # leader's overview of a month never scored: the months of its picker (with whether
    # each has figures), its runs (none) and the assignment counts
    with django_assert_num_queries(8):
        personas.leader.get(reverse("home"))
    for _ in range(20):
        ItemFactory(action=district.action)
    with django_assert_num_queries(8):
        personas.leader.get(reverse("home"))


def test_it_reads_the_unit_home_in_a_fixed_number_of_queries(
    personas, district, django_assert_num_queries
):
    personas.reporter_a.get(reverse("home"))  # warm up: the once-a-minute session save
    # session, the user with its unit, items, co-units, reports, notices, the latest
    # published month for 预警, assignments; the open month, its unit heads and the unit's
    # counts; the reports it may still edit in closed months; the latest month with
    # results, named on the item table's link
    with django_assert_num_queries(13):
        personas.reporter_a.get(reverse("home"))
    for _ in range(10):
        ReportFactory(item=ItemFactory(action=district.action, lead_unit=district.unit_a))
    with django_assert_num_queries(13):
        personas.reporter_a.get(reverse("home"))


def test_it_serves_the_login_page_in_english_when_asked(db, client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Log in" in page
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "登录" in page


def test_a_unit_home_says_what_the_open_month_still_needs_and_links_to_it(personas, district):
    """The reporter sees the open month's deadline and counts with a button to the fill
    page; once the report is submitted, the unit head is asked to review it."""
    from reporting.models import ReportState

    fill = reverse("reporting:fill") + "?month=2022-03"
    page = personas.reporter_a.get(reverse("home")).content.decode()
    assert "2022-03 月报" in page and "报送截止日 2022-03-25" in page
    assert f'href="{fill}">去填报（1 项待报送）</a>' in page

    ReportFactory(item=district.item_a, month=district.month, state=ReportState.SUBMITTED)
    page = personas.head_a.get(reverse("home")).content.decode()
    assert f'href="{fill}">审核本单位月报（1 项待负责人审核）</a>' in page
    page = personas.reporter_a.get(reverse("home")).content.decode()
    assert "待负责人审核 1" in page and "去填报" not in page


def test_a_unit_home_counts_what_other_months_still_need_and_links_to_them(personas, district):
    """With March still open beside April, and February's report returned after it
    closed, the home names each month's 待报送 with a link to its fill page, as the 催报
    of those months do; once February's is sent again, its head is asked to review it
    there; a month with nothing left is not named."""
    from reporting.models import MonthState, ReportState
    from tests.factories import MonthFactory

    MonthFactory(year=2022, number=4, state=MonthState.OPEN)
    february = MonthFactory(year=2022, number=2, state=MonthState.PUBLISHED)
    returned = ReportFactory(item=district.item_a, month=february, state=ReportState.RETURNED)
    fill = reverse("reporting:fill")
    page = personas.reporter_a.get(reverse("home")).content.decode()
    assert "2022-04 月报" in page and "其他月份" in page
    assert f'href="{fill}?month=2022-03">2022-03 月报（1 项待报送）</a>' in page
    assert f'href="{fill}?month=2022-02">2022-02 月报（1 项待报送）</a>' in page

    ReportFactory(item=district.item_a, month=district.month, state=ReportState.SUBMITTED)
    returned.state = ReportState.SUBMITTED
    returned.save()
    page = personas.head_a.get(reverse("home")).content.decode()
    assert f'href="{fill}?month=2022-03">2022-03 月报（1 项待负责人审核）</a>' in page
    assert f'href="{fill}?month=2022-02">2022-02 月报（1 项待负责人审核）</a>' in page
    assert "项待报送）</a>" in page and "2022-02 月报（1 项待报送）" not in page
    page = personas.reporter_a.get(reverse("home")).content.decode()
    assert "其他月份" not in page
    page = personas.reporter_b.get(reverse("home")).content.decode()
    assert "2022-02 月报（" not in page and "2022-03 月报（1 项待报送）" in page


def test_it_reads_a_unit_home_with_every_block_in_a_fixed_number_of_queries(
    personas, district, django_assert_num_queries
):
    """With a published month (its 预警), the next one open, a notice, an open assignment
    and co-units: the same queries whatever the unit's size, and each block shown."""
    from meetings.services import create_assignment
    from reporting.models import Month, MonthState, Notification
    from scoring.services import publish_month
    from tests.factories import MonthFactory, OfficialFactory, UnitFactory

    ReportFactory(item=district.item_a, month=district.month, value="10")
    publish_month(district.month.label)
    MonthFactory(year=2022, number=4, state=MonthState.OPEN)
    district.item_a.co_units.add(district.unit_b)

    def grow(n: int) -> None:
        Notification.objects.create(user=personas.users.reporter_a, text=f"通知{n}")
        create_assignment(
            month=Month.objects.get(year=2022, number=3),
            content=f"整改方案{n}",
            responsible_unit=district.unit_a,
            deadline=datetime.date(2022, 4, 30),
            assigned_by=OfficialFactory(),
            created_by=personas.users.leader,
        )
        item = ItemFactory(action=district.action, lead_unit=district.unit_a)
        item.co_units.add(UnitFactory(), district.unit_b)
        ReportFactory(item=item, month=district.month)

    grow(0)
    personas.reporter_a.get(reverse("home"))  # warm up: the session save, the run's 预警
    # session, the user with its unit, the open month, items, co-units, latest reports,
    # unit heads, the unit's counts, notices, the latest publication, assignments, the
    # reports it may still edit in closed months, the latest month with results (named
    # on the item table's link)
    with django_assert_num_queries(13):
        page = personas.reporter_a.get(reverse("home")).content.decode()
    assert "本单位预警（2022-03）" in page and "通知0" in page and "整改方案0" in page
    assert "区经信局" in page  # a co-unit
    for n in range(1, 6):
        grow(n)
    with django_assert_num_queries(13):
        page = personas.reporter_a.get(reverse("home")).content.decode()
    assert "通知5" in page and "整改方案5" in page


def test_a_unit_without_a_head_is_not_shown_a_head_review_count(personas, district):
    """Unit B has no head: its reports go straight to the office, so its home counts no
    待负责人审核 (always 0 there) and names a submitted report 待考核办审核."""
    from reporting.models import ReportState

    ReportFactory(item=district.item_b, month=district.month, state=ReportState.SUBMITTED)
    page = personas.reporter_b.get(reverse("home")).content.decode()
    assert "待负责人审核" not in page
    assert "待考核办审核 1" in page
    page = personas.reporter_a.get(reverse("home")).content.decode()
    assert "待负责人审核 0" in page  # unit A has a head


def test_a_head_with_reports_to_review_still_sees_what_the_unit_has_to_submit(personas, district):
    """The head's home names both: the reports waiting for the head and the unit's own
    待报送, each with its count and a link to the fill page."""
    from reporting.models import ReportState

    other = ItemFactory(code="A-002", action=district.action, lead_unit=district.unit_a)
    ReportFactory(item=district.item_a, month=district.month, state=ReportState.SUBMITTED)
    fill = reverse("reporting:fill") + "?month=2022-03"
    page = personas.head_a.get(reverse("home")).content.decode()
    assert f'href="{fill}">审核本单位月报（1 项待负责人审核）</a>' in page
    assert f'href="{fill}">去填报（1 项待报送）</a>' in page
    assert other.code in page
