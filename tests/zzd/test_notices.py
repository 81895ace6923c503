"""工作通知 and 待办 through the local 浙政钉 gateway on 127.0.0.1: a 催报 (manual or
scheduled) sends each person of the unit a 工作通知 opening the month's fill page and
opens a 待办; the unit's last report finishes it, and so does closing the month; a
returned report is a 工作通知 opening the report. Every call is a row of the delivery
log with the gateway's answer; an error is retried and never shown as sent."""

import datetime
import html
import json
from decimal import Decimal
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from reporting import services
from reporting.models import Delivery, Todo
from zzd.gateway import NOTICE_PATH, TODO_CREATE_PATH, TODO_FINISH_PATH
from zzd.services import link_account

pytestmark = pytest.mark.django_db

REMIND = reverse("reporting:remind", args=["2022-03"])
SITE = "https://showcase.example.com"
FILL = f"{SITE}/zzd/login/?next=%2Ffill%2F%3Fmonth%3D2022-03"  # through 免登
GOOD = {"value": Decimal("30"), "achievement": "按计划推进"}


@pytest.fixture
def linked(zzd_gateway, personas, settings):
    """浙政钉 on; unit A's reporter linked (1001), its head not; unit B's reporter (2001)."""
    settings.SHOWCASE_SITE_URL = SITE
    link_account(personas.users.reporter_a, "1001")
    link_account(personas.users.reporter_b, "2001")
    return zzd_gateway


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a step; the queued gateway calls go out as after its commit."""

    def step(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return step


def remind(personas, run, *units):
    response = run(personas.office.post, REMIND, {"unit": [u.pk for u in units]}, follow=True)
    return html.unescape(response.content.decode())


def log(channel, **filters):
    rows = Delivery.objects.filter(channel=channel, **filters).order_by("recipient")
    return list(rows.values_list("purpose", "recipient", "status", "error"))


def submit(district, user, item, run):
    report = services.save_report(item, district.month, GOOD, user, 0)
    return run(services.submit_report, report, user, report.version)


@pytest.mark.django_db(transaction=True)  # the confirmation reads committed sends
def test_a_remind_sends_each_person_a_work_notice_and_a_todo(linked, personas, run, district):
    page = remind(personas, run, district.unit_a)

    [notice] = linked.sent(NOTICE_PATH)
    assert notice["receiverIds"] == "1001" and notice["tenantId"] == "196729"
    msg = json.loads(notice["msg"])
    assert msg["link"]["messageUrl"] == FILL
    assert msg["link"]["title"] == "【晒比会】2022-03 月报催报"
    [todo] = linked.sent(TODO_CREATE_PATH)
    assert todo["assigneeId"] == "1001" and todo["url"] == todo["mobileUrl"] == FILL

    purpose = "manual@2022-03-25"
    assert log("zzd_notice") == [
        (purpose, "head_a", "skipped", "未关联浙政钉账号"),
        (purpose, "rep_a（1001）", "sent", ""),
    ]
    todo_pk = Todo.objects.get().pk
    assert log("zzd_todo") == [(f"todo-open-{todo_pk}", "rep_a（1001）", "sent", "")]
    answers = Delivery.objects.filter(channel__startswith="zzd", status="sent")
    assert {d.answer[:4] for d in answers} == {"msg-", "task"}
    assert "浙政钉工作通知 1 个已发送、1 个未发送；浙政钉待办 1 个已发送" in page

    shown = html.unescape(
        personas.office.get(reverse("reporting:delivery_log") + "?month=2022-03").content.decode()
    )
    assert "浙政钉工作通知" in shown and "浙政钉待办" in shown and "未关联浙政钉账号" in shown
    # Each row names what the gateway answered, as the gateway has it.
    for delivery in answers:
        assert f">{delivery.answer}</td>" in shown
    assert "催报待办" in shown


def test_the_units_last_report_finishes_its_todo(linked, personas, run, district):
    remind(personas, run, district.unit_a)
    todo = Todo.objects.get(user=personas.users.reporter_a)
    assert todo.task_uuid and todo.finished_at is None

    submit(district, personas.users.reporter_a, district.item_a, run)

    [finish] = linked.sent(TODO_FINISH_PATH)
    assert finish == {
        "taskUuid": todo.task_uuid,
        "userId": "1001",
        "access_token": finish["access_token"],
    }
    todo.refresh_from_db()
    assert todo.finished_at is not None
    done = f"todo-done-{todo.pk}"
    # Named as the 工作通知 and the 待办 that opened it are: the login and its account ID.
    assert log("zzd_todo", purpose=done) == [(done, "rep_a（1001）", "sent", "")]
    assert log("zzd_notice", user__username="rep_a")[0][1] == "rep_a（1001）"
    assert log("zzd_todo", purpose=f"todo-open-{todo.pk}")[0][1] == "rep_a（1001）"


def test_a_todo_stays_open_while_the_unit_still_owes_reports(linked, personas, run, district):
    from tests.factories import ItemFactory

    second = ItemFactory(code="A-002", action=district.action, lead_unit=district.unit_a)
    remind(personas, run, district.unit_a)
    submit(district, personas.users.reporter_a, district.item_a, run)
    assert not linked.sent(TODO_FINISH_PATH)
    submit(district, personas.users.reporter_a, second, run)
    assert len(linked.sent(TODO_FINISH_PATH)) == 1


def test_closing_the_month_leaves_no_todo_open(linked, personas, run, district):
    remind(personas, run, district.unit_a, district.unit_b)
    assert Todo.objects.filter(finished_at__isnull=True).count() == 2

    run(services.close_month, "2022-03", personas.users.office)

    assert not Todo.objects.filter(month=district.month, finished_at__isnull=True).exists()
    assert sorted(c["userId"] for c in linked.sent(TODO_FINISH_PATH)) == ["1001", "2001"]


def test_a_gateway_error_is_retried_and_never_shown_as_sent(linked, personas, run, district):
    linked.fail_next(NOTICE_PATH, "ServiceUnavailable", times=2)
    linked.hang_next(TODO_CREATE_PATH, seconds=2)  # past the client's 1 s time-out
    remind(personas, run, district.unit_a)
    notice = Delivery.objects.get(channel="zzd_notice", status="sent")
    assert (notice.attempts, notice.error) == (3, "")
    todo = Delivery.objects.get(channel="zzd_todo")
    assert (todo.status, todo.attempts) == ("sent", 2)


@pytest.mark.django_db(transaction=True)  # the confirmation reads committed sends
def test_a_refusal_fails_at_once_and_says_why(linked, personas, run, district):
    linked.fail_next(NOTICE_PATH, "InvalidReceiver")
    page = remind(personas, run, district.unit_a)
    notice = Delivery.objects.get(channel="zzd_notice", user=personas.users.reporter_a)
    assert (notice.status, notice.attempts) == ("failed", 1)
    assert notice.error.startswith("InvalidReceiver")
    assert "浙政钉工作通知 1 个发送失败、1 个未发送" in page


def test_the_scheduled_reminder_sends_work_notices_too(linked, personas, run, district):
    from reporting.reminders import send_reminders

    run(send_reminders, datetime.date(2022, 3, 23))
    [notice] = [n for n in linked.sent(NOTICE_PATH) if n["receiverIds"] == "1001"]
    assert json.loads(notice["msg"])["link"]["title"] == "【晒比会】2022-03 月报报送提醒"
    assert Todo.objects.filter(user=personas.users.reporter_a).exists()


def test_a_returned_report_is_a_work_notice_opening_the_report(linked, personas, run, district):
    report = submit(district, personas.users.reporter_a, district.item_a, run)
    run(services.return_report, report, personas.users.office, "请补充佐证材料")
    [notice] = linked.sent(NOTICE_PATH)
    msg = json.loads(notice["msg"])["link"]
    assert msg["messageUrl"] == f"{SITE}/zzd/login/?next=%2Freports%2F{report.pk}%2F"
    assert "请补充佐证材料" in msg["text"]


def test_a_new_assignment_and_a_leaders_comment_are_work_notices(linked, personas, run, district):
    from meetings import services as meetings
    from tests.factories import OfficialFactory

    assignment = run(
        meetings.create_assignment,
        month=district.month,
        content="三月底前完成项目用地报批",
        responsible_unit=district.unit_a,
        deadline=datetime.date(2022, 4, 30),
        assigned_by=OfficialFactory(name="周立群"),
        created_by=personas.users.leader,
    )
    run(
        meetings.add_comment,
        month=district.month,
        author=personas.users.leader,
        text="投资进度要再加快",
        item=district.item_a,
    )
    sent = [json.loads(n["msg"])["link"] for n in linked.sent(NOTICE_PATH)]
    item_url = district.item_a.get_absolute_url()
    assert [(m["title"], m["messageUrl"]) for m in sent] == [
        (
            "【晒比会】新交办事项",
            f"{SITE}/zzd/login/?next=%2Fmeetings%2Fassignments%2F{assignment.pk}%2F",
        ),
        ("【晒比会】leader点评固定资产投资", f"{SITE}/zzd/login/?{urlencode({'next': item_url})}"),
    ]
    assert "三月底前完成项目用地报批" in sent[0]["text"] and "2022-04-30" in sent[0]["text"]
    assert log("zzd_notice", purpose=f"assignment-{assignment.pk}")[1][1:3] == (
        "rep_a（1001）",
        "sent",
    )


def test_a_unit_reminded_again_after_a_report_came_back_gets_a_new_todo(
    linked, personas, run, district
):
    remind(personas, run, district.unit_a)
    report = submit(district, personas.users.reporter_a, district.item_a, run)
    run(services.return_report, report, personas.users.office, "口径有误")
    district.month.deadline = datetime.date(2022, 3, 28)  # a new deadline to remind of
    district.month.save()
    remind(personas, run, district.unit_a)

    first, second = Todo.objects.filter(user=personas.users.reporter_a).order_by("pk")
    assert first.finished_at is not None and second.finished_at is None
    assert second.biz_task_id.endswith(":2") and second.task_uuid != first.task_uuid
    assert len(linked.sent(TODO_CREATE_PATH)) == 2


def test_the_remind_form_and_the_log_name_the_zzd_channels_only_when_on(
    personas, district, settings
):
    review = f"{reverse('reporting:review')}?month=2022-03"
    deliveries = reverse("reporting:delivery_log")
    off = html.unescape(personas.office.get(review).content.decode())
    assert "站内通知 + 邮件 + 工作群机器人，同一截止日" in off
    assert "浙政钉" not in off
    assert "浙政钉" not in html.unescape(personas.office.get(deliveries).content.decode())
    settings.ZZD_DOMAIN = "http://127.0.0.1:9"
    settings.ZZD_APP_KEY, settings.ZZD_APP_SECRET = "key", "secret"
    on = html.unescape(personas.office.get(review).content.decode())
    assert "站内通知 + 邮件 + 工作群机器人 + 浙政钉工作通知和待办，同一截止日" in on
    log_page = html.unescape(personas.office.get(deliveries).content.decode())
    assert "工作群机器人和浙政钉工作通知、待办发出" in log_page


def test_the_todos_link_signs_the_person_in_on_the_months_fill_page(
    linked, personas, run, district
):
    """浙政钉 opens a 待办 or 工作通知 in its own browser, without the site's session: the
    link goes through 免登 and lands signed in on the month's fill page."""
    remind(personas, run, district.unit_a)
    [todo] = linked.sent(TODO_CREATE_PATH)
    link = urlsplit(todo["url"])
    client = Client()
    page = client.get(f"{link.path}?{link.query}")
    assert page.status_code == 200 and page.context["next"] == "/fill/?month=2022-03"
    code = linked.person("1001", "郑佳")
    signed_in = client.post(link.path, {"code": code, "next": page.context["next"]}, follow=True)
    assert signed_in.redirect_chain[-1][0] == "/fill/?month=2022-03"
    assert signed_in.context["user"] == personas.users.reporter_a
    assert "2022-03" in html.unescape(signed_in.content.decode())
    # Refused, the way to the password login keeps the page.
    refused = Client().post(link.path, {"code": "spent", "next": page.context["next"]})
    assert 'href="/accounts/login/?next=%2Ffill%2F%3Fmonth%3D2022-03"' in refused.content.decode()


