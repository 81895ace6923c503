"""The reporting workflow's services: every transition and every refusal."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
import time_machine
from django.db import IntegrityError, transaction

from actions.models import Cadence, ItemKind, Level, Progress
from reporting import services
from reporting.models import Month, MonthState, Report
from reporting.models import ReportState as S
from tests.factories import ItemFactory, MonthFactory, ReportFactory

pytestmark = pytest.mark.django_db

GOOD = {"value": Decimal("30"), "achievement": "完成一季度投资"}  # E = 120 × 3/12 = 30
RED = {"value": Decimal("20"), "achievement": "进度偏慢"}  # c = 0.67 < 0.9


def save(item, month, user, data=GOOD, version=None):
    if version is None:
        report = Report.objects.filter(item=item, month=month).first()
        version = report.version if report else 0
    return services.save_report(item, month, data, user, version)


def submitted(district, user, item=None, data=GOOD):
    item = item or district.item_a
    report = save(item, district.month, user, data)
    return services.submit_report(report, user, report.version)


def steps(report):
    """(step, reason) of the report's history rows, oldest first."""
    return list(
        report.history.order_by("history_date", "history_id").values_list(
            "step", "history_change_reason"
        )
    )


def test_it_saves_a_draft_with_who_and_why_in_the_history(personas, district):
    report = save(district.item_a, district.month, personas.users.reporter_a)
    assert report.state == S.DRAFT
    assert report.version == 1
    assert report.value == Decimal("30")
    record = report.history.get()
    assert record.history_user == personas.users.reporter_a
    assert (record.step, record.history_change_reason) == ("保存", "")


def test_it_refuses_a_stale_save_and_reports_the_newer_values(personas, district):
    users = personas.users
    first = save(district.item_a, district.month, users.reporter_a)
    save(district.item_a, district.month, users.head_a, {"value": Decimal("31")}, first.version)
    with pytest.raises(services.StaleReport) as refused:
        save(district.item_a, district.month, users.reporter_a, {"value": Decimal("99")}, 1)
    assert refused.value.current.value == Decimal("31")
    assert "您的修改未保存" in refused.value.message
    assert Report.objects.get().value == Decimal("31")


def test_it_refuses_creating_a_report_someone_else_created_meanwhile(personas, district):
    save(district.item_a, district.month, personas.users.head_a, {"value": Decimal("31")})
    with pytest.raises(services.StaleReport) as refused:
        save(district.item_a, district.month, personas.users.reporter_a, GOOD, version=0)
    assert refused.value.current.value == Decimal("31")
    assert Report.objects.count() == 1


def test_it_goes_draft_submitted_approved_accepted_with_a_head(personas, district):
    users = personas.users
    report = submitted(district, users.reporter_a)
    assert report.state == S.SUBMITTED
    assert report.submitted_by == users.reporter_a
    with pytest.raises(services.WorkflowError, match="待单位负责人审核"):
        services.accept_report(report, users.office)
    report = services.approve_report(report, users.head_a)
    assert report.state == S.APPROVED
    with mock.patch("scoring.receivers.queue_rescore") as queue:
        report = services.accept_report(report, users.office)
    queue.assert_called_once_with(district.month)
    assert report.state == S.ACCEPTED
    assert report.accepted_by == users.office
    assert [step for step, _ in steps(report)] == ["保存", "报送", "单位审核通过", "审核通过"]


def test_it_sends_a_headless_units_submission_straight_to_the_office(personas, district):
    report = submitted(district, personas.users.reporter_b, district.item_b)
    assert report.state == S.SUBMITTED
    report = services.accept_report(report, personas.users.office)
    assert report.state == S.ACCEPTED


def test_it_takes_a_heads_own_submission_as_approved(personas, district):
    report = submitted(district, personas.users.head_a)
    assert report.state == S.APPROVED


