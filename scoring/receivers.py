"""Scoring's answers to the lower layers' signals."""

from __future__ import annotations

from django.dispatch import receiver

from actions.signals import plan_changed
from reporting.models import Month
from reporting.signals import month_inputs_changed

from .models import ScoreRun
from .tasks import queue_rescore


@receiver(month_inputs_changed, dispatch_uid="scoring.rescore_on_inputs_changed")
def rescore_on_inputs_changed(sender, month: Month, **kwargs) -> None:
    queue_rescore(month)


@receiver(plan_changed, dispatch_uid="scoring.rescore_on_plan_changed")
def rescore_on_plan_changed(sender, year: int | None = None, **kwargs) -> None:
    """Every month with a live preview is rescored against the edited plan (only the
    months of `year` when the change was to that plan year's); published revisions stay
    as they were."""
    months = Month.objects.filter(score_runs__in=ScoreRun.objects.previews())
    if year is not None:
        months = months.filter(year=year)
    for month in months.distinct():
        queue_rescore(month)
