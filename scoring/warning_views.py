"""The early warning (预警) pages: the month's 红 and 黄 items for the office and
leaders, and the same rows as JSON."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django_tables2 import RequestConfig

from accounts.access import permission_required
from reporting.months import pickable_months, shown_month

from . import warning_queries
from .figures import figure_text, percent_text
from .forecast import BAND_WORDS
from .fragments import run_fragment
from .models import WarningResult
from .views import NotScored, get_board_run_for_user
from .warning_tables import WarningFilter, WarningTable, basis_text

# c in the JSON: 3 places, as the 预警 sheet rounds it.
RATIO = Decimal("0.001")


@permission_required("scoring.read_preview")
def warnings_latest(request: HttpRequest) -> HttpResponse:
    month = shown_month(request.user, request.GET.get("month")).month
    if month is None:
        return render(request, "scoring/boards_empty.html")
    return redirect("scoring:warnings", month=month.label)


@permission_required("scoring.read_preview")
def warnings_page(request: HttpRequest, month: str) -> HttpResponse:
    try:
        board_run = get_board_run_for_user(request, month)
    except NotScored as exc:
        return render(request, "scoring/boards_empty.html", {"month": exc.month})
    run, month = board_run.run, board_run.month
    warning_filter = WarningFilter(
        request.GET, queryset=warning_queries.watch_list(run), year=month.year
    )
    # The trend cells read the runs shown for the year's earlier months: a rescore there
    # is a new run, so their ids in the key keep the cached table in step with them.
    shown = warning_queries.shown_runs(month.year, month.number, published_only=False)

    def build() -> dict:
        rows = list(warning_filter.qs)
        table = WarningTable(
            rows,
            trends=warning_queries.trends(shown, {row.item_id for row in rows if row.item_id}),
            # Opened on this month: its comments and 现场交办 are the month's.
            item_url=lambda pk: f"{reverse('scoring:item_trend', args=[pk])}?month={month.label}",
        )
        RequestConfig(request, paginate={"per_page": 50}).configure(table)
        return {"table_html": table.as_html(request), "counts": warning_queries.band_counts(run)}

    part = "warnings:" + ",".join(str(pk) for _, pk in sorted(shown.items()))
    context = {
        "month": month,
        "board_run": board_run,
        "run": run,
        "months": pickable_months(request.user),
        "filter": warning_filter,
        **run_fragment(request, run, part, build),
    }
    return render(request, "scoring/warnings.html", context)


def warning_json(row: WarningResult) -> dict:
    """One 预警 row as the 预警 sheet has it, with the codes beside the words: P as a
    plain number with the places the page shows, and P and c as the page writes them."""
    return {
        "item_code": row.item_code,
        "item_name": row.item_name,
        "action_code": row.action_code,
        "lead_unit_code": row.lead_unit_code,
        "lead_unit_name": row.lead_unit_name,
        "rule": row.rule,
        "band": BAND_WORDS[row.band],
        "band_code": row.band,
        "measure_unit": row.measure_unit,
        "target": figure_text(row.target, row.measure_unit, grouped=False) or None,
        "forecast": figure_text(row.forecast, row.measure_unit, estimate=True, grouped=False)
        or None,
        "completion": None if row.completion is None else str(row.completion.quantize(RATIO)),
        "forecast_text": figure_text(row.forecast, row.measure_unit, estimate=True, with_unit=True),
        "completion_text": percent_text(row.completion),
        "basis": basis_text(row),
        "basis_code": row.basis,
        "basis_month": row.basis_month,
        "missing": row.missing,
    }


@login_required
def warnings_json(request: HttpRequest, month: str) -> JsonResponse:
    """Every listed item's 预警 of the month (the run the boards show), in the plan's
    order like the 预警 page and sheet."""
    try:
        board_run = get_board_run_for_user(request, month)
    except NotScored as exc:
        return JsonResponse({"month": exc.month.label, "error": "not scored"}, status=404)
    run = board_run.run
    rows = WarningResult.objects.filter(run=run).in_plan_order()
    return JsonResponse(
        {
            "month": board_run.month.label,
            "published": run.is_publication,
            "revision": run.revision,
            "warnings": [warning_json(row) for row in rows],
        },
        json_dumps_params={"ensure_ascii": False},
    )
