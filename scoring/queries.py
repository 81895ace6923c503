"""Reads of the scoring app: which run a board shows, and its rows as plain data.

Each function runs a fixed number of queries whatever the size of the district.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import F, Model, Q

from actions.models import Item
from actions.prepared import prepared_objects
from actions.sql import columns, instance
from reporting.models import Month, parse_month_label

from .boarddata import GROUP_ORDER, ActionRow, ItemRow, MonthBoards, UnitRow, WarningRow
from .figures import HonourExclusion, honour_exclusions
from .fragments import run_data
from .models import (
    PLAN_ORDER,
    ActionResult,
    ItemResult,
    RunKind,
    ScoreRun,
    UnitResult,
    WarningResult,
)

BOARD_ORDER = {"province": 0, "city": 1, "district": 2}


def month_runs(month: Month) -> list[ScoreRun]:
    """The month's preview and publications, oldest revision first (1 query, built once
    per month: actions.prepared)."""
    return prepared_objects(
        ("month-runs", month.pk),
        lambda: (
            ScoreRun.objects.of_month(month)
            .select_related("created_by")
            .order_by("kind", "revision")
        ),
    )


def latest_scored_month() -> Month | None:
    """The newest month with results (published or a preview): the one a unit's item
    table (本单位事项表) downloads from its home (1 query)."""
    return Month.objects.filter(score_runs__isnull=False).newest()


def month_and_runs(label: str) -> tuple[Month, list[ScoreRun]]:
    """The month a "YYYY-MM" label names and its runs as month_runs lists them, each with
    its month and created_by (1 query). Written as SQL: the ORM took longer to build the
    month's query and its runs' than the database took to run them, on every view of a
    board. ValueError for a malformed label, Month.DoesNotExist for an unknown month."""
    year, number = parse_month_label(label)
    sql, models = _month_runs_sql()
    database = connections[DEFAULT_DB_ALIAS]
    with database.cursor() as cursor:
        cursor.execute(sql, [year, number])
        rows = cursor.fetchall()
    if not rows:
        raise Month.DoesNotExist(f"{year:04d}-{number:02d}")
    run_start = len(Month._meta.concrete_fields)
    user_start = run_start + len(ScoreRun._meta.concrete_fields)
    month = instance(Month, rows[0], database)
    runs = []
    for row in rows:
        if row[run_start] is None:  # a month never scored: its one row has no run
            continue
        run = instance(ScoreRun, row, database, run_start)
        run.month = month
        run.created_by = None
        if row[user_start] is not None:
            run.created_by = instance(models[2], row, database, user_start)
        runs.append(run)
    return month, runs


@functools.cache
def _month_runs_sql() -> tuple[str, tuple[type[Model], ...]]:
    """month_and_runs's query and the models of its columns, in order: the month's, its
    runs' (none: NULLs) and each run's created_by (ScoreRun's Meta.ordering is not used:
    month_runs orders by kind and revision)."""
    user = ScoreRun._meta.get_field("created_by").related_model
    models = (Month, ScoreRun, user)
    selected = ", ".join(columns(model, alias) for alias, model in zip("mru", models, strict=True))
    sql = (
        f'SELECT {selected} FROM "{Month._meta.db_table}" m '
        f'LEFT JOIN "{ScoreRun._meta.db_table}" r ON r."month_id" = m."id" '
        f'LEFT JOIN "{user._meta.db_table}" u ON u."id" = r."created_by_id" '
        'WHERE m."year" = %s AND m."number" = %s ORDER BY r."kind", r."revision"'
    )
    return sql, models


def choose_run(
    runs: list[ScoreRun], *, revision: int | None = None, preview: bool = False
) -> ScoreRun | None:
    """The run a board shows: a given revision, the preview on request, else the latest
    publication, else the preview."""
    publications = sorted((r for r in runs if r.is_publication), key=lambda r: r.revision)
    previews = [r for r in runs if not r.is_publication]
    if revision is not None:
        return next((r for r in publications if r.revision == revision), None)
    if preview:
        return previews[0] if previews else None
    if publications:
        return publications[-1]
    return previews[0] if previews else None


def _row_fields(row_class, renamed: dict[str, str] | None = None) -> dict[str, str]:
    """{display field: result field} for every field of a display dataclass; the names
    are the same unless `renamed` says otherwise."""
    renamed = renamed or {}
    return {f.name: renamed.get(f.name, f.name) for f in dataclasses.fields(row_class)}


UNIT_ROW_FIELDS = _row_fields(UnitRow)
ACTION_ROW_FIELDS = _row_fields(
    ActionRow, {"lead_unit": "lead_unit_name", "action_order": "action__order"}
)
ITEM_ROW_FIELDS = _row_fields(ItemRow, {"action_order": "action__order"})
WARNING_ROW_FIELDS = _row_fields(WarningRow)


def _rows(row_class, row_fields: dict[str, str], results) -> list:
    """The display rows of a result queryset, read with .values() straight into the
    dataclass."""
    renamed = {name: F(source) for name, source in row_fields.items() if name != source}
    return [row_class(**row) for row in results.annotate(**renamed).values(*row_fields)]


def unit_rows(run: ScoreRun) -> list[UnitRow]:
    """Every unit board of the run, ordered board, group, rank, code (1 query)."""
    rows = _rows(UnitRow, UNIT_ROW_FIELDS, UnitResult.objects.filter(run=run))
    rows.sort(
        key=lambda r: (
            BOARD_ORDER.get(r.board, 9),
            GROUP_ORDER.get(r.group, 9),
            r.rank,
            r.unit_code,
        )
    )
    return rows


def action_rows(run: ScoreRun) -> list[ActionRow]:
    """The 八大行动 board of the run, by rank, ties in the plan's order (1 query)."""
    return _rows(
        ActionRow,
        ACTION_ROW_FIELDS,
        ActionResult.objects.filter(run=run).order_by("rank", PLAN_ORDER, "action_code"),
    )


