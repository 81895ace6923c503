"""One-click 催报 over the notice, e-mail and the DingTalk group robot, the delivery log,
and the "boards published" notice — against a real robot server on 127.0.0.1."""

import base64
import hashlib
import hmac
import socket
import urllib.parse

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from actions.models import Unit
from reporting.models import Delivery, Notification, ReminderSent
from reporting.robot import Robot, sign, signed_url
from scoring import services as scoring

pytestmark = pytest.mark.django_db

REMIND = reverse("reporting:remind", args=["2022-03"])


@pytest.fixture
def robots(robot_server, district):
    """Units A and B each with their own group robot and a contact with an e-mail."""
    for unit, token in [(district.unit_a, "tok-a"), (district.unit_b, "tok-b")]:
        Unit.objects.filter(pk=unit.pk).update(
            robot_webhook=robot_server.robot(token, f"SEC-{token}"),
            robot_secret=f"SEC-{token}",
            contact_name="联系人" + unit.code,
            contact_email=f"{unit.code.lower()}@example.cn",
        )
    return robot_server


@pytest.fixture
def post(personas, django_capture_on_commit_callbacks):
    """The office posts; the queued messages go out as after the commit."""

    def run(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return personas.office.post(url, data, follow=True)

    return run


def test_it_signs_as_dingtalk_documents():
    secret, timestamp = "SECabc", 1_700_000_000_000
    expected = urllib.parse.quote_plus(
        base64.b64encode(
            hmac.new(
                secret.encode("utf-8"), f"{timestamp}\n{secret}".encode(), hashlib.sha256
            ).digest()
        )
    )
    assert sign(secret, timestamp) == expected
    url = signed_url(
        Robot("https://oapi.dingtalk.com/robot/send?access_token=t", secret), timestamp
    )
    assert (
        url
        == f"https://oapi.dingtalk.com/robot/send?access_token=t&timestamp={timestamp}&sign={expected}"
    )


def test_it_reminds_two_selected_units_once_per_deadline(robots, post, district, personas):
    response = post(REMIND, {"unit": [district.unit_a.pk, district.unit_b.pk]})
    assert "已向 2 个单位催报" in response.content.decode()

    assert [r.token for r in robots.received] == ["tok-a", "tok-b"]  # signed, accepted
    first = robots.to("tok-a")[0]
    assert first.title == "【晒比会】2022-03 月报催报"
    assert "区发改局" in first.text and "A-001 固定资产投资" in first.text
    assert "2022-03-25" in first.text
    assert sorted(m.to[0] for m in mail.outbox) == ["a01@example.cn", "b01@example.cn"]
    assert Notification.objects.filter(user=personas.users.reporter_a).count() == 1
    log = Delivery.objects.filter(unit=district.unit_a).values_list("channel", "status")
    assert sorted(log) == [("email", "sent"), ("notice", "sent"), ("robot", "sent")]

    again = post(REMIND, {"all": "1"})
    # The township (no robot, no users) is reminded now; A and B not a second time.
    assert "已向 1 个单位催报" in again.content.decode()
    assert "2 个单位本截止日已催报过，未重复发送" in again.content.decode()
    assert len(robots.received) == 2 and len(mail.outbox) == 2
    assert ReminderSent.objects.filter(step="manual").count() == 3


def test_a_new_deadline_may_be_reminded_again(robots, post, district):
    post(REMIND, {"unit": [district.unit_a.pk]})
    district.month.deadline = district.month.deadline.replace(day=28)
    district.month.save()
    post(REMIND, {"unit": [district.unit_a.pk]})
    assert len(robots.to("tok-a")) == 2
    assert "2022-03-28" in robots.to("tok-a")[1].text


def test_it_logs_a_refused_signature_without_retrying(robots, post, district, personas):
    Unit.objects.filter(pk=district.unit_a.pk).update(robot_secret="SEC-wrong")
    post(REMIND, {"unit": [district.unit_a.pk]})
    robot = Delivery.objects.get(unit=district.unit_a, channel="robot")
    assert (robot.status, robot.attempts) == ("failed", 1)
    assert robot.error.startswith("errcode 310000: sign not match")
    log = personas.office.get(reverse("reporting:delivery_log") + "?month=2022-03")
    page = log.content.decode()
    assert "发送失败" in page and "errcode 310000" in page and "考核办催报 · 2022-03-25" in page


def test_it_retries_the_rate_limit_with_backoff(robots, post, district):
    robots.fail_next("tok-a", 130101, times=2)
    post(REMIND, {"unit": [district.unit_a.pk]})
    robot = Delivery.objects.get(unit=district.unit_a, channel="robot")
    assert (robot.status, robot.attempts, robot.error) == ("sent", 3, "")
    assert robots.refusals == [("tok-a", 130101), ("tok-a", 130101)]
    assert len(robots.to("tok-a")) == 1


def test_it_gives_up_after_the_last_retry(robots, post, district):
    robots.fail_next("tok-a", 130101, times=10)
    post(REMIND, {"unit": [district.unit_a.pk]})
    robot = Delivery.objects.get(unit=district.unit_a, channel="robot")
    assert (robot.status, robot.attempts) == ("failed", 6)
    assert "errcode 130101" in robot.error
    assert not robots.to("tok-a")


def test_a_unit_without_a_robot_goes_to_the_district_group(robot_server, post, district):
    webhook = robot_server.robot("district", "SEC-district")
    with override_settings(SHOWCASE_ROBOT_WEBHOOK=webhook, SHOWCASE_ROBOT_SECRET="SEC-district"):
        post(REMIND, {"unit": [district.town.pk]})
    [message] = robot_server.to("district")
    assert "碧湖镇" in message.text and "T-001 碧湖新城控规编制" in message.text


def test_it_announces_a_publication_on_the_same_channels(
    robot_server,
    district,
    personas,
    django_capture_on_commit_callbacks,
):
    webhook = robot_server.robot("district", "SEC-district")
    Unit.objects.filter(pk=district.unit_a.pk).update(
        robot_webhook=robot_server.robot("tok-a", "SEC-a"), robot_secret="SEC-a"
    )
    with (
        override_settings(SHOWCASE_ROBOT_WEBHOOK=webhook, SHOWCASE_ROBOT_SECRET="SEC-district"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        scoring.publish_month("2022-03", user=personas.users.office)
        scoring.publish_month("2022-03", user=personas.users.office)  # no change: no notice
    # (beside the 预警 of the items it turned 红, to the units with a robot of their own)
    published = [r for r in robot_server.received if "榜单已发布" in r.title]
    assert [r.title for r in published] == [
        "【晒比会】2022-03 榜单已发布（第1版）",
        "【晒比会】2022-03 榜单已发布（第1版）",
    ]
    assert {r.token for r in published} == {"tok-a", "district"}
    # Beside the 预警 notices of items the publication turned 红.
    notices = Notification.objects.filter(
        user=personas.users.reporter_b, text__contains="榜单已发布"
    )
    assert [n.text for n in notices] == [
        "2022-03 晒比会榜单已发布（第1版），请登录查看本单位的排名和事项得分。"
    ]


def test_only_the_office_reminds_or_reads_the_log(personas, district):
    for client in (personas.leader, personas.reporter_a, personas.head_a):
        assert client.post(REMIND, {"all": "1"}).status_code == 403
        assert client.get(reverse("reporting:delivery_log")).status_code == 403
    assert not ReminderSent.objects.exists()


def test_it_asks_which_units_to_remind(personas, district):
    page = personas.office.post(REMIND, {}, follow=True).content.decode()
    assert "请先勾选要催报的单位" in page
    assert not ReminderSent.objects.exists()


def test_it_logs_an_unreachable_mail_server_after_its_retries(robots, post, district):
    with socket.socket() as probe:  # a port on 127.0.0.1 where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_TIMEOUT=2,
    ):
        post(REMIND, {"unit": [district.unit_a.pk]})
    email = Delivery.objects.get(unit=district.unit_a, channel="email")
    assert (email.status, email.attempts) == ("failed", 6)
    assert email.error.startswith("邮件发送失败")
    # The other channels are not held up by the mail server.
    robot = Delivery.objects.get(unit=district.unit_a, channel="robot")
    assert robot.status == "sent"


def _remind_box(html: str, unit) -> str:
    """The 催报 form's line for `unit`: its checkbox and label."""
    start = html.index(f'id="remind-unit-{unit.pk}"')
    return html[start : html.index("</label>", start)]


def test_the_review_board_and_home_say_which_units_this_deadlines_催报_reached(personas, district):
    """The pages the office reminds from say what the delivery log says, and what a second
    催报 would do: the unit already reminded for this deadline is passed over."""
    personas.office.post(REMIND, {"unit": [district.unit_a.pk]})
    sent = ReminderSent.objects.get(unit=district.unit_a, step="manual")
    when = timezone.localtime(sent.sent_at).strftime("%m-%d %H:%M")
    for url in (reverse("reporting:review") + "?month=2022-03", "/?month=2022-03"):
        html = personas.office.get(url).content.decode()
        assert f"已催报 {when}" in _remind_box(html, district.unit_a), url
        assert "已催报" not in _remind_box(html, district.unit_b), url
    again = personas.office.post(REMIND, {"unit": [district.unit_a.pk]}, follow=True)
    assert "1 个单位本截止日已催报过，未重复发送" in again.content.decode()
    # A new deadline is a new 催报 to send: the mark goes.
    district.month.deadline = district.month.deadline.replace(day=28)
    district.month.save()
    html = personas.office.get(reverse("reporting:review") + "?month=2022-03").content.decode()
    assert "已催报" not in _remind_box(html, district.unit_a)
