"""Inserting many new rows, with their history, in a few statements per table.

Rows are plain dicts converted with the fields' own get_db_prep_save and sent with one
executemany (SQLite) or multi-row VALUES batches (other databases), built once as text
rather than compiled object by object as bulk_create does; their pks are read back by
their unique key. The scoring's result rows go through the same two steps
(`db_converter`, `execute_insert`). Models that keep history (months, items, reports,
加减分) then get their "+" history rows the same way (`insert_history`): the rows
simple-history's bulk_history_create writes, column for column, with the import's user,
date, reason and, for reports, the step (custom_historical_attrs), without building a
model instance and a historical one per row and preparing every value through Django's
bulk_create (which took most of the import's time). Django 5.2 batches bulk_create and
bulk_update by SQLite's old default of 999 parameters per statement; the connection is
told SQLite's real limit first, so a table takes a few statements whatever the number of
rows.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.db.backends.base.operations import BaseDatabaseOperations

# Converting through the field is only needed where the driver cannot take the value.
_CONVERTED = (models.DecimalField, models.DateField, models.TimeField, models.JSONField)
_VALUES_PER_STATEMENT = 30_000


class NewRow(dict):
    """A row to create: {field name: value}, foreign keys as the related object (or
    another NewRow). `pk` is set once the row is inserted."""

    pk: int | None = None


def db_converter(field: models.Field, using=connection):
    """What turns a value into what the database driver takes for `field`, as the
    field's get_db_prep_save does; None where the driver takes the value as it is."""
    if not isinstance(field, _CONVERTED):
        return None
    prep = field.get_db_prep_save
    if isinstance(field, models.DecimalField) and _takes_decimals(using):
        # get_db_prep_save makes a finite Decimal again of itself: the same digits.
        def convert_decimal(value):
            if value is None or (type(value) is Decimal and value.is_finite()):
                return value
            return prep(value, using)

        return convert_decimal
    if not isinstance(field, models.DateField):
        # A value left out of a row is the field's one default object (a report's flags
        # list): converted once, not once per row.
        last = [None, None]

        def convert_object(value):
            if value is None:
                return None
            if value is not last[0]:
                last[:] = value, prep(value, using)
            return last[1]

        return convert_object
    # Dates repeat (every report's accepted_at is the import's "now"): convert each once.
    seen: dict = {}

    def convert(value):
        if value is None:
            return None
        if value not in seen:
            seen[value] = prep(value, using)
        return seen[value]

    return convert


def _takes_decimals(using) -> bool:
    """Whether the backend hands a Decimal to its driver as it is (Django's default)."""
    adapt = type(using.ops).adapt_decimalfield_value
    return adapt is BaseDatabaseOperations.adapt_decimalfield_value


def execute_insert(
    model: type[models.Model],
    fields: list[models.Field],
    params: list[tuple],
    *,
    using=connection,
    values_per_statement: int = _VALUES_PER_STATEMENT,
) -> None:
    """INSERT the rows `params` (driver values, one a field of `fields`) into the
    model's table: one executemany on SQLite, else statements of up to
    `values_per_statement` values each — on PostgreSQL one array a column through
    UNNEST, as bulk_create does there, which the server plans faster than as many
    VALUES rows."""
    quote = using.ops.quote_name
    head = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
    )
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with using.cursor() as cursor:
        if using.vendor == "sqlite":
            cursor.executemany(f"{head}VALUES {one}", params)
            return
        unnest = _unnest(fields, using)
        per_statement = max(1, values_per_statement // len(fields))
        for start in range(0, len(params), per_statement):
            batch = params[start : start + per_statement]
            if unnest and len(batch) > 1:
                cursor.execute(head + unnest, [list(column) for column in zip(*batch, strict=True)])
            else:
                cursor.execute(
                    f"{head}VALUES {', '.join([one] * len(batch))}",
                    [value for row in batch for value in row],
                )


def _unnest(fields: list[models.Field], using) -> str | None:
    """`SELECT * FROM UNNEST(%s::type[], …)` for the fields on PostgreSQL, or None where
    a field's values could not share one array type (as bulk_create decides)."""
    if using.vendor != "postgresql":
        return None
    db_types = []
    for field in fields:
        target = field.target_field if field.is_relation else field
        if hasattr(field, "get_placeholder") or target.get_internal_type() not in using.data_types:
            return None
        # Without its length or precision: varchar[], not varchar(50)[], truncates nothing.
        db_types.append(field.db_type(using).split("(")[0])
    return "SELECT * FROM UNNEST(" + ", ".join(f"(%s)::{t}[]" for t in db_types) + ")"


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
        plan.append((field.name, field.is_relation, default, db_converter(field)))
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
    execute_insert(model, fields, params)
    if key is not None:
        _read_back_pks(model, rows, key)
    if hasattr(model, "history"):
        _create_history(model, rows, plan, now=now, user=user, **(history or {}))


def _create_history(model, rows, plan, *, now, user, **history) -> None:
    """The "+" history rows of just-inserted rows, from the rows' own values (not the
    driver-converted ones)."""
    meta = model._meta
    attnames = [
        (name, meta.get_field(name).attname, is_relation, default)
        for name, is_relation, default, _convert in plan
    ]
    values = []
    for row in rows:
        row_values = {meta.pk.attname: row.pk}
        for name, attname, is_relation, default in attnames:
            value = row.get(name, default)
            if is_relation and value is not None and not isinstance(value, int):
                value = value.pk
            row_values[attname] = value
        values.append(row_values)
    insert_history(model, values, "+", now=now, user=user, **history)


def insert_history(
    model: type[models.Model],
    rows: Sequence[Mapping[str, Any]],
    history_type: str,
    *,
    now: datetime.datetime,
    user=None,
    default_change_reason: str = "",
    custom_historical_attrs: Mapping[str, Any] | None = None,
) -> None:
    """The history rows simple-history's bulk_history_create writes for instances with
    these values ({attname: value} of every tracked field, the pk included), written by
    the fast insert instead of a model instance per row and Django's bulk_create: the
    same columns and values (history_date `now`; history_user `user`, else the one
    simple-history finds itself; the change reason and custom fields given), in order."""
    if not rows or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history_model = model.history.model
    if user is None:
        user = history_model.get_default_history_user(model())
    fixed = {
        "history_date": now,
        "history_user_id": user.pk if user is not None else None,
        "history_change_reason": default_change_reason,
        "history_type": history_type,
    }
    for name, value in (custom_historical_attrs or {}).items():
        fixed[history_model._meta.get_field(name).attname] = value
    tracked = {field.attname for field in history_model.tracked_fields}
    fields = [f for f in history_model._meta.concrete_fields if not f.primary_key]
    columns = []  # (attname, tracked, the fixed value, converter)
    for field in fields:
        if field.attname == "history_relation_id":
            columns.append((model._meta.pk.attname, True, None, None))
            continue
        value = fixed.get(field.attname, field.get_default())
        convert = db_converter(field)
        if field.attname not in tracked and convert is not None:
            value, convert = convert(value), None
        columns.append((field.attname, field.attname in tracked, value, convert))
    params = []
    for row in rows:
        values = []
        for attname, is_tracked, value, convert in columns:
            if is_tracked:
                value = row[attname]
                if convert is not None:
                    value = convert(value)
            values.append(value)
        params.append(tuple(values))
    execute_insert(history_model, fields, params)


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
