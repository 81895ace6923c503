"""Reads of the early warning (预警): a run's warnings, their trend over the year, the
counts for home pages and the forecast an item page draws. Fixed query counts."""

from __future__ import annotations

from django.db.models import Count, Subquery
from django.utils.translation import get_language

from actions.prepared import prepared_objects, prepared_rows
from reporting.models import Month
from reporting.months import meeting_month

from . import queries
from .figures import figure_text, percent_text
from .fragments import run_data
from .models import RunKind, ScoreRun, WarningResult
from .queries import choose_run
from .warning_tables import band_word, basis_text

WATCH_BANDS = ("red", "yellow")


def shown_runs(year: int, up_to: int, *, published_only: bool) -> dict[int, int]:
    """{month number: run id} of the year's months 1..up_to: each month's latest
    publication, else its preview unless published_only (1 query)."""
    key = ("shown-runs", year, up_to, published_only)
    by_month: dict[int, list[ScoreRun]] = {}
    for pk, number, kind, revision in prepared_rows(
        key, lambda: _year_runs(year, up_to, published_only)
    ):
        # choose_run reads a run's kind and revision only
        by_month.setdefault(number, []).append(ScoreRun(pk=pk, kind=kind, revision=revision))
    shown = {number: choose_run(month_runs) for number, month_runs in by_month.items()}
    return {number: run.pk for number, run in shown.items() if run is not None}


def _year_runs(year: int, up_to: int, published_only: bool):
    """shown_runs's query (built once: actions.prepared): Django took ten times longer to
    build it than SQLite took to run it, on every view of the 预警 page."""
    runs = ScoreRun.objects.filter(month__year=year, month__number__lte=up_to)
    if published_only:
        runs = runs.filter(kind=RunKind.PUBLICATION)
    return runs.values_list("pk", "month__number", "kind", "revision").order_by()


def trends(runs: dict[int, int], item_ids) -> dict[int, list[tuple[int, str]]]:
    """{item id: [(month number, band), …]} in the runs of shown_runs (1 query)."""
    number_of = {run_id: number for number, run_id in runs.items()}
    result: dict[int, list[tuple[int, str]]] = {}
    rows = (
        WarningResult.objects.filter(run_id__in=runs.values(), item_id__in=list(item_ids))
        .values_list("item_id", "run_id", "band")
        .order_by()
    )
    for item_id, run_id, band in rows:
        result.setdefault(item_id, []).append((number_of[run_id], band))
    for bands in result.values():
        bands.sort()
    return result


def watch_list(run: ScoreRun):
    """The run's 红 and 黄 items, 红 first, then in the plan's order (行动顺序, action and
    item code)."""
    return WarningResult.objects.filter(run=run, band__in=WATCH_BANDS).in_plan_order("band")


def band_counts(run: ScoreRun | None, *, unit_id: int | None = None) -> dict[str, int]:
    """{"red": n, "yellow": n, "green": n} of a run, optionally of one unit's items (1 query)."""
    counts = {"red": 0, "yellow": 0, "green": 0}
    if run is None:
        return counts
    rows = WarningResult.objects.filter(run=run)
    if unit_id is not None:
        rows = rows.filter(lead_unit_id=unit_id)
    for row in rows.values("band").annotate(n=Count("pk")).order_by():
        counts[row["band"]] = row["n"]
    return counts


def run_band_counts(run: ScoreRun) -> dict[str, int]:
    """band_counts of the whole run, read once per run (a run's results never change)."""
    return run_data(run, "band-counts", lambda: band_counts(run))


def latest_item_warning(item_id: int, *, published_only: bool) -> WarningResult | None:
    """The item's warning in the newest run that has one: the latest month's latest
    publication, else its preview unless published_only (1 query)."""
    rows = WarningResult.objects.filter(item_id=item_id).select_related("run__month")
    if published_only:
        rows = rows.filter(run__kind=RunKind.PUBLICATION)
    return rows.order_by(
        "-run__month__year",
        "-run__month__number",
        # A publication outranks the preview ("publication" > "preview"), a later
        # revision an earlier one.
        "-run__kind",
        "-run__revision",
    ).first()


def home_warnings(user, months: list[Month] | None = None) -> list[dict]:
    """Home page block: a unit's own 红 and 黄 items of the latest published month; for
    leaders and the office, the counts of the meeting month (reporting.months; `months`,
    every month if the page has read them, spares a query) (2 queries, 1 with `months`
    while a month is published, one more the first time a run is shown)."""
    if not user.is_authenticated:
        return []
    if user.is_unit_member:
        return _unit_warnings(user)
    month = meeting_month(user, months)
    if month is None:
        return []
    if not user.has_perm("scoring.read_preview"):
        return []
    # month_runs without their authors, which the block does not name
    runs = ScoreRun.objects.of_month(month).order_by("kind", "revision")
    run = queries.choose_run(list(runs))
    if run is None:
        return []
    data = {"month": month, "run": run, "counts": run_band_counts(run)}
    return [{"template": "scoring/includes/home_warning_counts.html", "data": data}]


def _latest_publication():
    """The latest publication of the latest published month, with its month."""
    month = Month.objects.published().newest_first().values("pk")[:1]
    return (
        ScoreRun.objects.publications()
        .filter(month=Subquery(month))
        .select_related("month")
        .order_by("-revision")[:1]
    )


def _unit_warnings(user) -> list[dict]:
    """A unit's own 红 and 黄 items in the latest publication of the latest published
    month, the month a unit's pages open on (reporting.months.shown_month: a unit sees
    no preview) (1 query, built once: actions.prepared)."""
    runs = prepared_objects(("unit-warnings-run",), _latest_publication)
    if not runs:
        return []
    run = runs[0]
    month = run.month
    unit_id = user.unit_id
    rows = run_data(
        run,
        f"home-warnings:{unit_id}:{get_language()}",
        lambda: [
            {
                "row": row,
                "band": band_word(row.band),
                "forecast": figure_text(row.forecast, row.measure_unit, estimate=True),
                "completion": percent_text(row.completion),
                "basis": basis_text(row),
            }
            for row in watch_list(run).filter(lead_unit_id=unit_id)
        ],
    )
    if not rows:
        return []
    data = {"month": month, "run": run, "warnings": rows}
    return [{"template": "scoring/includes/home_unit_warnings.html", "data": data}]
