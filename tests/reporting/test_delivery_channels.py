"""Deliveries tell the truth: a 催报 records one delivery per unit and channel — the
in-app notice with its recipients, the e-mail with its addresses, the work group robot —
a channel the unit cannot be reached on as 未发送 with the reason, and the confirmation
counts what went out on each channel. The office keeps the contacts on its own pages."""

import html

import pytest
from django.core import mail
from django.urls import reverse

from actions.models import Unit
from reporting.models import Delivery

pytestmark = pytest.mark.django_db

REMIND = reverse("reporting:remind", args=["2022-03"])
CONTACTS = reverse("actions:unit_contacts")


def contact_page(unit: Unit) -> str:
    return reverse("actions:unit_contact_edit", args=[unit.code])


@pytest.fixture
def remind(personas, django_capture_on_commit_callbacks):
    def run(*units):
        with django_capture_on_commit_callbacks(execute=True):
            response = personas.office.post(REMIND, {"unit": [u.pk for u in units]}, follow=True)
        return html.unescape(response.content.decode())

    return run


def log_of(unit: Unit) -> dict[str, tuple[str, str, str]]:
    rows = Delivery.objects.filter(unit=unit).values_list("channel", "status", "recipient", "error")
    return {channel: (status, recipient, error) for channel, status, recipient, error in rows}


# Committed for real, as in production: the queued messages go out when each unit's
# reminder commits, before the confirmation is written.
@pytest.mark.django_db(transaction=True)
def test_it_records_each_channel_and_says_what_went_out(robot_server, remind, personas, district):
    personas.office.post(
        contact_page(district.unit_a),
        {
            "contact_name": "郑佳",
            "contact_mobile": "13857800001",
            "contact_email": "a01@example.com",
            "robot_webhook": robot_server.robot("tok-a", "SEC-a"),
            "robot_secret": "SEC-a",
        },
    )

    page = remind(district.unit_a, district.town)  # the township has no login, contact, robot

    assert log_of(district.unit_a) == {
        "notice": ("sent", "head_a、rep_a（2 人）", ""),
        "email": ("sent", "a01@example.com", ""),
        "robot": ("sent", robot_server.robot("tok-a", "SEC-a").split("?")[0], ""),
    }
    assert log_of(district.town) == {
        "notice": ("skipped", "", "本单位没有启用的账号"),
        "email": ("skipped", "", "本单位未填写联系人邮箱，账号也没有邮箱"),
        "robot": ("skipped", "", "本单位未配置工作群机器人，全区默认群也未配置"),
    }
    assert (
        "已向 2 个单位催报：站内通知 1 个已发送、1 个未发送；邮件 1 个已发送、1 个未发送；"
        "工作群机器人 1 个已发送、1 个未发送。详见发送记录" in page
    )
    assert [m.to for m in mail.outbox] == [["a01@example.com"]]
    assert len(robot_server.to("tok-a")) == 1

    log = html.unescape(
        personas.office.get(reverse("reporting:delivery_log") + "?month=2022-03").content.decode()
    )
    assert "未发送" in log and "本单位未配置工作群机器人，全区默认群也未配置" in log
    assert "a01@example.com" in log and "head_a、rep_a（2 人）" in log


@pytest.mark.django_db(transaction=True)
def test_a_failed_robot_is_counted_as_failed_never_as_sent(robot_server, remind, district):
    Unit.objects.filter(pk=district.unit_a.pk).update(
        robot_webhook=robot_server.robot("tok-a", "SEC-a"), robot_secret="SEC-wrong"
    )
    page = remind(district.unit_a)
    assert "工作群机器人 1 个发送失败" in page
    assert log_of(district.unit_a)["robot"][0] == "failed"


