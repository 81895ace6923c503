"""The steps a report allows (reporting.steps.report_steps), the same on every page and
in the services; both bulk approvals hold back flagged reports and say how many."""

import pytest
from django.urls import reverse

from reporting import services
from reporting.models import MonthState, Report, ReportState
from reporting.steps import report_steps
from tests.factories import ItemFactory, ReportFactory

pytestmark = pytest.mark.django_db

FLAGS = [{"code": "rank_moved", "params": {"previous": "3"}, "reason": "口径调整"}]


def _allowed(report, user, has_head=True) -> set[str]:
    steps = report_steps(report, user, has_head=has_head)
    return {
        name
        for name in ("edit", "approve", "accept", "send_back", "reopen")
        if getattr(steps, name)
    }


@pytest.mark.parametrize(
    ("state", "month_state", "persona", "expected"),
    [
        (ReportState.DRAFT, MonthState.OPEN, "reporter_a", {"edit"}),
        (ReportState.DRAFT, MonthState.OPEN, "office", set()),
        (ReportState.SUBMITTED, MonthState.OPEN, "head_a", {"approve", "send_back"}),
        (ReportState.SUBMITTED, MonthState.OPEN, "office", {"send_back"}),
        (ReportState.APPROVED, MonthState.OPEN, "office", {"accept", "send_back"}),
        (ReportState.APPROVED, MonthState.OPEN, "head_a", set()),
        (ReportState.ACCEPTED, MonthState.OPEN, "office", {"reopen"}),
        (ReportState.DRAFT, MonthState.CLOSED, "office", {"reopen"}),
        (ReportState.DRAFT, MonthState.CLOSED, "reporter_a", set()),
        (ReportState.RETURNED, MonthState.CLOSED, "reporter_a", {"edit"}),
        (ReportState.RETURNED, MonthState.CLOSED, "office", set()),
        (ReportState.SUBMITTED, MonthState.OPEN, "reporter_b", set()),
    ],
)
def test_it_lists_the_steps_a_report_allows_each_user(
    personas, district, state, month_state, persona, expected
):
    district.month.state = month_state
    district.month.save()
    report = ReportFactory(item=district.item_a, month=district.month, state=state)
    assert _allowed(report, getattr(personas.users, persona)) == expected


def test_without_a_unit_head_the_office_takes_submitted_reports(personas, district):
    report = ReportFactory(item=district.item_a, month=district.month, state=ReportState.SUBMITTED)
    assert _allowed(report, personas.users.office, has_head=False) == {"accept", "send_back"}


def test_the_pages_show_the_buttons_the_steps_allow(personas, district):
    report = ReportFactory(item=district.item_a, month=district.month, state=ReportState.APPROVED)
    url = reverse("reporting:report_detail", args=[report.pk])
    office = personas.office.get(url).context
    assert (office["can_accept"], office["can_return"], office["can_reopen"]) == (True, True, False)
    review = reverse("reporting:review_unit", args=["2022-03", district.unit_a.pk])
    row = next(r for r in personas.office.get(review).context["rows"] if r["report"])
    assert (row["can_accept"], row["can_return"], row["can_reopen"]) == (True, True, False)
    head = personas.head_a.get(url).context
    assert (head["can_approve"], head["can_return"]) == (False, False)


def test_the_heads_approve_all_holds_back_flagged_reports_and_says_how_many(personas, district):
    flagged = ItemFactory(code="A-002", action=district.action, lead_unit=district.unit_a)
    for item in (district.item_a, flagged):
        ReportFactory(item=item, month=district.month, state=ReportState.SUBMITTED)
    Report.objects.filter(item=flagged).update(flags=FLAGS)
    page = personas.head_a.post(
        reverse("reporting:fill_approve_all"), {"month": "2022-03"}, follow=True
    ).content.decode()
    assert "已审核通过 1 份月报，报考核办" in page
    assert "1 份月报带有异常提示，须逐份查看后单独审核通过，未包含在全部审核通过中" in page
    states = dict(Report.objects.values_list("item__code", "state"))
    assert states == {"A-001": ReportState.APPROVED, "A-002": ReportState.SUBMITTED}
    # The flagged one is approved on its own, after a look.
    services.approve_report(Report.objects.get(item=flagged), personas.users.head_a)
    assert Report.objects.get(item=flagged).state == ReportState.APPROVED


def test_the_office_accepts_only_what_awaits_it(personas, district):
    report = ReportFactory(item=district.item_a, month=district.month, state=ReportState.SUBMITTED)
    with pytest.raises(services.WorkflowError, match="尚待单位负责人审核"):
        services.accept_report(report, personas.users.office)
    assert services.accept_unit(district.unit_a, district.month, personas.users.office) == (0, 0)
