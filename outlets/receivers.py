"""The outlets' answers to the scoring layer's signals."""

from __future__ import annotations

from django.dispatch import receiver

from scoring.signals import month_published

from . import public_cache
from .tasks import queue_publication


@receiver(month_published, dispatch_uid="outlets.on_month_published")
def on_month_published(sender, label: str, revision: int, **kwargs) -> None:
    """A new revision is out: the public page renders it at the next request, and every
    webhook hears of it."""
    public_cache.forget()
    queue_publication.delay(label, revision)
