"""A publish is pushed by a real `celery worker` process through the broker (the
PostgreSQL + broker pass of bin/test; skipped where tasks run eagerly)."""

from __future__ import annotations

import pytest

from outlets.models import WebhookDelivery
from outlets.services import register_webhook
from scoring.services import publish_month
from showcase.celery import app
from tests.conftest import wait_for
from tests.scoring.builders import build_march

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_posts_a_publish_signed(celery_worker_process, webhook_receiver):
    assert not app.conf.task_always_eager
    build_march()
    register_webhook(webhook_receiver.url, webhook_receiver.secret)
    run, _created = publish_month("2022-03")  # committed: the signal queues the push
    sent = wait_for(
        lambda: WebhookDelivery.objects.filter(status=WebhookDelivery.Status.SENT).first(), 60
    )
    assert sent is not None, "the worker did not push the publication within 60 s"
    assert webhook_receiver.refused == []
    assert [(b["month"], b["revision"], b["fingerprint"]) for b in webhook_receiver.received] == [
        ("2022-03", 1, run.input_fingerprint)
    ]
