"""Reminders 3 days and 1 day before the deadline and the day after, each sent once."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django_celery_beat.models import PeriodicTask

from accounts.models import Role
from reporting import services
from reporting.models import Month, Notification, ReminderSent, ReminderStep
from reporting.tasks import send_reminders_task
from tests.factories import ReportFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailboxes(personas, district):
    """E-mail addresses for unit A's reporter and head and for unit B's reporter."""
    users = personas.users
    for user, email in [
        (users.reporter_a, "rep_a@example.cn"),
        (users.head_a, "head_a@example.cn"),
        (users.reporter_b, "rep_b@example.cn"),
    ]:
        user.email = email
        user.save()
    return users


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Today's reminders, with their e-mails and robot messages sent as after a commit."""

    def run(today: datetime.date) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return services.send_reminders(today)

    return run


def day(d: int) -> datetime.date:
    return datetime.date(2022, 3, d)


def test_it_reminds_three_days_and_one_day_before_and_the_day_after(send, mailboxes, district):
    # The deadline is 2022-03-25; three units have a due item and none has submitted.
    sent = {d: send(day(d)) for d in range(20, 31)}
    assert sent == {20: 0, 21: 0, 22: 3, 23: 0, 24: 3, 25: 0, 26: 3, 27: 0, 28: 0, 29: 0, 30: 0}
    steps = ReminderSent.objects.filter(unit=district.unit_a).values_list("step", flat=True)
    assert sorted(steps) == ["after_1", "before_1", "before_3"]
    # Units A and B have e-mail addresses (the township has no users): 2 mails per step.
    assert len(mail.outbox) == 6
    first = mail.outbox[0]
    assert first.subject == "【晒比会】2022-03 月报报送提醒"
    assert sorted(first.to) == ["head_a@example.cn", "rep_a@example.cn"]
    assert "截止日为 2022-03-25" in first.body
    assert "还有 1 项待报送（未报送 1 项、已退回 0 项）" in first.body
    assert "已过报送截止日" in mail.outbox[-1].body


def test_it_never_sends_the_same_reminder_twice(send, mailboxes, district):
    assert send(day(22)) == 3
    assert send(day(22)) == 0
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(user=mailboxes.reporter_a).count() == 1


def test_it_keeps_reminders_unique_in_the_database(district):
    deadline = district.month.deadline
    ReminderSent.objects.create(
        unit=district.unit_a, month=district.month, step="before_3", deadline=deadline
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderSent.objects.create(
            unit=district.unit_a, month=district.month, step="before_3", deadline=deadline
        )


def test_it_catches_up_a_missed_day_once(send, mailboxes, district):
    assert send(day(23)) == 3  # the 22nd's run was missed
    assert send(day(23)) == 0
    assert send(day(24)) == 3


def test_it_reminds_only_units_that_have_not_submitted(send, mailboxes, district):
    ReportFactory(item=district.item_a, month=district.month, state="submitted")
    ReportFactory(item=district.item_b, month=district.month, state="draft")
    assert send(day(22)) == 2
    reminded = set(ReminderSent.objects.values_list("unit__code", flat=True))
    assert reminded == {"B01", "T01"}
    assert [m.to for m in mail.outbox] == [["rep_b@example.cn"]]


def test_it_counts_and_marks_a_returned_report_as_still_to_submit(send, mailboxes, district):
    ReportFactory(item=district.item_a, month=district.month, state="returned")
    assert send(day(22)) == 3
    body = next(m.body for m in mail.outbox if "rep_a@example.cn" in m.to)
    assert "还有 1 项待报送（未报送 0 项、已退回 1 项）" in body
    assert "待报送事项：\n- A-001 固定资产投资（已退回）" in body


def test_it_stops_reminding_once_the_month_is_closed(send, mailboxes, district):
    services.close_month(district.month, mailboxes.office)
    assert send(day(26)) == 0


def test_it_shows_the_reminder_on_the_home_page_until_read(send, mailboxes, personas, district):
    send(day(22))
    page = personas.reporter_a.get("/").content.decode()
    assert "2022-03 月报报送截止日为 2022-03-25" in page
    # The items it names are listed one a line, as in the e-mail.
    assert "请在「本月填报」中按时报送。\n待报送事项：\n- A-001 固定资产投资</span>" in page
    assert '<span class="narrative">区发改局：2022-03 月报报送截止日' in page
    notice = Notification.objects.get(user=mailboxes.reporter_a)
    response = personas.reporter_a.post(f"/notices/{notice.pk}/read/")
    assert response.status_code == 302
    assert response.url == "/fill/?month=2022-03"
    assert "月报报送截止日" not in personas.reporter_a.get("/").content.decode()
    # Someone else's notice is not found.
    other = Notification.objects.get(user=mailboxes.reporter_b)
    assert personas.reporter_a.post(f"/notices/{other.pk}/read/").status_code == 404


def test_it_runs_the_daily_task_on_shanghai_dates_across_the_month_edge(mailboxes, district):
    Month.objects.filter(pk=district.month.pk).update(deadline=day(31))
    # 2022-03-31 17:30 UTC is already 2022-04-01 01:30 in Shanghai: the day after.
    with time_machine.travel("2022-03-31 17:30:00+00:00", tick=False):
        assert send_reminders_task.delay().get() == 3
    assert set(ReminderSent.objects.values_list("step", flat=True)) == {ReminderStep.AFTER_1}
    with time_machine.travel("2022-04-01 09:00:00+08:00", tick=False):
        assert send_reminders_task.delay().get() == 0


def test_it_sends_reminders_to_active_unit_users_only(send, mailboxes, district):
    UserFactory(
        username="gone",
        role=Role.REPORTER,
        unit=district.unit_b,
        email="gone@example.cn",
        is_active=False,
    )
    send(day(22))
    assert ["gone@example.cn"] not in [m.to for m in mail.outbox]


def test_it_schedules_the_daily_run_in_beat():
    task = PeriodicTask.objects.get(task="reporting.send_reminders")
    assert (task.crontab.hour, task.crontab.minute) == ("9", "0")
    assert str(task.crontab.timezone) == "Asia/Shanghai"
    assert task.enabled
