"""Reads of the published snapshot for the outside: which months are out, the latest
revision of each, and its rows through the same queries the boards and the meeting
workbook use (scoring.queries). Never the live preview.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from actions.models import Item
from reporting.models import parse_month_label
from scoring.models import ItemResult, ScoreRun


class NotPublished(LookupError):
    """The month is malformed, unknown or not published."""


def latest_publications(updated_since: datetime.datetime | None = None) -> list[ScoreRun]:
    """Each published month's latest revision, newest month first; with `updated_since`
    only those published or corrected at or after it (1 query)."""
    runs = ScoreRun.objects.publications().select_related("month").newest_first()
    latest: dict[int, ScoreRun] = {}
    for run in runs:
        latest.setdefault(run.month_id, run)
    chosen = list(latest.values())
    if updated_since is not None:
        chosen = [run for run in chosen if run.computed_at >= updated_since]
    return chosen


def publication(label: str) -> ScoreRun:
    """The latest revision of a published month (1 query); NotPublished otherwise."""
    try:
        year, number = parse_month_label(label)
    except ValueError:
        raise NotPublished(label) from None
    run = (
        ScoreRun.objects.publications()
        .filter(month__year=year, month__number=number)
        .select_related("month")
        .order_by("-revision")
        .first()
    )
    if run is None:
        raise NotPublished(label)
    return run


def revisions(run: ScoreRun) -> list[ScoreRun]:
    """Every revision of the run's month, first publication first (1 query)."""
    return list(ScoreRun.objects.publications().of_month(run.month_id).order_by("revision"))


def latest_publication_of_year(year: int) -> ScoreRun:
    """The newest revision of the plan year's newest published month (1 query)."""
    run = (
        ScoreRun.objects.publications()
        .filter(month__year=year)
        .select_related("month")
        .newest_first()
        .first()
    )
    if run is None:
        raise NotPublished(str(year))
    return run


def plan_items(year: int):
    """The plan's items with their 五定 fields, in the plan's order (2 queries)."""
    return (
        Item.objects.of_year(year)
        .select_related("action", "lead_unit", "responsible_official")
        .prefetch_related("co_units")
        .order_by("action__order", "action__code", "code")
    )


@dataclass(frozen=True)
class BandCount:
    """How many of an action's items are in each band (按行动分档统计)."""

    action_code: str
    action_name: str
    green: int
    yellow: int
    red: int

    @property
    def total(self) -> int:
        return self.green + self.yellow + self.red


def band_counts(run: ScoreRun) -> list[BandCount]:
    """Counts of the run's items by band per action, in the plan's order (1 query)."""
    rows = (
        ItemResult.objects.filter(run=run)
        .in_plan_order()
        .values_list("action_code", "action_name", "band")
    )
    names: dict[str, str] = {}
    counts: Counter = Counter()
    for code, name, band in rows:
        names.setdefault(code, name)
        counts[(code, band)] += 1
    return [
        BandCount(
            code, name, counts[(code, "green")], counts[(code, "yellow")], counts[(code, "red")]
        )
        for code, name in names.items()
    ]
