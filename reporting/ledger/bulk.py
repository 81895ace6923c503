"""Inserting many new rows, with their history, in a fixed number of statements.

Django's bulk_create builds a model instance per row and compiles SQL in batches of
999 parameters on SQLite; for a year ledger (20,000 reports and as many history rows)
that alone costs several times the workbook's parse. Here each row is a plain dict,
converted with the fields' own get_db_prep_save, and sent with one executemany
(SQLite) or multi-row VALUES batches (other databases). The history rows are the
ones django-simple-history's bulk_history_create would write ("+", user, reason).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

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
    reason: str = "",
) -> None:
    """INSERT `rows`; with a `key` (unique field names) read back their pks into
    `row.pk`, and write one history row each when the model keeps history."""
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
    if key is None:
        return
    _read_back_pks(model, rows, key)
    if hasattr(model, "history"):
        _insert_history(model, fields, params, rows, now=now, user=user, reason=reason)


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


def _insert_history(model, fields, params, rows, *, now, user, reason) -> None:
    history_model = model.history.model
    position = {field.attname: index for index, field in enumerate(fields)}
    user_id = user.pk if user is not None else None
    history_fields = [f for f in history_model._meta.concrete_fields if not f.primary_key]
    builders = []
    for field in history_fields:
        if field.attname == model._meta.pk.attname:
            builders.append(("pk", None))
        elif field.attname in position:
            builders.append(("value", position[field.attname]))
        else:
            fixed = {
                "history_date": connection.ops.adapt_datetimefield_value(now),
                "history_change_reason": reason,
                "history_type": "+",
                "history_user_id": user_id,
            }.get(field.attname, field.get_default())
            builders.append(("fixed", fixed))
    history_params = []
    for row, values in zip(rows, params, strict=True):
        history_params.append(
            tuple(
                row.pk if kind == "pk" else values[arg] if kind == "value" else arg
                for kind, arg in builders
            )
        )
    _execute_insert(
        history_model._meta.db_table, [f.column for f in history_fields], history_params
    )