def test_it_lets_the_head_return_with_a_reason_shown_to_the_reporter(personas, district):
    users = personas.users
    report = submitted(district, users.reporter_a)
    with pytest.raises(services.WorkflowError, match="退回理由"):
        services.return_report(report, users.head_a, "  ")
    report = services.return_report(report, users.head_a, "数据口径不对")
    assert report.state == S.RETURNED
    assert report.return_reason == "数据口径不对"
    assert services.is_editable(report, report.month)
    assert steps(report)[-1] == ("单位退回", "数据口径不对")
    assert users.reporter_a.notifications.filter(text__contains="数据口径不对").exists()
    report = save(district.item_a, district.month, users.reporter_a, {"value": Decimal("32")})
    report = services.submit_report(report, users.reporter_a, report.version)
    assert report.state == S.SUBMITTED
    assert report.return_reason == ""


def test_it_lets_the_office_return_and_the_unit_resubmit(personas, district):
    users = personas.users
    report = submitted(district, users.reporter_b, district.item_b)
    report = services.return_report(report, users.office, "请补充实现情况")
    assert report.state == S.RETURNED
    assert steps(report)[-1] == ("退回", "请补充实现情况")
    report = services.submit_report(report, users.reporter_b, report.version)
    assert report.state == S.SUBMITTED


def test_it_refuses_steps_by_the_wrong_person(personas, district):
    users = personas.users
    with pytest.raises(services.WorkflowError, match="本单位"):
        save(district.item_a, district.month, users.reporter_b)
    with pytest.raises(services.WorkflowError, match="本单位"):
        save(district.item_a, district.month, users.office)
    report = submitted(district, users.reporter_a)
    with pytest.raises(services.WorkflowError, match="负责人"):
        services.approve_report(report, users.reporter_a)
    with pytest.raises(services.WorkflowError, match="考核办"):
        services.accept_report(report, users.head_a)
    b_report = submitted(district, users.reporter_b, district.item_b)
    with pytest.raises(services.WorkflowError, match="负责人"):
        services.approve_report(b_report, users.head_a)
    with pytest.raises(services.WorkflowError, match="负责人"):
        services.return_report(b_report, users.head_a, "不是我的单位")
    with pytest.raises(services.WorkflowError, match="考核办"):
        services.open_month("2022-04", user=users.head_a)
    with pytest.raises(services.WorkflowError, match="考核办"):
        services.close_month(district.month, users.reporter_a)
    with pytest.raises(services.WorkflowError, match="考核办"):
        services.reopen_report(b_report, users.leader, "想改")


def test_it_refuses_a_red_submission_without_problems_and_measures(personas, district):
    user = personas.users.reporter_a
    report = save(district.item_a, district.month, user, RED)
    with pytest.raises(services.WorkflowError) as refused:
        services.submit_report(report, user, report.version)
    assert refused.value.field_errors == {
        "problems": "该事项评分为红色或进度滞后，报送前须填写存在问题",
        "measures": "该事项评分为红色或进度滞后，报送前须填写具体措施",
    }
    assert Report.objects.get().state == S.DRAFT
    report = save(district.item_a, district.month, user, {**RED, "problems": "资金未到位"})
    with pytest.raises(services.WorkflowError) as refused:
        services.submit_report(report, user, report.version)
    assert list(refused.value.field_errors) == ["measures"]
    report = save(district.item_a, district.month, user, {"measures": "争取专项债"})
    assert services.submit_report(report, user, report.version).state == S.SUBMITTED


def test_it_refuses_a_behind_project_without_problems_and_measures(personas, district):
    user = personas.users.reporter_a
    project = ItemFactory(
        code="A-002", kind=ItemKind.PROJECT, target=None, lead_unit=district.unit_a
    )
    behind = {"progress": Progress.BEHIND, "achievement": "完成立项"}
    report = save(project, district.month, user, behind)
    with pytest.raises(services.WorkflowError) as refused:
        services.submit_report(report, user, report.version)
    assert set(refused.value.field_errors) == {"problems", "measures"}
    report = save(project, district.month, user, {"problems": "征迁慢", "measures": "专班推进"})
    assert services.submit_report(report, user, report.version).state == S.SUBMITTED


def test_it_refuses_a_bottom_ranked_indicator_without_explanation(personas, district):
    user = personas.users.reporter_a
    ranked = ItemFactory(code="A-003", level=Level.PROVINCE, lead_unit=district.unit_a)
    figures = {"rank": 22, "peer_count": 26, "achievement": "排名靠后"}
    report = save(ranked, district.month, user, figures)
    with pytest.raises(services.WorkflowError) as refused:
        services.submit_report(report, user, report.version)
    assert set(refused.value.field_errors) == {"problems", "measures"}
    report = save(ranked, district.month, user, {"rank": 3, "peer_count": 26})
    assert services.submit_report(report, user, report.version).state == S.SUBMITTED