def item_row(r: ItemResult) -> ItemRow:
    """The display row of one item result already loaded."""
    row = {name: getattr(r, source, None) for name, source in ITEM_ROW_FIELDS.items()}
    return ItemRow(**row)


def item_rows(run: ScoreRun) -> list[ItemRow]:
    """The run's due items, in the plan's order (1 query)."""
    return _rows(ItemRow, ITEM_ROW_FIELDS, ItemResult.objects.filter(run=run).in_plan_order())


def kept_off_honour(
    run: ScoreRun, rows: Sequence[UnitRow]
) -> dict[tuple[str, str], HonourExclusion]:
    """The units of `rows` (any boards) placed 1–3 but kept off 红榜, by (board, unit
    code), with why (1 query: the run's 未报送 and 逾期 items, in the plan's order)."""
    flagged = list(
        ItemResult.objects.filter(run=run)
        .filter(Q(missing=True) | Q(overdue=True))
        .in_plan_order()
        .values_list("lead_unit_code", "item_code", "missing", "overdue")
    )
    kept_off = {}
    for board in {row.board for row in rows}:
        placed = ((r.unit_code, r.rank, r.honour) for r in rows if r.board == board)
        for code, why in honour_exclusions(placed, flagged).items():
            kept_off[(board, code)] = why
    return kept_off


UNIT_RESULT_FIELDS = (
    *(f.name for f in UnitResult._meta.concrete_fields),
    "unit__code",
    "unit__name",
)


def unit_results(run: ScoreRun) -> dict[tuple[str, str], tuple[UnitResult, HonourExclusion]]:
    """Every unit's line of the run's boards by (board, unit code), each with why it is
    kept off 红榜 (None unless placed 1–3 and off it), read once per run (2 queries):
    what a unit's drill-down shows of its place."""

    def build() -> dict:
        # Each with its unit's id, code and name, for the comments on it (领导点评) to name.
        results = list(
            UnitResult.objects.filter(run=run).select_related("unit").only(*UNIT_RESULT_FIELDS)
        )
        kept_off = kept_off_honour(run, results)
        return {(r.board, r.unit_code): (r, kept_off.get((r.board, r.unit_code))) for r in results}

    return run_data(run, "unit-results", build)


