"""Plausibility flags (异常提示): the pure rules, the reporter's confirmation with a
reason on the fill page, and what the office sees and accepts."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from reporting import plausibility as p
from reporting import services
from reporting.models import Report, ReportState
from tests.factories import ItemFactory, MonthFactory, ReportFactory


def figures(**changes):
    base = {
        "value": D("30"),
        "rank": None,
        "last_value": D("20"),
        "last_rank": None,
        "same_year": True,
        "cumulative": True,
        "direction": "positive",
        "target": D("120"),
        "month": 3,
    }
    return p.Figures(**(base | changes))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, {}),
        ({"value": D("19")}, {p.LOWER_THAN_LAST: {"previous": "20"}}),
        ({"value": D("19"), "cumulative": False}, {}),  # a rate may fall
        ({"value": D("19"), "same_year": False}, {}),  # January starts again
        ({"value": D("60")}, {}),  # exactly 3×
        ({"value": D("60.01")}, {p.OVER_3X_LAST: {"previous": "20"}}),
        ({"value": D("5"), "last_value": D("0")}, {}),  # from nothing: no ratio
        (
            {"value": D("361"), "last_value": D("200")},
            {p.OVER_3X_TARGET: {"target": "120"}},
        ),
        ({"value": D("361"), "last_value": None}, {p.OVER_3X_TARGET: {"target": "120"}}),
        ({"value": D("20")}, {p.FLAT_BEHIND: {}}),  # 20 < E = 30
        ({"value": D("30"), "last_value": D("30")}, {}),  # flat but on schedule
        ({"value": D("20"), "cumulative": False, "month": 3}, {}),
        ({"rank": 3, "last_rank": 13}, {p.RANK_MOVED: {"previous": "13"}}),
        ({"rank": 13, "last_rank": 3}, {p.RANK_MOVED: {"previous": "3"}}),
        ({"rank": 12, "last_rank": 3}, {}),
        ({"value": None, "last_value": D("20")}, {}),
    ],
)
def test_it_flags_what_may_be_a_slip(changes, expected):
    assert p.flags(figures(**changes)) == expected


def test_it_words_each_flag_in_chinese():
    assert p.flag_text(p.OVER_3X_LAST, {"previous": "20"}) == "完成值超过上期的 3 倍（上期 20）"
    assert p.flag_text(p.RANK_MOVED, {"previous": "13"}) == "位次变动 10 位及以上（上期第 13 位）"


URL = reverse("reporting:fill")


def _jump(district):
    """Item A: February 10 (accepted); March's form with 45, over 3× last month."""
    ReportFactory(item=district.item_a, month=MonthFactory(year=2022, number=2), value=D("10"))
    prefix = f"i{district.item_a.pk}"
    return {
        f"{prefix}-version": 0,
        f"{prefix}-value": "45",
        f"{prefix}-achievement": "一次性入库大项目",
        "action": f"submit:{district.item_a.pk}",
    }


@pytest.mark.django_db
def test_the_reporter_confirms_a_flag_with_a_reason_and_the_office_sees_it(personas, district):
    data = _jump(district)

    page = personas.reporter_a.post(URL, data).content.decode()

    assert "完成值超过上期的 3 倍（上期 10）：请核实，并填写说明后再报送" in page
    assert f'name="i{district.item_a.pk}-flag_over_3x_last"' in page
    assert not Report.objects.filter(month=district.month).exists()

    reason = {f"i{district.item_a.pk}-flag_over_3x_last": "新入库项目一次性计入"}
    personas.reporter_a.post(URL, data | reason)

    report = Report.objects.get(month=district.month)
    assert report.state == ReportState.SUBMITTED
    assert report.flags == [
        {"code": "over_3x_last", "params": {"previous": "10"}, "reason": "新入库项目一次性计入"}
    ]
    services.approve_report(report, personas.users.head_a)
    review = reverse("reporting:review_unit", args=["2022-03", district.unit_a.pk])
    page = personas.office.get(review).content.decode()
    assert "完成值超过上期的 3 倍（上期 10）" in page
    assert "新入库项目一次性计入" in page
    assert "一次性入库大项目" in page  # 实现情况 is on the review table too
    assert "完成值：10 → 45" in page  # the diff against last month
    assert "其中 1 份带异常提示，须逐份查看后单独通过" in page

    accept_all = reverse("reporting:review_accept_unit", args=["2022-03", district.unit_a.pk])
    page = personas.office.post(accept_all, follow=True).content.decode()
    assert "1 份月报带有异常提示，须逐份查看后单独通过" in page
    assert Report.objects.get(pk=report.pk).state == ReportState.APPROVED
    personas.office.post(reverse("reporting:report_accept", args=[report.pk]))
    assert Report.objects.get(pk=report.pk).state == ReportState.ACCEPTED


@pytest.mark.django_db
def test_the_service_refuses_an_unexplained_flag(personas, district):
    user = personas.users.reporter_a
    ReportFactory(item=district.item_a, month=MonthFactory(year=2022, number=2), value=D("40"))
    report = services.save_report(
        district.item_a, district.month, {"value": D("35"), "achievement": "统计口径调整"}, user, 0
    )
    with pytest.raises(services.NeedsConfirmation) as refused:
        services.submit_report(report, user, report.version)
    assert refused.value.asks == [p.LOWER_THAN_LAST]
    report = services.submit_report(
        report, user, report.version, reasons={p.LOWER_THAN_LAST: "  统计局核减  "}
    )
    assert report.flags[0]["reason"] == "统计局核减"


@pytest.mark.django_db
def test_a_flagless_report_is_accepted_with_the_rest(personas, district):
    second = ItemFactory(code="B-002", lead_unit=district.unit_b)
    for item in (district.item_b, second):
        ReportFactory(item=item, month=district.month, state=ReportState.SUBMITTED)
    Report.objects.filter(item=second).update(flags=[{"code": "rank_moved", "reason": "x"}])
    accepted, flagged = services.accept_unit(district.unit_b, district.month, personas.users.office)
    assert (accepted, flagged) == (1, 1)


@pytest.mark.django_db
def test_a_flag_against_an_earlier_month_says_上期_not_上月(personas, district):
    """The figures are compared with the latest earlier report (上期): here January's,
    February having no report, so the flag must not call it last month's."""
    ReportFactory(item=district.item_a, month=MonthFactory(year=2022, number=1), value=D("10"))
    prefix = f"i{district.item_a.pk}"
    data = {
        f"{prefix}-version": 0,
        f"{prefix}-value": "45",
        f"{prefix}-achievement": "一次性入库大项目",
        "action": f"submit:{district.item_a.pk}",
    }
    page = personas.reporter_a.post(URL, data).content.decode()
    assert "完成值超过上期的 3 倍（上期 10）：请核实，并填写说明后再报送" in page
    assert "完成值或位次与上期相比变化异常，请核实并说明" in page
    assert "上月" not in page.replace("较上月", "")