def test_it_refuses_a_submission_without_the_figures_its_rule_needs(personas, district):
    user = personas.users.reporter_a
    report = save(district.item_a, district.month, user, {"achievement": "稳步推进"})
    with pytest.raises(services.WorkflowError) as refused:
        services.submit_report(report, user, report.version)
    assert refused.value.field_errors == {"value": "报送前须填写完成值"}


def test_it_refuses_impossible_figures(personas, district):
    ranked = ItemFactory(code="A-003", level=Level.CITY, lead_unit=district.unit_a)
    user = personas.users.reporter_a
    with pytest.raises(services.WorkflowError) as refused:
        save(ranked, district.month, user, {"rank": 9, "peer_count": 8})
    assert refused.value.field_errors == {"rank": "位次不能大于参评数"}
    with pytest.raises(services.WorkflowError) as refused:
        save(ranked, district.month, user, {"rank": None, "peer_count": 0})
    assert refused.value.field_errors == {"peer_count": "参评数至少为 1"}
    assert not Report.objects.exists()


def test_it_refuses_an_item_not_due_this_month(personas, district):
    quarterly = ItemFactory(code="A-004", cadence=Cadence.QUARTERLY, lead_unit=district.unit_a)
    february = MonthFactory(year=2022, number=2)
    with pytest.raises(services.WorkflowError, match="无需报送"):
        save(quarterly, february, personas.users.reporter_a)


def test_it_submits_once_when_submit_is_clicked_twice(personas, district):
    user = personas.users.reporter_a
    report = save(district.item_a, district.month, user)
    version = report.version
    services.submit_report(report, user, version)
    with pytest.raises(services.AlreadySubmitted, match="已报送"):
        services.submit_report(report, user, version)
    assert steps(Report.objects.get()).count(("报送", "")) == 1


@pytest.mark.parametrize(
    ("moment", "late"),
    [
        ("2022-03-25 23:59:00+08:00", False),
        ("2022-03-26 00:01:00+08:00", True),
    ],
)
def test_it_marks_a_submission_after_the_deadline_late(personas, district, moment, late):
    with time_machine.travel(moment, tick=False):
        report = submitted(district, personas.users.reporter_a)
    assert report.late is late


def test_it_locks_a_closed_month_until_the_office_reopens_a_report(personas, district):
    users = personas.users
    draft = save(district.item_a, district.month, users.reporter_a)
    unreported = ItemFactory(code="A-005", lead_unit=district.unit_a)
    accepted = submitted(district, users.reporter_b, district.item_b)
    accepted = services.accept_report(accepted, users.office)
    services.close_month(district.month, users.office)
    month = Month.objects.get(pk=district.month.pk)
    assert month.state == MonthState.CLOSED
    with pytest.raises(services.WorkflowError, match="已关闭"):
        save(district.item_a, month, users.reporter_a, {"value": Decimal("31")})
    with pytest.raises(services.WorkflowError, match="已关闭"):
        services.submit_report(draft, users.reporter_a, draft.version)
    with pytest.raises(services.WorkflowError, match="已关闭"):
        save(unreported, month, users.reporter_a, GOOD, version=0)
    with pytest.raises(services.WorkflowError, match="重新打开原因"):
        services.reopen_report(accepted, users.office, "")
    with mock.patch("scoring.receivers.queue_rescore") as queue:
        reopened = services.reopen_report(accepted, users.office, "完成值录入有误")
    queue.assert_called_once_with(month)
    assert reopened.state == S.RETURNED
    assert reopened.reopened
    assert steps(reopened)[-1] == ("重新打开", "完成值录入有误")
    report = save(district.item_b, month, users.reporter_b, {"value": Decimal("33")})
    report = services.submit_report(report, users.reporter_b, report.version)
    report = services.accept_report(report, users.office)
    assert report.value == Decimal("33")
    assert not report.reopened
    with pytest.raises(services.WorkflowError, match="已通过"):
        save(district.item_b, month, users.reporter_b, {"value": Decimal("34")})