def test_the_office_edits_contacts_on_its_own_page(personas, district):
    listing = personas.office.get(CONTACTS).content.decode()
    assert "区发改局" in listing and "碧湖镇" in listing and "未配置" in listing

    response = personas.office.post(
        contact_page(district.town),
        {
            "contact_name": "徐晨",
            "contact_mobile": "12345",
            "contact_email": "not-an-address",
            "robot_webhook": "ftp://robot",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "输入一个有效的 Email 地址。" in page
    assert "请填写11位手机号码" in page and "请填写完整的机器人 Webhook 地址" in page
    town = Unit.objects.get(pk=district.town.pk)
    assert (town.contact_name, town.contact_email) == ("", "")  # nothing half-written

    personas.office.post(
        contact_page(district.town),
        {
            "contact_name": "徐晨",
            "contact_email": "t01@example.com",
            "robot_webhook": "https://oapi.dingtalk.com/robot/send?access_token=t",
            "robot_secret": "SEC-t",
        },
    )
    # The secret is never shown again; saving without it keeps it.
    form = personas.office.get(contact_page(district.town)).content.decode()
    assert "SEC-t" not in form and "已设置；留空则保留原密钥" in form
    personas.office.post(
        contact_page(district.town),
        {
            "contact_name": "徐晨",
            "contact_email": "t01@example.com",
            "robot_webhook": "https://oapi.dingtalk.com/robot/send?access_token=t",
        },
    )
    town.refresh_from_db()
    assert (town.contact_email, town.robot_secret) == ("t01@example.com", "SEC-t")
    assert "已配置</span> · 已加签" in personas.office.get(CONTACTS).content.decode()


def test_the_contacts_pages_are_the_offices(personas, district):
    for client in (personas.leader, personas.reporter_a, personas.head_a):
        assert client.get(CONTACTS).status_code == 403
        assert client.post(contact_page(district.unit_a), {"contact_name": "x"}).status_code == 403
    assert Unit.objects.get(pk=district.unit_a.pk).contact_name == ""


def reach_by_mail_and_robot(unit: Unit, robot_server) -> None:
    Unit.objects.filter(pk=unit.pk).update(
        contact_email="a01@example.com",
        robot_webhook=robot_server.robot("tok-a", "SEC-a"),
        robot_secret="SEC-a",
    )


@pytest.mark.django_db(transaction=True)
def test_a_mail_setting_that_cannot_work_fails_the_mail_and_not_the_others(
    robot_server, remind, district, settings
):
    # A misspelt EMAIL_BACKEND: the robot still goes out and is logged as sent, the mail
    # is logged as failed with the reason, nothing stays 发送中.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackedn"
    reach_by_mail_and_robot(district.unit_a, robot_server)
    page = remind(district.unit_a)
    log = log_of(district.unit_a)
    assert log["robot"][0] == "sent"
    assert log["email"][0] == "failed"
    assert log["email"][2].startswith("发送出错（请管理员检查配置）：")
    assert "EmailBackedn" in log["email"][2]
    assert len(robot_server.to("tok-a")) == 1
    assert "邮件 1 个发送失败" in page


@pytest.mark.django_db(transaction=True)
def test_a_broker_that_cannot_be_reached_fails_the_sending_with_the_reason(
    robot_server, remind, district, monkeypatch
):
    # The 催报 is recorded (a unit is reminded once per deadline): with the broker down
    # the office gets the confirmation saying nothing went out and why, not a 500 page
    # claiming nothing was saved, and nothing stays 发送中 for good.
    from showcase.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "broker_url", "redis://127.0.0.1:1/0")  # nothing listens
    # Celery reads CELERY_BROKER_URL from the environment before its settings (the
    # PostgreSQL pass sets it): the unreachable broker must be named there too.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    # Producer pools of an earlier test would still point at the old broker.
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    reach_by_mail_and_robot(district.unit_a, robot_server)
    page = remind(district.unit_a)
    log = log_of(district.unit_a)
    assert log["email"][0] == log["robot"][0] == "failed"
    assert log["email"][2].startswith("任务队列不可用，未能发送（请管理员检查 CELERY_BROKER_URL）")
    assert "邮件 1 个发送失败" in page and "工作群机器人 1 个发送失败" in page
