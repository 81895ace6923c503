"""The fill page's reads (reporting.queries.fill_rows) and the report every step
claims (reporting.services._reload), written as SQL, and their rows made into model
instances as the ORM makes them.

The fill page is the most viewed and posted page of the reporting cycle, and the ORM
took longer to build these queries than the database took to run them: here each query
is built once per shape and its rows are read into instances by actions.sql, with the
converters the ORM would apply (a Decimal from SQLite's number, an aware datetime).
tests/reporting/test_fill.py and tests/reporting/test_services.py check the reads
against the querysets they stand for."""

from __future__ import annotations

import functools
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

from accounts.models import User
from actions.models import Action, Item, Official, PlanYear, Unit
from actions.sql import columns, instance

from .models import Evidence, Month, Report

# A read's models in the order of its columns: (model, table alias, the item's field
# it fills, if any).
Part = tuple[type[Model], str, str | None]

# The items with with_card's related rows (each set on the item as select_related sets
# it), then one co-unit (配合单位) per row.
CARD: tuple[Part, ...] = (
    (Item, "i", None),
    (PlanYear, "p", "plan_year"),
    (Action, "a", "action"),
    (Unit, "u", "lead_unit"),
    (Official, "o", "responsible_official"),
    (Unit, "c", None),
)
# The reports, then the item's code and the count of evidence files.
REPORT: tuple[Part, ...] = ((Report, "r", None),)
# A report with its item, month and last editor (reporting.services._reload).
CLAIMED: tuple[Part, ...] = (
    (Report, "r", None),
    (Item, "i", "item"),
    (Month, "m", "month"),
    (User, "u", "updated_by"),
)


def fetch(query: str, params: list) -> list[tuple]:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def starts(parts: tuple[Part, ...]) -> list[int]:
    """Where each model's columns of `parts` begin in a row."""
    result, start = [], 0
    for model, _alias, _name in parts:
        result.append(start)
        start += len(model._meta.concrete_fields)
    return result


def read(model: type[Model], row: tuple, start: int) -> Any:
    """The `model` instance whose columns begin at row[start] (actions.sql.instance, on
    this thread's connection)."""
    return instance(model, row, connections[DEFAULT_DB_ALIAS], start)


def with_related(parts: tuple[Part, ...], row: tuple) -> Any:
    """The first model of `parts` from `row`, each of the next ones set on it by the
    field that `parts` names, as select_related sets them (None for a null link)."""
    offsets = starts(parts)
    first = read(parts[0][0], row, 0)
    for (model, _alias, name), start in zip(parts[1:], offsets[1:], strict=True):
        related = None if row[start] is None else read(model, row, start)
        first._meta.get_field(name).set_cached_value(first, related)
    return first


def _select(parts: tuple[Part, ...]) -> str:
    return ", ".join(columns(model, alias) for model, alias, _name in parts)


@functools.cache
def claimed() -> str:
    """A report by its id, with its item, month and last editor; param: the id."""
    tables = {alias: model._meta.db_table for model, alias, _name in CLAIMED}
    return (
        f'SELECT {_select(CLAIMED)} FROM "{tables["r"]}" r '
        f'INNER JOIN "{tables["i"]}" i ON r."item_id" = i."id" '
        f'INNER JOIN "{tables["m"]}" m ON r."month_id" = m."id" '
        f'LEFT OUTER JOIN "{tables["u"]}" u ON r."updated_by_id" = u."id" '
        f'WHERE r."id" = %s'
    )


def claim(pk: int, states: tuple[str, ...], version: int | None) -> bool:
    """Report.objects.filter(pk=pk, state__in=states[, version=version])
    .update(version=F("version") + 1) == 1, written as SQL: whether this step won the
    report (reporting.services._claim)."""
    table = Report._meta.db_table
    marks = ", ".join(["%s"] * len(states))
    query = (
        f'UPDATE "{table}" SET "version" = ("{table}"."version" + 1) '
        f'WHERE ("{table}"."id" = %s AND "{table}"."state" IN ({marks})'
    )
    params = [pk, *map(str, states)]
    if version is not None:
        query += f' AND "{table}"."version" = %s'
        params.append(version)
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(query + ")", params)
        return cursor.rowcount == 1


@functools.cache
def fill_items(cadences: int) -> str:
    """A unit's items of a year due in a month (ItemQuerySet.for_month's rule, with
    `cadences` cadences due), of a unit still on the boards, in the plan's order; params:
    the unit's id, the year, the cadences, the year."""
    tables = {alias: model._meta.db_table for model, alias, _name in CARD}
    co_units = Item.co_units.through._meta.db_table
    marks = ", ".join(["%s"] * cadences)
    return (
        f'SELECT {_select(CARD)} FROM "{tables["i"]}" i '
        f'INNER JOIN "{tables["p"]}" p ON i."plan_year_id" = p."id" '
        f'INNER JOIN "{tables["a"]}" a ON i."action_id" = a."id" '
        f'INNER JOIN "{tables["u"]}" u ON i."lead_unit_id" = u."id" '
        f'LEFT OUTER JOIN "{tables["o"]}" o ON i."responsible_official_id" = o."id" '
        f'LEFT OUTER JOIN "{co_units}" ic ON ic."item_id" = i."id" '
        f'LEFT OUTER JOIN "{tables["c"]}" c ON ic."unit_id" = c."id" '
        f'WHERE i."lead_unit_id" = %s AND p."year" = %s AND i."cadence" IN ({marks}) '
        f'AND NOT (u."inactive_from" IS NOT NULL AND u."inactive_from" <= %s) '
        f'ORDER BY a."order", a."code", i."code", c."code"'
    )


@functools.cache
def fill_reports(count: int) -> str:
    """`count` items' reports of a month, then the latest earlier report of each code
    (ReportQuerySet.previous_to's rule, ties broken as its ORDER BY); params: the items'
    ids, the month's id, the items' codes, the year, the year, the month's number."""
    report, item, mon = Report._meta.db_table, Item._meta.db_table, Month._meta.db_table
    evidence = Evidence._meta.db_table
    marks = ", ".join(["%s"] * count)
    return (
        f'SELECT {_select(REPORT)}, i."code" AS "item_code", '
        f'(SELECT COUNT(*) FROM "{evidence}" e WHERE e."report_id" = r."id") AS "evidence_count" '
        f'FROM "{report}" r INNER JOIN "{item}" i ON r."item_id" = i."id" '
        f'WHERE (r."item_id" IN ({marks}) AND r."month_id" = %s) '
        f'OR r."id" IN (SELECT latest."id" FROM ('
        f'SELECT u0."id", ROW_NUMBER() OVER (PARTITION BY u1."code" '
        f'ORDER BY u2."year" DESC, u2."number" DESC) AS "n" '
        f'FROM "{report}" u0 INNER JOIN "{item}" u1 ON u0."item_id" = u1."id" '
        f'INNER JOIN "{mon}" u2 ON u0."month_id" = u2."id" '
        # The earlier reports of the codes' items, found by the report's (item, month)
        # index rather than by reading every report for its item's code.
        f'WHERE u0."item_id" IN (SELECT u3."id" FROM "{item}" u3 WHERE u3."code" IN ({marks})) '
        f'AND (u2."year" < %s OR (u2."year" = %s AND u2."number" < %s))'
        f') latest WHERE latest."n" = 1)'
    )
