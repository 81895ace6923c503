"""Celery tasks of the outlets: pushing a publication to the registered webhooks."""

from __future__ import annotations

from celery import shared_task

from . import webhooks

# Retries of a failed push: 30 s, 1 min, 2 min, 4 min, 8 min, then the delivery fails.
PUSH_RETRIES = 5
PUSH_BACKOFF_SECONDS = 30


@shared_task(name="outlets.queue_publication")
def queue_publication(label: str, revision: int) -> int:
    """Queue the revision's push to every active webhook; the number queued. Safe to run
    twice: each (webhook, month, revision) is pushed once."""
    return len(webhooks.queue_publication(label, revision))


@shared_task(bind=True, name="outlets.deliver_webhook", max_retries=PUSH_RETRIES)
def deliver_webhook(self, delivery_id: int) -> str:
    """POST one delivery; a failure is retried with exponential backoff, each try logged.
    Safe to run twice: only a pending delivery is sent."""
    if webhooks.send_once(delivery_id) == webhooks.DONE:
        return webhooks.DONE
    if self.request.retries >= PUSH_RETRIES:
        webhooks.give_up(delivery_id)
        return "failed"
    # Eagerly (no broker) the retry runs at once, without the wait.
    return self.retry(countdown=PUSH_BACKOFF_SECONDS * 2**self.request.retries, throw=False)
