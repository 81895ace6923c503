"""Webhooks: every publish and correction is POSTed, signed, to each URL the office
registered, from a Celery task that retries with backoff; each try is in the log."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from outlets.models import WebhookAttempt, WebhookDelivery
from outlets.services import register_webhook
from outlets.tasks import PUSH_RETRIES
from reporting.models import Report
from scoring.services import publish_month
from tests.scoring.builders import build_march

pytestmark = pytest.mark.django_db


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish as a real commit would: the publish signal and the push follow it."""

    def run(label: str, reason: str = ""):
        with django_capture_on_commit_callbacks(execute=True):
            return publish_month(label, reason=reason)

    return run


@pytest.fixture
def hooked(webhook_receiver):
    build_march()
    register_webhook(webhook_receiver.url, webhook_receiver.secret)
    return webhook_receiver


def test_a_publish_is_posted_signed_to_the_receiver(hooked, publish, settings):
    settings.SHOWCASE_SITE_URL = "https://kaohe.example.gov.cn"
    run, _created = publish("2022-03")
    assert hooked.refused == []
    assert hooked.received == [
        {
            "month": "2022-03",
            "revision": 1,
            "fingerprint": run.input_fingerprint,
            "published_at": timezone.localtime(run.computed_at).isoformat(),
            "url": "https://kaohe.example.gov.cn/api/v1/months/2022-03/boards/",
        }
    ]
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.SENT
    assert [(a.number, a.status_code) for a in delivery.attempts.all()] == [(1, 204)]


def test_a_correction_is_posted_as_the_next_revision(hooked, publish):
    publish("2022-03")
    publish("2022-03")  # nothing changed: no new revision, nothing posted
    Report.objects.filter(item__code="G-001", month__number=3).update(value=Decimal("99"))
    publish("2022-03", reason="完成值更正")
    assert [body["revision"] for body in hooked.received] == [1, 2]


def test_a_failing_receiver_is_tried_again(hooked, publish):
    hooked.fail_next(2)
    publish("2022-03")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.SENT
    tries = [(a.number, a.status_code, a.error) for a in delivery.attempts.all()]
    assert tries == [
        (1, 500, "接收方返回 HTTP 500"),
        (2, 500, "接收方返回 HTTP 500"),
        (3, 204, ""),
    ]
    assert len(hooked.received) == 1


def test_a_receiver_that_keeps_failing_ends_failed_with_every_try_logged(hooked, publish):
    hooked.fail_next(100)
    publish("2022-03")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.attempts.count() == PUSH_RETRIES + 1
    assert hooked.received == []


def test_the_receiver_refuses_a_wrong_secret(webhook_receiver, publish):
    build_march()
    register_webhook(webhook_receiver.url, "not-the-receivers-secret")
    publish("2022-03")
    assert webhook_receiver.received == []
    assert len(webhook_receiver.refused) == PUSH_RETRIES + 1
    assert set(WebhookAttempt.objects.values_list("status_code", flat=True)) == {401}


def test_an_unreachable_url_is_logged(publish, db):
    build_march()
    register_webhook("http://127.0.0.1:9/nobody-listens", "s")
    publish("2022-03")
    attempt = WebhookAttempt.objects.first()
    assert attempt.status_code is None and attempt.error.startswith("无法连接")


def test_the_office_registers_a_url_and_sees_the_delivery_log(personas, webhook_receiver, publish):
    build_march()
    response = personas.office.post(
        reverse("outlets:register_webhook"),
        {"url": webhook_receiver.url, "secret": webhook_receiver.secret},
    )
    assert response.status_code == 302
    publish("2022-03")
    log = personas.office.get(reverse("outlets:webhook_log")).content.decode()
    assert webhook_receiver.url in log
    assert "已送达" in log and "2022-03" in log and "t=" in log
    for persona in ("leader", "reporter_a"):
        assert getattr(personas, persona).get(reverse("outlets:webhook_log")).status_code == 403


def test_a_secret_left_empty_is_shown_once_and_signs_the_pushes(
    personas, webhook_receiver, publish
):
    build_march()
    response = personas.office.post(
        reverse("outlets:register_webhook"), {"url": webhook_receiver.url, "secret": ""}
    )
    assert response.status_code == 200
    html = response.content.decode()
    shown = re.search(r'id="new-webhook">(.*?)</code>', html, re.S)
    assert shown and f"推送地址 {webhook_receiver.url} 已添加" in shown.group(1)
    assert "只显示这一次" in shown.group(1)
    webhook_receiver.secret = re.search(r"<code[^>]*>([^<]+)$", shown.group(1)).group(1)
    publish("2022-03")
    assert webhook_receiver.refused == []
    assert [body["month"] for body in webhook_receiver.received] == ["2022-03"]
    page = personas.office.get(reverse("outlets:office")).content.decode()
    assert webhook_receiver.url in page and webhook_receiver.secret not in page


def test_a_secret_the_office_typed_is_not_shown_back(personas, webhook_receiver):
    response = personas.office.post(
        reverse("outlets:register_webhook"),
        {"url": webhook_receiver.url, "secret": webhook_receiver.secret},
        follow=True,
    )
    html = response.content.decode()
    assert f"推送地址 {webhook_receiver.url} 已添加" in html
    assert webhook_receiver.secret not in html and 'id="new-webhook"' not in html


def test_a_bad_url_is_refused_with_a_message(personas):
    response = personas.office.post(reverse("outlets:register_webhook"), {"url": "不是地址"})
    assert response.status_code == 400
    assert "有效" in response.content.decode() or "URL" in response.content.decode()