def test_it_reopens_an_accepted_report_of_an_open_month_only(personas, district):
    users = personas.users
    report = submitted(district, users.reporter_b, district.item_b)
    with pytest.raises(services.WorkflowError, match="不能执行此操作"):
        services.reopen_report(report, users.office, "再看看")
    report = services.accept_report(report, users.office)
    report = services.reopen_report(report, users.office, "再看看")
    assert report.state == S.RETURNED


def test_it_accepts_a_whole_unit_at_once(personas, district):
    users = personas.users
    second = ItemFactory(code="B-002", lead_unit=district.unit_b)
    submitted(district, users.reporter_b, district.item_b)
    submitted(district, users.reporter_b, second)
    with mock.patch("scoring.receivers.queue_rescore") as queue:
        count, _flagged = services.accept_unit(district.unit_b, district.month, users.office)
    assert count == 2
    queue.assert_called_once_with(district.month)
    assert set(Report.objects.values_list("state", flat=True)) == {S.ACCEPTED}
    assert {steps(report)[-1] for report in Report.objects.all()} == {("审核通过", "")}


def test_it_accepts_only_head_approved_reports_of_a_unit_with_a_head(personas, district):
    users = personas.users
    submitted(district, users.reporter_a)
    assert services.accept_unit(district.unit_a, district.month, users.office) == (0, 0)
    assert services.return_unit(district.unit_a, district.month, users.office, "统一退回") == 1
    assert Report.objects.get().state == S.RETURNED
    assert steps(Report.objects.get())[-1] == ("退回", "统一退回")


def test_it_records_the_heads_approval_of_a_whole_unit_as_a_step(personas, district):
    users = personas.users
    submitted(district, users.reporter_a)
    assert services.approve_unit(district.month, users.head_a) == (1, 0)
    assert steps(Report.objects.get()) == [("保存", ""), ("报送", ""), ("单位审核通过", "")]


def test_it_opens_a_month_with_the_25th_as_default_deadline(personas):
    office = personas.users.office
    month = services.open_month("2022-04", user=office)
    assert (month.state, month.deadline) == (MonthState.OPEN, datetime.date(2022, 4, 25))
    month = services.open_month("2022-04", datetime.date(2022, 4, 28), office)
    assert month.deadline == datetime.date(2022, 4, 28)
    assert Month.objects.filter(year=2022, number=4).count() == 1
    with pytest.raises(services.WorkflowError, match="YYYY-MM"):
        services.open_month("2022-13", user=office)
    with pytest.raises(services.WorkflowError, match="不能早于"):
        services.open_month("2022-05", datetime.date(2022, 4, 30), office)
    services.close_month("2022-04", office)
    with pytest.raises(services.WorkflowError, match="已关闭"):
        services.open_month("2022-04", user=office)
    with pytest.raises(services.WorkflowError, match="已关闭"):
        services.close_month("2022-04", office)


def test_it_keeps_one_report_per_item_and_month_in_the_database(district):
    ReportFactory(item=district.item_a, month=district.month)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportFactory(item=district.item_a, month=district.month)


def test_a_step_reads_its_report_as_the_queryset_does(district, personas):
    # services._reload is SQL: the same report, item, month and last editor, each value
    # as the ORM reads it (a Decimal, an aware datetime, the flags' JSON), or none.
    reporter = personas.users.reporter_a
    report = submitted(district, reporter)
    report.flags = [{"code": "jump", "params": {"ratio": "3"}, "reason": "口径调整"}]
    report.save()
    for pk, editor in ((report.pk, reporter), (ReportFactory(updated_by=None).pk, None)):
        read = services._reload(pk)
        expected = Report.objects.select_related("item", "month", "updated_by").get(pk=pk)
        for name in ("item", "month"):
            assert _values(getattr(read, name)) == _values(getattr(expected, name))
        assert _values(read) == _values(expected)
        assert read.updated_by == editor
        if editor:
            assert _values(read.updated_by) == _values(expected.updated_by)
    assert isinstance(services._reload(report.pk).value, Decimal)
    with pytest.raises(Report.DoesNotExist):
        services._reload(0)


def _values(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}
