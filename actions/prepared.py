"""Queries the ORM writes once and the database runs many times (预编译查询).

A home page asks the same few joined and grouped questions on every view, differing only
in a unit, a month or a year. Django builds the SQL of a query anew each time, and for
these it took several times longer than the database took to answer. Here a query is
built by the ORM, so the rules it holds (such as `scored_in`) stay in one place, the
first time its key is seen in a thread; later calls run the SQL it wrote. Only the SQL
is kept: every call reads the rows afresh, so nothing served is ever stale.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Field, Model, QuerySet
from django.db.models.query import ValuesListIterable

PREPARED_QUERIES = 512  # kept in each thread, the least recently used dropped first
_local = threading.local()


def prepared_rows(key: Hashable, build: Callable[[], QuerySet]) -> list[tuple]:
    """The rows of the `values_list()` queryset `build()` returns, as evaluating it gives
    them. `key` must name everything `build` puts into the query (ids, years, month
    numbers, dates): one key, one SQL statement with the same parameters."""
    return _prepared(key, build, rows=True).rows()


def prepared_objects(key: Hashable, build: Callable[[], QuerySet]) -> list[Model]:
    """The model instances the queryset `build()` returns, with the forward relations it
    names in select_related(), as evaluating it gives them; `key` as for prepared_rows.
    The queryset may filter, order and slice; not annotate, defer or prefetch."""
    query = _prepared(key, build, rows=False)
    return [query.instance(row) for row in query.rows()]


@dataclass(frozen=True)
class _Part:
    """One model of a row of prepared_objects: its columns start at `start`; `field` is
    the foreign key of the part at `parent` that leads to it."""

    model: type[Model]
    names: list[str]  # its concrete fields' attribute names
    start: int
    pk: int  # where its primary key is
    parent: int | None
    field: Field | None


@dataclass(frozen=True)
class _Query:
    compiler: object  # the SQLCompiler: it holds this thread's connection
    statement: tuple[str, tuple] | None  # None: no rows, as for an empty IN ()
    converters: dict
    parts: list[_Part]

    def rows(self) -> list[tuple]:
        if self.statement is None:
            return []
        compiler = self.compiler
        with compiler.connection.cursor() as cursor:
            cursor.execute(*self.statement)
            rows = cursor.fetchall()
        if compiler.has_extra_select:  # columns the ORDER BY needed, not asked for
            rows = [row[: compiler.col_count] for row in rows]
        if self.converters:
            rows = map(tuple, compiler.apply_converters(rows, self.converters))
        return list(rows)

    def instance(self, row: tuple) -> Model:
        """The row's instances as select_related leaves them: each relation cached on its
        parent, None where the foreign key is empty."""
        objects: list[Model | None] = []
        for part in self.parts:
            parent = None if part.parent is None else objects[part.parent]
            obj = None
            if row[part.pk] is not None:
                values = row[part.start : part.start + len(part.names)]
                obj = part.model.from_db(self.compiler.using, part.names, values)
            if parent is not None:
                part.field.set_cached_value(parent, obj)
                if obj is not None and part.field.one_to_one:
                    part.field.remote_field.set_cached_value(obj, parent)
            objects.append(obj)
        return objects[0]


def _prepared(key: Hashable, build: Callable[[], QuerySet], *, rows: bool) -> _Query:
    queries: dict = _local.__dict__.setdefault("queries", {})
    query = queries.pop((key, rows), None)
    if query is not None:
        queries[(key, rows)] = query  # now the most recently used
    else:
        queryset = build()
        if rows:
            if queryset._iterable_class is not ValuesListIterable:
                raise TypeError("prepared_rows takes a values_list() queryset")
            parts = []
        else:
            parts = _parts(queryset)
            queryset = queryset.values_list(*_columns(parts))
        query = queries[(key, rows)] = _compile(queryset, parts)
        if len(queries) > PREPARED_QUERIES:
            queries.pop(next(iter(queries)))
    return query


def _compile(queryset: QuerySet, parts: list[_Part]) -> _Query:
    compiler = queryset.query.get_compiler(DEFAULT_DB_ALIAS)
    try:
        statement = compiler.as_sql()
    except EmptyResultSet:
        return _Query(compiler, None, {}, parts)
    columns = [select[0] for select in compiler.select[: compiler.col_count]]
    converters = compiler.get_converters(columns)  # as SQLCompiler.results_iter finds them
    return _Query(compiler, statement if statement[0] else None, converters, parts)


def _parts(queryset: QuerySet) -> list[_Part]:
    """The queryset's model, then each model its select_related() names, depth first."""
    query = queryset.query
    if (
        query.annotations
        or query.extra
        or query.deferred_loading != (frozenset(), True)
        or queryset._prefetch_related_lookups
        or queryset._known_related_objects
    ):
        raise TypeError(
            "prepared_objects takes a queryset from a model's manager without annotations,"
            " extra(), deferral or prefetch_related()"
        )
    if query.select_related is True:
        raise TypeError("prepared_objects needs select_related() to name its relations")
    parts: list[_Part] = []

    def add(model: type[Model], related: dict, parent: int | None, field: Field | None) -> None:
        names = [f.attname for f in model._meta.concrete_fields]
        start = parts[-1].start + len(parts[-1].names) if parts else 0
        pk = start + names.index(model._meta.pk.attname)
        parts.append(_Part(model, names, start, pk, parent, field))
        index = len(parts) - 1
        for name, nested in related.items():
            relation = model._meta.get_field(name)
            if not (relation.many_to_one or relation.one_to_one) or not relation.concrete:
                raise TypeError(f"prepared_objects follows foreign keys only, not {name}")
            add(relation.related_model, nested, index, relation)

    add(queryset.model, query.select_related or {}, None, None)
    return parts


def _columns(parts: list[_Part]) -> list[str]:
    """Each part's columns as values_list names them: by the path from the model."""
    paths: list[str] = []
    for part in parts:
        parent = "" if part.parent is None else paths[part.parent] + part.field.name + "__"
        paths.append(parent)
    return [path + name for path, part in zip(paths, parts, strict=True) for name in part.names]
