"""The year ledger export (台账导出): every sheet in exactly the import's format, so
exporting a year and importing it into an empty database reproduces it.

Reports of the year are exported whatever their state; importing them marks them
accepted, as every report loaded through the ledger is.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from django.utils import translation

from actions.models import Action, Item, Official, Unit, UnitGroup, group_in_year
from reporting.models import BonusPenalty, Report

from .schema import ACTIONS, BONUSES, ITEMS, LEDGER_LANGUAGE, OFFICIALS, REPORTS, UNITS
from .workbook import write_ledger_workbook

CHUNK = 2_000


def _month_label(month) -> str:
    return f"{month.year:04d}-{month.number:02d}"


def unit_rows(year: int) -> Iterator[dict]:
    """Every unit, in its group of plan year `year`."""
    labels = dict(UnitGroup.choices)
    units = Unit.objects.annotate(group_then=group_in_year("pk", year)).order_by("code")
    for unit in units:
        yield {"code": unit.code, "name": unit.name, "group": str(labels[unit.group_then])}


def official_rows() -> Iterator[dict]:
    for official in Official.objects.order_by("name"):
        yield {"name": official.name, "title": official.title}


def action_rows(year: int) -> Iterator[dict]:
    actions = Action.objects.of_year(year).select_related("leader", "lead_unit")
    for action in actions.order_by("order", "code"):
        yield {
            "code": action.code,
            "name": action.name,
            "leader": action.leader.name if action.leader else "",
            "lead_unit": action.lead_unit.code if action.lead_unit else "",
        }


def item_rows(year: int) -> Iterator[dict]:
    co_units: dict[int, list[str]] = {}
    links = (
        Item.co_units.through.objects.filter(item__plan_year__year=year)
        .values_list("item_id", "unit__code")
        .order_by("item_id", "unit__code")
    )
    for item_id, code in links:
        co_units.setdefault(item_id, []).append(code)
    items = Item.objects.of_year(year).select_related("action", "lead_unit", "responsible_official")
    for item in items.order_by("code").iterator(chunk_size=CHUNK):
        yield {
            "code": item.code,
            "name": item.name,
            "action": item.action.code,
            "kind": item.get_kind_display(),
            "level": item.get_level_display(),
            "responsible_official": (
                item.responsible_official.name if item.responsible_official else ""
            ),
            "responsible_person": item.responsible_person,
            "lead_unit": item.lead_unit.code,
            "co_units": "、".join(co_units.get(item.pk, [])),
            "cadence": item.get_cadence_display(),
            "deadline": item.deadline,
            "target": item.target,
            "measure_unit": item.measure_unit,
            "direction": item.get_direction_display(),
            "cumulative": "是" if item.cumulative else "否",
            "standard": item.standard,
            "weight": item.weight,
        }


def report_rows(year: int) -> Iterator[dict]:
    reports = (
        Report.objects.filter(month__year=year)
        .select_related("item", "month")
        .order_by("month__number", "item__code")
    )
    for report in reports.iterator(chunk_size=CHUNK):
        yield {
            "item": report.item.code,
            "month": _month_label(report.month),
            "value": report.value,
            "rank": report.rank,
            "peer_count": report.peer_count,
            "progress": report.get_progress_display() if report.progress else "",
            "achievement": report.achievement,
            "problems": report.problems,
            "measures": report.measures,
            "fix_unit": report.fix_unit,
            "fix_deadline": report.fix_deadline,
        }


def bonus_rows(year: int) -> Iterator[dict]:
    bonuses = (
        BonusPenalty.objects.filter(month__year=year)
        .select_related("unit", "month")
        .order_by("month__number", "unit__code", "reason")
    )
    for bonus in bonuses.iterator(chunk_size=CHUNK):
        yield {
            "unit": bonus.unit.code,
            "month": _month_label(bonus.month),
            "points": bonus.points,
            "reason": bonus.reason,
        }


def export_ledger(year: int, output: str | IO[bytes]) -> None:
    """Write the year's ledger workbook (all units and officials; the plan year's actions
    and items; the year's reports and bonus/penalty points) to a path or a binary file. The choices'
    labels (get_kind_display …) are written in the ledger's Chinese, whatever the page's
    language."""
    with translation.override(LEDGER_LANGUAGE):
        _write_year(year, output)


def _write_year(year: int, output: str | IO[bytes]) -> None:
    write_ledger_workbook(
        output,
        {
            UNITS: unit_rows(year),
            OFFICIALS: official_rows(),
            ACTIONS: action_rows(year),
            ITEMS: item_rows(year),
            REPORTS: report_rows(year),
            BONUSES: bonus_rows(year),
        },
    )
