"""Inserting many new rows, with their history, in a few statements per table.

Rows are plain dicts converted with the fields' own get_db_prep_save and sent with one
executemany (SQLite) or multi-row VALUES batches (other databases); their pks are read
back by their unique key. Models that keep history (months, items, reports, 加减分) then
get their "+" history rows through django-simple-history's bulk_history_create, with the
import's user, date, reason and, for reports, the step (custom_historical_attrs).
Django 5.2 batches bulk_create by SQLite's old default of 999 parameters per statement;
the connection is told SQLite's real limit first, so a table takes a few statements
whatever the number of rows.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, models

# Converting through the field is only needed where the driver cannot take the value.
_CONVERTED = (models.DecimalField, models.DateField, models.TimeField, models.JSONField)
_VALUES_PER_STATEMENT = 30_000


class NewRow(dict):
    """A row to create: {field name: value}, foreign keys as the related object (or
    another NewRow). `pk` is set once the row is inserted."""

    pk: int | None = None


def _converter(field: models.Field):
    if not isinstance(field, _CONVERTED):
        return None
    prep = field.get_db_prep_save
    if not isinstance(field, models.DateField):
        return lambda value: None if value is None else prep(value, connection)
    # Dates repeat (every report's accepted_at is the import's "now"): convert each once.
    seen: dict = {}

    def convert(value):
        if value is None:
            return None
        if value not in seen:
            seen[value] = prep(value, connection)
        return seen[value]

    return convert


def _execute_insert(table: str, columns: list[str], params: list[tuple]) -> None:
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES "
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(head + one, params)
            return
        per_statement = max(1, _VALUES_PER_STATEMENT // len(columns))
        for start in range(0, len(params), per_statement):
            batch = params[start : start + per_statement]
            cursor.execute(
                head + ", ".join([one] * len(batch)), [value for row in batch for value in row]
            )


def insert_rows(
    model: type[models.Model],
    rows: Sequence[NewRow],
    key: tuple[str, ...] | None,
    *,
    now: datetime.datetime,
    user=None,
    history: Mapping[str, Any] | None = None,
) -> None:
    """INSERT `rows` and set `row.pk`. A model that keeps history gets one history row
    each (`history`: bulk_create_with_history's default_change_reason and
    custom_historical_attrs); other models read their pks back by `key` (unique field
    names), or not at all without one."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    plan = []
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            default = now
        else:
            default = field.get_default()
        plan.append((field.name, field.is_relation, default, _converter(field)))
    params = []
    for row in rows:
        values = []
        for name, is_relation, default, convert in plan:
            value = row.get(name, default)
            if is_relation and value is not None and not isinstance(value, int):
                value = value.pk
            elif convert is not None:
                value = convert(value)
            values.append(value)
        params.append(tuple(values))
    _execute_insert(model._meta.db_table, [f.column for f in fields], params)
    if key is not None:
        _read_back_pks(model, rows, key)
    if hasattr(model, "history"):
        _create_history(model, rows, plan, now=now, user=user, **(history or {}))


def _create_history(model, rows, plan, *, now, user, **history) -> None:
    """The "+" history rows of just-inserted rows, through simple-history's own
    bulk_history_create (with the import's user, date, reason and custom fields). The
    instances are built from the rows' own values, not the driver-converted ones."""
    use_sqlite_parameter_limit()
    meta = model._meta
    objs = []
    for row in rows:
        values = {}
        for name, is_relation, default, _convert in plan:
            value = row.get(name, default)
            if is_relation:
                values[meta.get_field(name).attname] = (
                    value if value is None or isinstance(value, int) else value.pk
                )
            else:
                values[name] = value
        obj = model(**values)
        obj.pk = row.pk
        objs.append(obj)
    model.history.bulk_history_create(objs, default_user=user, default_date=now, **history)


def use_sqlite_parameter_limit() -> None:
    """Let bulk_create fill SQLite statements up to the library's real parameter limit
    (SQLITE_LIMIT_VARIABLE_NUMBER, 32,766 since SQLite 3.32) instead of 999."""
    if connection.vendor != "sqlite":
        return
    connection.ensure_connection()
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    connection.features.max_query_params = max(connection.features.max_query_params, limit)


def _key_of(row: NewRow, key: tuple[str, ...]) -> tuple:
    return tuple(value.pk if hasattr(value, "pk") else value for value in map(row.get, key))


def _read_back_pks(model: type[models.Model], rows: Sequence[NewRow], key: tuple[str, ...]) -> None:
    meta = model._meta
    attnames = [meta.get_field(name).attname for name in key]
    stored = model._default_manager.all()
    if "month" in key:
        stored = stored.filter(month_id__in={row["month"].pk for row in rows})
    pks = {tuple(found[:-1]): found[-1] for found in stored.values_list(*attnames, "pk")}
    for row in rows:
        row.pk = pks[_key_of(row, key)]
