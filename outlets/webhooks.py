"""Webhooks (推送): on every publish and correction, a signed POST of DESIGN §9's body to
each URL the office registered.

The body is `{"month", "revision", "fingerprint", "published_at", "url"}`; the header
`X-Showcase-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">` with the URL's
secret lets the receiver check it came from us and is fresh. Each try is logged
(WebhookAttempt); a failure is retried with backoff by `outlets.tasks.deliver_webhook`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reporting.deliveries import in_site_language

from . import published
from .api.rows import month_fields
from .models import Webhook, WebhookAttempt, WebhookDelivery

SIGNATURE_HEADER = "X-Showcase-Signature"
TIMEOUT_SECONDS = 10
RETRY, DONE = "retry", "done"


def signature(secret: str, body: bytes, timestamp: int) -> str:
    """`t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`."""
    signed = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def body_for(label: str, revision: int) -> str:
    """The JSON body of a publication: which month and revision, and where to read it."""
    run = published.publication(label)
    fields = month_fields(run)
    path = reverse("api:boards", args=[label])
    return json.dumps(
        {
            "month": fields["month"],
            "revision": revision,
            "fingerprint": fields["fingerprint"],
            "published_at": timezone.localtime(fields["published_at"]).isoformat(),
            "url": f"{settings.SHOWCASE_SITE_URL.rstrip('/')}{path}",
        },
        ensure_ascii=False,
    )


def queue_publication(label: str, revision: int) -> list[WebhookDelivery]:
    """A delivery to every active webhook for the revision (once each), sent after commit."""
    from .tasks import deliver_webhook  # the task module imports this one

    webhooks = list(Webhook.objects.filter(active=True))
    if not webhooks:
        return []
    body = body_for(label, revision)
    created = []
    for webhook in webhooks:
        try:
            with transaction.atomic():
                delivery = WebhookDelivery.objects.create(
                    webhook=webhook, month=label, revision=revision, body=body
                )
        except IntegrityError:
            continue  # this revision was already pushed to this URL
        created.append(delivery)
        transaction.on_commit(lambda pk=delivery.pk: deliver_webhook.delay(pk))
    return created


@in_site_language
def send_once(delivery_id: int) -> str:
    """One try: DONE when the receiver answered 2xx (or nothing is pending), RETRY else.
    The log is written in the site's language, whichever request queued the push."""
    delivery = WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
        return DONE
    body = delivery.body.encode()
    signed = signature(delivery.webhook.secret, body, int(time.time()))
    attempt = WebhookAttempt(
        delivery=delivery, number=delivery.attempts.count() + 1, signature=signed
    )
    request = urllib.request.Request(
        delivery.webhook.url,
        data=body,
        headers={"Content-Type": "application/json; charset=utf-8", SIGNATURE_HEADER: signed},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            attempt.status_code = response.status
    except urllib.error.HTTPError as exc:
        attempt.status_code = exc.code
        attempt.error = _("接收方返回 HTTP %(code)s") % {"code": exc.code}
    except (urllib.error.URLError, OSError) as exc:
        attempt.error = (_("无法连接：%(error)s") % {"error": exc})[:500]
    attempt.save()
    if attempt.ok:
        delivery.status = WebhookDelivery.Status.SENT
        delivery.save(update_fields=["status"])
        return DONE
    return RETRY


def give_up(delivery_id: int) -> None:
    """Retries exhausted: the delivery failed; its tries say why."""
    WebhookDelivery.objects.filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING).update(
        status=WebhookDelivery.Status.FAILED
    )
