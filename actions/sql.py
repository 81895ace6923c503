"""Model instances from hand-written SQL, for the few queries every page runs.

Every logged-in page reads its session and its login with the login's unit, and every
page with a month picker reads the months. Django takes about half a millisecond to
build each of those queries, several times what the database takes to run them; written
once as SQL, their rows are read back here into the instances the ORM would give.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TypeVar

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

M = TypeVar("M", bound=models.Model)


def columns(model: type[models.Model], alias: str) -> str:
    """The model's concrete columns in field order, each qualified by the table's `alias`:
    the order `instance` reads them in."""
    return ", ".join(f'{alias}."{field.column}"' for field in model._meta.concrete_fields)


def instance(model: type[M], row: Sequence, connection: BaseDatabaseWrapper, start: int = 0) -> M:
    """The `model` instance whose columns (as `columns` lists them) begin at row[start]:
    each value through the database's and the field's converters, as Django's compiler
    passes them (SQLite returns dates as text and booleans as 0 or 1), then from_db."""
    names, converters = _reading(model, connection)
    values = list(row[start : start + len(names)])
    for position, expression, steps in converters:
        value = values[position]
        for convert in steps:
            value = convert(value, expression, connection)
        values[position] = value
    return model.from_db(connection.alias, names, values)


@functools.lru_cache(maxsize=64)
def _reading(model: type[models.Model], connection: BaseDatabaseWrapper) -> tuple:
    """The model's attribute names and, per column that needs them, its converters on
    this connection (one per thread: keyed by the connection itself)."""
    names, converters = [], []
    for position, field in enumerate(model._meta.concrete_fields):
        names.append(field.attname)
        column = field.get_col(model._meta.db_table)
        steps = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if steps:
            converters.append((position, column, steps))
    return names, converters
