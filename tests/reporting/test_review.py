"""The office's review board, the unit drill-down, month controls and a report's page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from reporting.models import Month, MonthState, Report, ReportState
from tests.factories import ItemFactory, ReportFactory, UnitFactory

pytestmark = pytest.mark.django_db

REVIEW = reverse("reporting:review")


def report_of(item, month, state, **kwargs):
    return ReportFactory(item=item, month=month, state=state, **kwargs)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("office", 200),
        ("leader", 403),
        ("reporter_a", 403),
        ("head_a", 403),
        ("reporter_b", 403),
        ("anonymous", 302),
    ],
)
def test_it_opens_the_review_board_to_the_office_only(personas, persona, status):
    assert getattr(personas, persona).get(REVIEW).status_code == status


def test_it_counts_each_units_items_by_state_with_the_missing_list_on_top(personas, district):
    report_of(district.item_a, district.month, ReportState.ACCEPTED)
    report_of(district.item_b, district.month, ReportState.DRAFT)
    response = personas.office.get(REVIEW)
    page = response.content.decode()
    assert "待报送单位" in page
    behind = [row["code"] for row in response.context["missing_table"].data]
    assert behind == ["B01", "T01"]
    rows = {row["code"]: row for row in response.context["table"].data}
    assert (rows["A01"]["accepted"], rows["A01"]["unsubmitted"]) == (1, 0)
    assert (rows["B01"]["draft"], rows["B01"]["unsubmitted"]) == (1, 1)
    assert (rows["T01"]["missing"], rows["T01"]["unsubmitted"]) == (1, 1)
    assert page.index("碧湖镇") < page.index("区发改局")  # the missing list comes first


def _district_of(size, month):
    for n in range(size):
        unit = UnitFactory(code=f"U{n:03d}")
        for k in range(3):
            item = ItemFactory(code=f"U{n:03d}-{k}", lead_unit=unit)
            if k:
                report_of(item, month, [ReportState.DRAFT, ReportState.SUBMITTED][k - 1])


@pytest.mark.parametrize("size", [1, 15])
def test_it_renders_the_review_board_in_a_fixed_number_of_queries(
    personas, district, django_assert_num_queries, size
):
    _district_of(size, district.month)
    # session, user, the months of the picker (the shown month among them), unit counts,
    # the units this deadline's 催报 reached; session save (3)
    with django_assert_num_queries(8):
        assert personas.office.get(REVIEW).status_code == 200


def test_it_opens_a_month_and_changes_its_deadline(personas):
    url = reverse("reporting:month_open")
    response = personas.office.post(url, {"month": "2022-04", "deadline": ""})
    assert response.status_code == 302
    month = Month.objects.get_by_label("2022-04")
    assert (month.state, month.deadline) == (MonthState.OPEN, datetime.date(2022, 4, 25))
    personas.office.post(url, {"month": "2022-04", "deadline": "2022-04-27"})
    assert Month.objects.get_by_label("2022-04").deadline == datetime.date(2022, 4, 27)


def test_it_warns_when_the_months_year_has_no_plan_yet(personas, district):
    url = reverse("reporting:month_open")
    page = personas.office.post(url, {"month": "2023-01"}, follow=True).content.decode()
    assert "2023 年度计划中没有 2023-01 应报送的事项" in page
    # A month of a year with a plan opens without it.
    page = personas.office.post(url, {"month": "2022-04"}, follow=True).content.decode()
    assert "2022-04 填报中" in page and "年度计划中没有" not in page


def test_it_keeps_the_input_of_a_bad_month(personas):
    url = reverse("reporting:month_open")
    page = personas.office.post(url, {"month": "2022/4", "deadline": "明天"}).content.decode()
    assert "月份应为 YYYY-MM 格式" in page
    assert "报送截止日：日期格式应为 YYYY-MM-DD" in page
    assert 'value="2022/4"' in page


@pytest.mark.parametrize("persona", ["leader", "reporter_a", "head_a"])
def test_it_lets_only_the_office_open_and_close_months(personas, district, persona):
    client = getattr(personas, persona)
    assert client.post(reverse("reporting:month_open"), {"month": "2022-04"}).status_code == 403
    assert client.post(reverse("reporting:month_close"), {"month": "2022-03"}).status_code == 403
    assert not Month.objects.filter(number=4).exists()
    assert Month.objects.get(pk=district.month.pk).state == MonthState.OPEN


def test_it_closes_the_month(personas, district):
    response = personas.office.post(reverse("reporting:month_close"), {"month": "2022-03"})
    assert response.status_code == 302
    assert Month.objects.get(pk=district.month.pk).state == MonthState.CLOSED


def test_it_accepts_and_returns_reports_from_the_unit_drill_down(personas, district):
    first = report_of(district.item_b, district.month, ReportState.SUBMITTED)
    second = report_of(
        ItemFactory(code="B-002", lead_unit=district.unit_b), district.month, "submitted"
    )
    drill = reverse("reporting:review_unit", args=["2022-03", district.unit_b.pk])
    page = personas.office.get(drill).content.decode()
    assert reverse("reporting:report_accept", args=[first.pk]) in page
    personas.office.post(reverse("reporting:report_accept", args=[first.pk]), {"next": drill})
    response = personas.office.post(
        reverse("reporting:report_return", args=[second.pk]), {"reason": "", "next": drill}
    )
    assert response.url == drill
    assert Report.objects.get(pk=second.pk).state == ReportState.SUBMITTED  # no reason
    personas.office.post(reverse("reporting:report_return", args=[second.pk]), {"reason": "补材料"})
    states = dict(Report.objects.values_list("pk", "state"))
    assert states == {first.pk: ReportState.ACCEPTED, second.pk: ReportState.RETURNED}
    # The office's own row of the returned report says why, as the unit's page does.
    body = personas.office.get(drill).content.decode().split("<tbody>")[1]
    row = body.split("B-002")[1].split("</tr>")[0]
    assert (
        '<div class="alert alert-secondary py-1 px-2 mb-1 return-reason">退回理由：补材料</div>'
        in row
    )


def test_it_names_the_report_in_each_one_report_confirmation(personas, district):
    first = report_of(district.item_b, district.month, ReportState.SUBMITTED)
    second = report_of(
        ItemFactory(code="B-002", name="规上工业增加值", lead_unit=district.unit_b),
        district.month,
        ReportState.SUBMITTED,
    )
    drill = reverse("reporting:review_unit", args=["2022-03", district.unit_b.pk])
    accepted = personas.office.post(
        reverse("reporting:report_accept", args=[first.pk]), {"next": drill}, follow=True
    )
    returned = personas.office.post(
        reverse("reporting:report_return", args=[second.pk]),
        {"reason": "补材料", "next": drill},
        follow=True,
    )
    item = district.item_b
    assert [str(m) for m in accepted.context["messages"]] == [
        f"{item.code} {item.name}（2022-03）已审核通过"
    ]
    assert [str(m) for m in returned.context["messages"]] == [
        "B-002 规上工业增加值（2022-03）已退回"
    ]


def test_it_accepts_a_whole_unit_from_the_drill_down(personas, district):
    report_of(district.item_b, district.month, ReportState.SUBMITTED)
    url = reverse("reporting:review_accept_unit", args=["2022-03", district.unit_b.pk])
    assert personas.reporter_b.post(url).status_code == 403
    personas.office.post(url)
    assert Report.objects.get().state == ReportState.ACCEPTED


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("office", 200),
        ("leader", 200),
        ("reporter_a", 200),
        ("head_a", 200),
        ("reporter_b", 404),
        ("anonymous", 302),
    ],
)
def test_it_shows_a_report_only_to_its_unit_and_the_district(personas, district, persona, status):
    report = report_of(district.item_a, district.month, ReportState.DRAFT)
    url = reverse("reporting:report_detail", args=[report.pk])
    assert getattr(personas, persona).get(url).status_code == status


def test_it_answers_404_for_every_step_on_another_units_report(personas, district):
    report = report_of(district.item_a, district.month, ReportState.SUBMITTED)
    for name in ("report_approve", "report_return"):
        url = reverse(f"reporting:{name}", args=[report.pk])
        assert personas.reporter_b.post(url, {"reason": "x"}).status_code in (403, 404)
    b_report = report_of(district.item_b, district.month, ReportState.SUBMITTED)
    approve_b = reverse("reporting:report_approve", args=[b_report.pk])
    assert personas.head_a.post(approve_b).status_code == 404
    assert (
        personas.head_a.post(
            reverse("reporting:report_return", args=[b_report.pk]), {"reason": "x"}
        ).status_code
        == 404
    )
    assert Report.objects.get(pk=b_report.pk).state == ReportState.SUBMITTED


@pytest.mark.parametrize(
    ("name", "persona"),
    [
        ("report_approve", "reporter_a"),
        ("report_approve", "office"),
        ("report_accept", "head_a"),
        ("report_accept", "leader"),
        ("report_reopen", "head_a"),
        ("report_return", "reporter_a"),
    ],
)
def test_it_refuses_workflow_steps_to_the_wrong_role(personas, district, name, persona):
    report = report_of(district.item_a, district.month, ReportState.SUBMITTED)
    url = reverse(f"reporting:{name}", args=[report.pk])
    assert getattr(personas, persona).post(url, {"reason": "x"}).status_code == 403
    assert Report.objects.get().state == ReportState.SUBMITTED


def test_it_walks_a_report_through_head_and_office_on_its_page(personas, district):
    report = report_of(district.item_a, district.month, ReportState.SUBMITTED)
    detail = reverse("reporting:report_detail", args=[report.pk])
    assert reverse("reporting:report_approve", args=[report.pk]) in (
        personas.head_a.get(detail).content.decode()
    )
    personas.head_a.post(reverse("reporting:report_approve", args=[report.pk]))
    personas.office.post(reverse("reporting:report_accept", args=[report.pk]))
    personas.office.post(
        reverse("reporting:report_reopen", args=[report.pk]), {"reason": "更正口径"}
    )
    report.refresh_from_db()
    assert (report.state, report.return_reason) == (ReportState.RETURNED, "更正口径")
    page = personas.reporter_a.get(detail).content.decode()
    assert "重新打开：更正口径" in page
    assert "重新打开原因：更正口径" in page  # labelled by what it is, not 退回理由
    assert "单位审核通过" in page


def test_it_shows_each_change_old_to_new_with_who_made_it(personas, district):
    from reporting import services

    user = personas.users.reporter_a
    report = services.save_report(
        district.item_a, district.month, {"value": Decimal("28")}, user, 0
    )
    services.save_report(
        district.item_a, district.month, {"value": Decimal("30.5")}, user, report.version
    )
    page = personas.office.get(reverse("reporting:report_detail", args=[report.pk])).content
    page = page.decode()
    assert "完成值：28 → 30.5" in page
    assert "完成值：— → 28" in page
    assert "rep_a" in page


def test_the_unit_drill_down_lists_an_item_not_yet_reported(personas, district):
    """A unit with one report waiting and one due item never reported: the page opens
    and names the unreported item beside the one waiting."""
    first = report_of(district.item_b, district.month, ReportState.SUBMITTED)
    ItemFactory(code="B-002", name="技改投资", lead_unit=district.unit_b)
    drill = reverse("reporting:review_unit", args=["2022-03", district.unit_b.pk])
    response = personas.office.get(drill)
    assert response.status_code == 200
    page = response.content.decode()
    assert "B-002" in page and "技改投资" in page
    assert reverse("reporting:report_accept", args=[first.pk]) in page
    # 目标值 and 序时进度 stay on one line in their narrow columns.
    assert page.count('class="num hide-phone text-nowrap"') == 2 * 2


def test_the_review_page_opens_the_next_month_with_its_own_deadline(personas, district):
    """The open-month form does not carry the shown month's deadline over: typing the
    next month and pressing the button opens it, due on its own 25th."""
    html = personas.office.get(REVIEW).content.decode()
    field = html.split('name="deadline"')[1].split(">")[0]
    assert "value=" not in field
    response = personas.office.post(
        reverse("reporting:month_open"), {"month": "2022-04", "deadline": ""}
    )
    assert response.status_code == 302
    assert Month.objects.get(year=2022, number=4).deadline == datetime.date(2022, 4, 25)
