"""Scoring's answers to the lower layers' signals."""

from __future__ import annotations

from django.db.models import Q
from django.dispatch import receiver

from actions.signals import plan_changed
from reporting.models import Month
from reporting.signals import month_inputs_changed

from .models import ScoreRun
from .tasks import queue_rescore


@receiver(month_inputs_changed, dispatch_uid="scoring.rescore_on_inputs_changed")
def rescore_on_inputs_changed(sender, month: Month, **kwargs) -> None:
    queue_rescore(month)
    # The 预警 of later months read this month's reports (the rest of its year, and next
    # year's through last year's curve): their live previews follow too.
    later = (
        Month.objects.filter(score_runs__in=ScoreRun.objects.previews())
        .filter(Q(year=month.year, number__gt=month.number) | Q(year=month.year + 1))
        .distinct()
    )
    for later_month in later:
        queue_rescore(later_month)


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
