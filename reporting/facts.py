"""The rulebook's plain inputs, read off model instances or values() rows.

The one place that maps an `Item` and a `Report` onto `rulebook.ItemFacts` /
`rulebook.ReportFacts`, for the scoring of a month and for the reporting workflow's
"would this score red?" check alike.
"""

from __future__ import annotations

from collections.abc import Mapping

from actions.models import Item
from scoring import rulebook

from .models import Report

# The item's fields that ItemFacts carries under the same names, beside item_id (its pk).
ITEM_FACT_FIELDS = (
    "code",
    "kind",
    "level",
    "cadence",
    "target",
    "direction",
    "cumulative",
    "deadline",
    "weight",
    "lead_unit_id",
    "action_id",
)
# The report's fields that ReportFacts carries, in the order report_facts_of takes them.
REPORT_FACT_FIELDS = ("value", "rank", "peer_count", "progress")


def item_facts(item: Item) -> rulebook.ItemFacts:
    return rulebook.ItemFacts(
        item_id=item.pk, **{name: getattr(item, name) for name in ITEM_FACT_FIELDS}
    )


def item_facts_of(values: Mapping) -> rulebook.ItemFacts:
    """The facts of an item read as a values() row with its pk as "id" and the
    ITEM_FACT_FIELDS under their own names."""
    return rulebook.ItemFacts(
        item_id=values["id"], **{name: values[name] for name in ITEM_FACT_FIELDS}
    )


def report_facts(report: Report) -> rulebook.ReportFacts:
    return report_facts_of(report.value, report.rank, report.peer_count, report.progress)


def report_facts_of(value, rank, peer_count, progress) -> rulebook.ReportFacts:
    """The facts of a report from its REPORT_FACT_FIELDS (a values_list row, say); a
    blank progress is none."""
    return rulebook.ReportFacts(
        value=value, rank=rank, peer_count=peer_count, progress=progress or None
    )
