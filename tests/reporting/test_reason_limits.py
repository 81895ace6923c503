"""Every typed reason (退回理由, 重新打开原因, a 加减分's 修改原因 and 删除原因) has one
limit, REASON_LIMIT, at every door: one character more is refused with the limit named
in Chinese, never a server error, and nothing is written or cut; the limit itself fits
every column that keeps it, the history rows' included (run on PostgreSQL too, where a
too narrow column is an error rather than silently kept)."""

import re

import pytest
from django.urls import reverse

from reporting import bonuses
from reporting.models import REASON_LIMIT, BonusPenalty, MonthState, Report, ReportState
from scoring.services import publish_month
from tests.factories import BonusPenaltyFactory, ReportFactory

pytestmark = pytest.mark.django_db

TOO_LONG = "理" * (REASON_LIMIT + 1)
AT_LIMIT = "由" * REASON_LIMIT
REFUSED = f"最多 {REASON_LIMIT} 字，现有 {REASON_LIMIT + 1} 字；请精简后再保存，内容未作截断"


def _texts(response) -> str:
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    return " ".join(messages) + response.content.decode()


def _report(district, state) -> Report:
    return ReportFactory(item=district.item_a, month=district.month, state=state)


@pytest.mark.parametrize(
    ("persona", "state", "url_name"),
    [
        ("office", ReportState.APPROVED, "reporting:report_return"),
        ("head_a", ReportState.SUBMITTED, "reporting:report_return"),
        ("office", ReportState.ACCEPTED, "reporting:report_reopen"),
    ],
)
def test_a_report_step_refuses_a_reason_over_the_limit_and_keeps_one_at_it(
    personas, district, persona, state, url_name
):
    client = getattr(personas, persona)
    report = _report(district, state)
    url = reverse(url_name, args=[report.pk])
    assert REFUSED in _texts(client.post(url, {"reason": TOO_LONG}, follow=True))
    assert Report.objects.get(pk=report.pk).state == state
    client.post(url, {"reason": AT_LIMIT})
    report = Report.objects.get(pk=report.pk)
    assert report.state == ReportState.RETURNED and report.return_reason == AT_LIMIT
    assert report.history.latest("history_date").history_change_reason == AT_LIMIT


def test_returning_a_whole_unit_refuses_a_reason_over_the_limit(personas, district):
    report = _report(district, ReportState.APPROVED)
    url = reverse("reporting:review_return_unit", args=["2022-03", district.unit_a.pk])
    assert REFUSED in _texts(personas.office.post(url, {"reason": TOO_LONG}, follow=True))
    assert Report.objects.get(pk=report.pk).state == ReportState.APPROVED
    personas.office.post(url, {"reason": AT_LIMIT})
    assert Report.objects.get(pk=report.pk).return_reason == AT_LIMIT


def test_a_closed_months_reopen_keeps_a_reason_at_the_limit(personas, district):
    district.month.state = MonthState.CLOSED
    district.month.save()
    report = _report(district, ReportState.DRAFT)
    url = reverse("reporting:report_reopen", args=[report.pk])
    assert REFUSED in _texts(personas.office.post(url, {"reason": TOO_LONG}, follow=True))
    personas.office.post(url, {"reason": AT_LIMIT})
    assert Report.objects.get(pk=report.pk).reopened


def test_a_bonus_change_and_deletion_refuse_a_reason_over_the_limit(personas, district):
    bonus = BonusPenaltyFactory(unit=district.unit_a, month=district.month, reason="表彰")
    change = reverse("reporting:bonus_change", args=[bonus.pk])
    data = {"points": "3", "reason": "表彰", "why": TOO_LONG}
    assert REFUSED in _texts(personas.office.post(change, data))
    assert BonusPenalty.objects.get(pk=bonus.pk).points != 3
    personas.office.post(change, data | {"why": AT_LIMIT})
    assert bonus.history.latest("history_date").history_change_reason == AT_LIMIT
    delete = reverse("reporting:bonus_delete", args=[bonus.pk])
    assert REFUSED in _texts(personas.office.post(delete, {"why": TOO_LONG}))
    assert BonusPenalty.objects.filter(pk=bonus.pk).exists()
    # The service, for scripts, says the same.
    with pytest.raises(bonuses.WorkflowError, match=REFUSED):
        bonuses.delete_bonus(bonus, personas.users.office, TOO_LONG)


def _reason_boxes(html: str) -> list[str]:
    """The text boxes of a page that take a typed reason (事由, 修改原因, 删除原因, 更正原因)."""
    return re.findall(r'<input[^>]*name="(?:reason|why)"[^>]*>', html)


def test_no_reason_box_lets_the_browser_cut_a_paste_at_the_limit(personas, district):
    # A maxlength attribute would have the browser keep the first 300 characters of a
    # pasted reason without a word; the server refuses a longer one with the limit named.
    bonus = BonusPenaltyFactory(unit=district.unit_a, month=district.month, reason="表彰")
    publish_month(district.month.label)  # the check page then asks for 更正原因
    pages = [
        reverse("reporting:bonus_list", args=["2022-03"]),
        reverse("reporting:bonus_change", args=[bonus.pk]),
        reverse("reporting:bonus_delete", args=[bonus.pk]),
        reverse("scoring:publish_check", args=["2022-03"]),
    ]
    for url in pages:
        boxes = _reason_boxes(_texts(personas.office.get(url)))
        assert boxes, url
        assert not [box for box in boxes if "maxlength" in box], url


def test_a_deletion_without_a_reason_asks_for_the_deletion_reason(personas, district):
    bonus = BonusPenaltyFactory(unit=district.unit_a, month=district.month, reason="表彰")
    delete = reverse("reporting:bonus_delete", args=[bonus.pk])
    html = _texts(personas.office.post(delete, {"why": ""}))
    assert "请填写删除原因" in html and "请填写修改原因" not in html
    assert BonusPenalty.objects.filter(pk=bonus.pk).exists()
    with pytest.raises(bonuses.WorkflowError, match="请填写删除原因"):
        bonuses.delete_bonus(bonus, personas.users.office, " ")