def warning_rows(run: ScoreRun) -> list[WarningRow]:
    """The run's 预警, every item listed, in the plan's order (1 query)."""
    rows = WarningResult.objects.filter(run=run).in_plan_order()
    return _rows(WarningRow, WARNING_ROW_FIELDS, rows)


def load_month_boards(
    month_label: str,
    *,
    revision: int | None = None,
    preview: bool = False,
    with_warnings: bool = False,
) -> MonthBoards:
    """One month's boards as plain data (5 queries, 6 with its 预警; 2 once cached): the latest
    publication (or the given revision), or the live preview when the month is
    unpublished or preview=True.

    Raises ValueError for a malformed label, Month.DoesNotExist for an unknown month and
    ScoreRun.DoesNotExist for an unknown revision or a month never scored (reads never
    score: the preview follows every change of its inputs).
    """
    year, number = parse_month_label(month_label)
    month = Month.objects.get(year=year, number=number)
    run = choose_run(month_runs(month), revision=revision, preview=preview)
    if run is None:
        raise ScoreRun.DoesNotExist(f"{month.label} has no run (revision {revision})")
    return run_boards(month, run, with_warnings=with_warnings)


def run_boards(month: Month, run: ScoreRun, *, with_warnings: bool = False) -> MonthBoards:
    """The boards of one run of `month` as plain data (3 queries, 4 with its 预警, on the
    run's first read). A run never changes once computed: its rows are read once and then
    kept (scoring/fragments.py), under a key naming the run and when it was computed."""
    return run_data(
        run,
        f"month-boards|{with_warnings}",
        lambda: MonthBoards(
            month_label=month.label,
            district=settings.SHOWCASE_DISTRICT_NAME,
            published=run.is_publication,
            revision=run.revision,
            computed_at=run.computed_at,
            units=unit_rows(run),
            actions=action_rows(run),
            items=item_rows(run),
            warnings=warning_rows(run) if with_warnings else [],
        ),
    )


def item_history(item_id: int, *, published_only: bool) -> list[ItemResult]:
    """An item's result in each scored month: the month's latest publication, else its
    preview (unless published_only), oldest month first (2 queries)."""
    runs = ScoreRun.objects.filter(item_results__item_id=item_id).values(
        "pk", "month_id", "kind", "revision"
    )
    if published_only:
        runs = runs.filter(kind=RunKind.PUBLICATION)
    shown: dict[int, dict] = {}
    for run in runs:
        current = shown.get(run["month_id"])
        if current is None or _run_order(run) > _run_order(current):
            shown[run["month_id"]] = run
    return list(
        ItemResult.objects.filter(item_id=item_id, run__in=[r["pk"] for r in shown.values()])
        .select_related("run__month")
        .order_by("run__month__year", "run__month__number")
    )


def same_item_last_year(item: Item) -> Item | None:
    """The same item (same code) in the plan of the year before, if it was carried over."""
    return Item.objects.of_year(item.plan_year.year - 1).filter(code=item.code).first()


def _run_order(run: dict) -> tuple[int, int]:
    # Publications outrank the preview; later revisions outrank earlier ones.
    return (1, run["revision"]) if run["kind"] == RunKind.PUBLICATION else (0, 0)


def unreported_units(run: ScoreRun) -> set[str]:
    """The codes of the units with a 未报送 item in the run (1 query)."""
    return set(
        ItemResult.objects.filter(run=run, missing=True).values_list("lead_unit_code", flat=True)
    )


def lagging_results(run: ScoreRun, *, unit_id: int | None = None):
    """排位靠后事项: the run's red items, optionally only those one unit leads."""
    results = ItemResult.objects.filter(run=run).lagging().in_plan_order()
    if unit_id is not None:
        results = results.filter(Q(lead_unit_id=unit_id))
    return results