def test_a_todo_the_gateway_refused_is_not_finished_there(linked, personas, run, district):
    """The gateway refused to create the 待办: when the unit has reported there is nothing
    to finish in 浙政钉, so no call, no retries and no 发送失败 row, just why."""
    linked.fail_next(TODO_CREATE_PATH, "InvalidParameter")
    remind(personas, run, district.unit_a)
    todo = Todo.objects.get(user=personas.users.reporter_a)
    assert log("zzd_todo")[0][2:] == ("failed", "InvalidParameter: queued error")

    submit(district, personas.users.reporter_a, district.item_a, run)

    assert not linked.sent(TODO_FINISH_PATH)
    done = f"todo-done-{todo.pk}"
    assert log("zzd_todo", purpose=done) == [
        (done, "rep_a（1001）", "skipped", "待办未能在浙政钉创建，无需办结")
    ]
    todo.refresh_from_db()
    assert todo.finished_at is not None


def test_units_are_told_in_chinese_whatever_the_senders_page_language(
    linked, personas, run, district
):
    """An officer or a leader reading the site in English still reminds and comments to
    units in Chinese: the 工作通知, the 待办, the notice and the log's reasons."""
    from meetings import services as meetings
    from reporting.models import Notification

    personas.office.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Remind" in personas.office.get(reverse("reporting:review")).content.decode()
    remind(personas, run, district.unit_a)
    with translation.override("en"):  # as the leader's English page would
        run(
            meetings.add_comment,
            month=district.month,
            author=personas.users.leader,
            text="投资进度要再加快",
            item=district.item_a,
        )

    titles = [json.loads(n["msg"])["link"]["title"] for n in linked.sent(NOTICE_PATH)]
    assert titles == ["【晒比会】2022-03 月报催报", "【晒比会】leader点评固定资产投资"]
    assert linked.sent(TODO_CREATE_PATH)[0]["subject"] == "【晒比会】2022-03 月报催报"
    notices = Notification.objects.filter(user=personas.users.reporter_a).order_by("pk")
    assert len(notices) == 2
    assert "已过报送截止日" in notices[0].text and "leader点评" in notices[1].text
    assert log("zzd_notice")[0][3] == "未关联浙政钉账号"
