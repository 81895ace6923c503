"""The office's home (考核办工作台): the month at a glance."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from meetings.services import create_assignment
from reporting.models import MonthState, ReportState
from scoring import services as scoring
from tests.factories import (
    ItemFactory,
    MonthFactory,
    OfficialFactory,
    ReportFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


def home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def totals(page: str) -> str:
    return page[page.index('id="status-totals"') : page.index("</ul>", page.index("status-totals"))]


@time_machine.travel(datetime.datetime(2022, 3, 22, 9, 0), tick=False)
def test_it_counts_the_month_by_unit_and_counts_down_to_the_deadline(personas, district):
    page = home(personas.office)
    assert "2022-03 月报" in page and "还有 3 天" in page
    assert '未填 <span class="badge text-bg-danger">3</span>' in totals(page)

    # Unit A has a head: its submitted report waits for the head; unit B has none.
    ReportFactory(item=district.item_a, month=district.month, state=ReportState.SUBMITTED)
    ReportFactory(item=district.item_b, month=district.month, state=ReportState.SUBMITTED)
    ReportFactory(item=district.item_t, month=district.month, state=ReportState.RETURNED)
    counts = totals(home(personas.office))
    assert '未填 <span class="badge text-bg-danger">0</span>' in counts
    assert '待负责人审核 <span class="badge text-bg-secondary">1</span>' in counts
    assert '待考核办审核 <span class="badge text-bg-primary">1</span>' in counts
    assert '已退回 <span class="badge text-bg-warning">1</span>' in counts
    page = home(personas.office)
    review_a = reverse("reporting:review_unit", args=["2022-03", district.unit_a.pk])
    assert f'href="{review_a}"' in page  # each unit links to its review


def test_it_says_when_the_deadline_has_passed(personas, district):
    with time_machine.travel(datetime.datetime(2022, 3, 27, 9, 0), tick=False):
        assert "已过截止日 2 天" in home(personas.office)
    with time_machine.travel(datetime.datetime(2022, 3, 25, 9, 0), tick=False):
        assert "今天截止" in home(personas.office)


def test_it_lists_overdue_assignments_and_a_failed_preview(personas, district):
    deadline = datetime.date.today() - datetime.timedelta(days=10)
    assignment = create_assignment(
        month=district.month,
        content="推进碧湖新城控规报批",
        responsible_unit=district.town,
        deadline=deadline,
        assigned_by=OfficialFactory(),
        created_by=personas.users.office,
    )
    page = home(personas.office)
    overdue = page[page.index("逾期未办结的交办事项") :]
    assert (
        f'<a href="{assignment.get_absolute_url()}">{assignment.number}</a> {district.town.name}'
        " · 推进碧湖新城控规报批"
        f' <span class="badge text-bg-danger">时限 {deadline:%Y-%m-%d}</span>'
    ) in overdue

    assert "本月尚未计算得分" in home(personas.office)
    scoring.record_rescore_failure(district.month, "ValueError: item 'X' has unknown lead unit")
    assert "失败" in home(personas.office) and "unknown lead unit" in home(personas.office)


def test_only_the_office_sees_the_cockpit(personas, district):
    assert 'id="office-month"' not in home(personas.leader)
    assert 'id="office-month"' not in home(personas.reporter_a)
    assert 'id="office-month"' in home(personas.office)


def unit_row(page: str, unit) -> list[str]:
    """The cells of `unit`'s row in the table of units, as text."""
    row = next(tr for tr in status_table(page).split("<tr") if f">{unit.name}</a>" in tr)
    return [re.sub(r"<[^>]+>", "", "<td" + cell).strip() for cell in row.split("<td")[1:]]


def status_table(page: str) -> str:
    return page[page.index('id="month-status"') : page.index("</table>")]


def test_the_table_of_units_follows_each_change(personas, district):
    assert unit_row(home(personas.office), district.unit_a)[1:] == ["1", "0", "0", "0", "0", "0"]
    report = ReportFactory(item=district.item_a, month=district.month, state=ReportState.DRAFT)
    assert unit_row(home(personas.office), district.unit_a)[1:] == ["0", "1", "0", "0", "0", "0"]
    report.state = ReportState.ACCEPTED
    report.save()
    assert unit_row(home(personas.office), district.unit_a)[1:] == ["0", "0", "0", "0", "0", "1"]
    assert "待考核办审核" in status_table(home(personas.office))
    page = personas.office.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "待考核办审核" not in status_table(page)
    assert unit_row(page, district.unit_a)[1:] == ["0", "0", "0", "0", "0", "1"]


def test_it_reads_the_office_home_in_a_fixed_number_of_queries(
    personas, district, django_assert_num_queries
):
    personas.office.get("/")  # warm up: the session's once-a-minute save happens here
    # session, user, actions, their items counted by kind and level, notices, the months
    # of its picker; the month's unit heads, its counts by unit, overdue assignments, its
    # preview, the units this deadline's 催报 reached; for 预警 the months again and the
    # meeting month's runs
    with django_assert_num_queries(13):
        personas.office.get("/")
    for i in range(10):
        unit = UnitFactory(code=f"G{i:02d}")
        item = ItemFactory(action=district.action, lead_unit=unit)
        ReportFactory(item=item, month=district.month)
    with django_assert_num_queries(13):
        personas.office.get("/")


def test_the_office_home_finds_the_meeting_month_in_its_picker_once_one_is_published(
    personas, district, django_assert_num_queries
):
    MonthFactory(year=2022, number=2, state=MonthState.PUBLISHED)
    personas.office.get("/")  # warm up: the session's once-a-minute save happens here
    # as above, but the published month of the 预警 counts is found in the picker's
    # months, not read again
    with django_assert_num_queries(12):
        page = home(personas.office)
    assert 'id="office-month-title">2022-03 月报' in page


def test_a_unit_without_a_head_has_no_head_review_count(personas, district):
    """Unit B has no head: its submitted report waits for the office, and its 待负责人审核
    cell says there is no such step rather than a 0 that can never grow."""
    ReportFactory(item=district.item_b, month=district.month, state=ReportState.SUBMITTED)
    page = home(personas.office)
    assert unit_row(page, district.unit_b)[1:] == ["0", "0", "—", "1", "0", "0"]
    assert unit_row(page, district.unit_a)[1:] == ["1", "0", "0", "0", "0", "0"]
