"""The rulebook's plain inputs, read off model instances.

The one place that maps an `Item` and a `Report` onto `rulebook.ItemFacts` /
`rulebook.ReportFacts`, for the scoring of a month and for the reporting workflow's
"would this score red?" check alike.
"""

from __future__ import annotations

from actions.models import Item
from scoring import rulebook

from .models import Report


def item_facts(item: Item) -> rulebook.ItemFacts:
    return rulebook.ItemFacts(
        item_id=item.pk,
        code=item.code,
        kind=item.kind,
        level=item.level,
        cadence=item.cadence,
        target=item.target,
        direction=item.direction,
        cumulative=item.cumulative,
        deadline=item.deadline,
        weight=item.weight,
        lead_unit_id=item.lead_unit_id,
        action_id=item.action_id,
    )


def report_facts(report: Report) -> rulebook.ReportFacts:
    return rulebook.ReportFacts(
        value=report.value,
        rank=report.rank,
        peer_count=report.peer_count,
        progress=report.progress or None,
    )
