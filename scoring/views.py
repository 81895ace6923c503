"""Board pages: a month's boards, a unit's drill-down, an item's trend, lagging items,
the scoring rules (评分办法), and the office's publish and rescore buttons."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import markdown
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig
from markdown.extensions.toc import slugify_unicode

from accounts.access import REFUSED, permission_required
from actions.models import Item, UnitGroup
from reporting.models import Month
from reporting.months import pickable_months, shown_month
from reporting.queries import get_month_or_404, open_work
from reporting.tables import OpenWorkTable

from . import boarddata, queries, services
from .filtersets import LaggingFilter
from .forecast_chart import add_forecast
from .fragments import run_data, run_fragment
from .models import Board, ItemResult, ScoreRun
from .tables import (
    ActionBoardTable,
    LaggingTable,
    RevisionTable,
    TrendTable,
    UnitBoardTable,
    UnitItemTable,
    kept_off_html,
)
from .tasks import queue_rescore
from .trend_figure import trend_figure


class NotScored(Exception):
    """The month has no score run yet (its rescoring is queued or has not been asked for)."""

    def __init__(self, month: Month):
        super().__init__(month.label)
        self.month = month


@dataclass
class BoardRun:
    """The month a page is about and the run it shows, already authorized."""

    month: Month
    runs: list[ScoreRun]
    run: ScoreRun
    # Set when a unit member sees their own unit's unpublished figures only.
    own_unit_only: bool = False

    @property
    def publications(self) -> list[ScoreRun]:
        return [r for r in self.runs if r.is_publication]

    @property
    def preview(self) -> ScoreRun | None:
        return next((r for r in self.runs if not r.is_publication), None)

    @property
    def export_query(self) -> str:
        """The query string that pins a download to the run this page shows."""
        return f"?revision={self.run.revision}" if self.run.is_publication else "?preview=1"

    @property
    def changed_since_publication(self) -> bool:
        publications, preview = self.publications, self.preview
        return bool(
            publications
            and preview is not None
            and preview.input_fingerprint != publications[-1].input_fingerprint
        )


def _revision_param(request: HttpRequest) -> int | None:
    raw = request.GET.get("revision")
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise Http404 from None


def get_board_run_for_user(
    request: HttpRequest, label: str, *, own_unit_code: str | None = None
) -> BoardRun:
    """The run this user may see for the month, else 404.

    Leaders and the office see the preview and every revision; a month never scored
    raises NotScored (a GET never computes: scoring follows the inputs' changes). Unit
    members see publications only, except their own unit's unpublished figures where
    `own_unit_code` names their unit.
    """
    user = request.user
    try:
        month, runs = queries.month_and_runs(label)
    except (ValueError, Month.DoesNotExist):
        raise Http404 from None
    revision = _revision_param(request)
    if user.has_perm("scoring.read_preview"):
        run = queries.choose_run(runs, revision=revision, preview="preview" in request.GET)
        if run is None and revision is None:
            raise NotScored(month)
        if run is None:
            raise Http404
        return BoardRun(month, runs, run)
    publications = [r for r in runs if r.is_publication]
    run = queries.choose_run(publications, revision=revision)
    if run is not None:
        return BoardRun(month, runs, run)
    own_code = user.unit.code if user.is_unit_member else None
    if revision is None and own_unit_code is not None and own_unit_code == own_code:
        run = queries.choose_run([r for r in runs if not r.is_publication])
        if run is not None:
            return BoardRun(month, runs, run, own_unit_only=True)
    raise Http404


@cache
def rulebook_html() -> SafeString:
    """docs/rulebook.md as HTML, rendered once per process: the file ships with the code
    and does not change while it runs."""
    text = (settings.BASE_DIR / "docs" / "rulebook.md").read_text(encoding="utf-8")
    html = markdown.markdown(
        text,
        extensions=["tables", "toc"],
        # Unicode slugs keep the Chinese headings' ids readable (#一事项按哪种规则计分).
        extension_configs={"toc": {"slugify": slugify_unicode}},
    )
    # Python-Markdown passes raw HTML through. That is safe here only because the source
    # is our own file, reviewed in the repository; never feed it user-supplied text.
    return mark_safe(html)


@login_required
def rulebook(request: HttpRequest) -> HttpResponse:
    return render(request, "scoring/rulebook.html", {"rulebook_html": rulebook_html()})


@login_required
def boards(request: HttpRequest) -> HttpResponse:
    month = shown_month(request.user, request.GET.get("month")).month
    if month is None:
        return render(request, "scoring/boards_empty.html")
    return redirect("scoring:month_boards", month=month.label)


@login_required
def month_boards(request: HttpRequest, month: str) -> HttpResponse:
    try:
        board_run = get_board_run_for_user(request, month)
    except NotScored as exc:
        return render(request, "scoring/boards_empty.html", {"month": exc.month}, status=200)
    run, label = board_run.run, board_run.month.label
    tables = run_fragment(request, run, "month_boards", lambda: _board_tables(request, run, label))
    context = {
        "month": board_run.month,
        "board_run": board_run,
        "run": run,
        "months": pickable_months(request.user),
        "boards_html": tables["html"],
        "direct_export": tables["due_items"] <= boarddata.DIRECT_EXPORT_MAX_ITEMS,
        "revision_html": _revision_html(request, board_run),
    }
    return render(request, "scoring/month_boards.html", context)


def _revision_html(request: HttpRequest, board_run: BoardRun) -> str:
    """The month's publications and corrections, drawn once per publication: each run
    is fixed once computed; who published it is read with it, and named in the key."""
    publications = board_run.publications
    if not publications:
        return ""
    part = "revisions|" + "|".join(f"{r.pk}:{r.created_by}" for r in publications)
    month_url = reverse("scoring:month_boards", args=[board_run.month.label])
    return run_fragment(
        request,
        publications[-1],
        part,
        lambda: RevisionTable(publications, month_url=month_url).as_html(request),
    )


def _board_tables(request: HttpRequest, run: ScoreRun, label: str) -> dict:
    """The 八大行动 board and the three unit boards of a run, rendered (2 queries; 3 for a
    preview, whose units with a 未报送 item show 未报送 in place of a rank)."""
    revision_query = f"?revision={run.revision}" if run.is_publication else ""
    units = queries.unit_rows(run)
    unreported = set() if run.is_publication else queries.unreported_units(run)
    kept_off = queries.kept_off_honour(run, units)
    boards_context = []
    for board in Board:
        board_rows = [row for row in units if row.board == board.value]
        groups = []
        for group, group_label in UnitGroup.choices:
            rows = [row for row in board_rows if row.group == group]

            def unit_url(code: str, board: str = board.value) -> str:
                url = reverse("scoring:unit_detail", args=[label, board, code])
                return url + revision_query

            groups.append(
                {
                    "code": group,
                    "label": group_label,
                    "table": UnitBoardTable(
                        rows,
                        unit_url=unit_url,
                        with_bonus=board == Board.DISTRICT,
                        unreported=unreported,
                    ),
                    "honour": [row for row in rows if row.honour],
                    "warning": [row for row in rows if row.warning],
                    "kept_off": [
                        (row, kept_off_html(kept_off[(row.board, row.unit_code)]))
                        for row in rows
                        if (row.board, row.unit_code) in kept_off
                    ],
                }
            )
        boards_context.append({"code": board.value, "label": board.label, "groups": groups})
    context = {"action_table": ActionBoardTable(queries.action_rows(run)), "boards": boards_context}
    return {
        "html": render_to_string("scoring/_board_tables.html", context, request),
        # Every due item is on the district board exactly once, through its lead unit.
        "due_items": sum(row.item_count for row in units if row.board == Board.DISTRICT),
    }


@login_required
def unit_detail(request: HttpRequest, month: str, board: str, unit_code: str) -> HttpResponse:
    if board not in Board.values:
        raise Http404
    try:
        board_run = get_board_run_for_user(request, month, own_unit_code=unit_code)
    except NotScored as exc:  # as the month's boards say it
        return render(request, "scoring/boards_empty.html", {"month": exc.month})
    unit_result, kept_off = queries.unit_results(board_run.run).get(
        (board, unit_code), (None, None)
    )
    if unit_result is None:
        raise Http404

    def items_table() -> str:
        results = (
            ItemResult.objects.filter(run=board_run.run, lead_unit_code=unit_code)
            .on_board(board)
            .in_plan_order()
        )
        return UnitItemTable(results, month_label=board_run.month.label).as_html(request)

    run = board_run.run
    context = {
        "month": board_run.month,
        "board_run": board_run,
        "run": run,
        "board": Board(board),
        "unit_result": unit_result,
        # In a preview, a unit with a 未报送 item has no place, as the board shows it.
        "unreported": not run.is_publication
        and unit_code in run_data(run, "unreported", lambda: queries.unreported_units(run)),
        # 较上月 as the board writes it.
        "movement": (
            _("新")
            if unit_result.movement is None
            else boarddata.movement_label(unit_result.movement)
        ),
        # Why a unit placed 1–3 is off 红榜, as the board says it.
        "kept_off": kept_off_html(kept_off) if kept_off else "",
        # The unit its comments are on; by its code (not found: no comments) if it is gone.
        "comment_unit": unit_result.unit or unit_code,
        "table_html": run_fragment(request, board_run.run, "unit_items", items_table),
    }
    return render(request, "scoring/unit_detail.html", context)


def get_item_trend_for_user(user, pk: int) -> tuple[Item, list[ItemResult]]:
    """The item and the results this user may see: all for leaders, the office and the
    item's own unit; published months only for other units; 404 when nothing is."""
    item = get_object_or_404(Item.objects.with_card(), pk=pk)
    results = _visible_history(user, item)
    if results is None:
        raise Http404
    return item, results


def _visible_history(user, item: Item) -> list[ItemResult] | None:
    """The item's results as `user` may see them; None when the user may see nothing."""
    own = user.has_perm("reporting.read_district") or user.has_perm("reporting.fill_report", item)
    results = queries.item_history(item.pk, published_only=not own)
    if not own and not results:
        return None
    return results


def _trend_chart(results: list[ItemResult], last_year: list[ItemResult]) -> dict:
    """The chart's data. With last year's results (同比) the axis is the months of the
    year, this year's and last year's lines side by side."""
    chart = {
        "rule": results[-1].rule if results else "",
        "labels": {
            "score": _("得分"),
            "value": _("完成值"),
            "expected": _("序时进度"),
            "rank": _("位次"),
            "last_score": _("上年得分"),
            "last_value": _("上年完成值"),
            "last_rank": _("上年位次"),
        },
    }
    if not last_year:
        chart["months"] = [r.run.month.label for r in results]
        numbered = [(None, r) for r in results]
    else:
        numbers = range(1, max(r.run.month.number for r in [*results, *last_year]) + 1)
        # Last year's months are laid on this year's: the same month side by side.
        year = results[-1].run.month.year if results else last_year[-1].run.month.year + 1
        chart["months"] = [f"{year:04d}-{n:02d}" for n in numbers]
        this = {r.run.month.number: r for r in results}
        last = {r.run.month.number: r for r in last_year}
        numbered = [(last.get(n), this.get(n)) for n in numbers]
        chart["last_scores"] = [_float(p and p.score) for p, _r in numbered]
        chart["last_values"] = [_float(p and p.value) for p, _r in numbered]
        chart["last_ranks"] = [p.rank if p else None for p, _r in numbered]
    chart["scores"] = [_float(r and r.score) for _p, r in numbered]
    chart["values"] = [_float(r and r.value) for _p, r in numbered]
    chart["expected"] = [_float(r and r.expected) for _p, r in numbered]
    chart["ranks"] = [r.rank if r else None for _p, r in numbered]
    chart["peer_counts"] = [r.peer_count if r else None for _p, r in numbered]
    return chart


def _float(value) -> float | None:
    return None if value is None else float(value)


@login_required
def item_trend(request: HttpRequest, pk: int) -> HttpResponse:
    item, results = get_item_trend_for_user(request.user, pk)
    own = request.user.has_perm("reporting.read_district") or request.user.has_perm(
        "reporting.fill_report", item
    )
    # 同比: the same item (same code) last year, as this user may see it.
    last_item = queries.same_item_last_year(item)
    last_year = (_visible_history(request.user, last_item) or []) if last_item else []
    same_month = {r.run.month.number: r for r in last_year}
    for result in results:
        result.last_year = same_month.get(result.run.month.number)
    chart = add_forecast(_trend_chart(results, last_year), item, published_only=not own)
    # Comments and 现场交办 here are on the month the page is opened on (the meeting month,
    # or `?month=` as a board's drill-down links it), when the item has a result then.
    shown = shown_month(request.user, request.GET.get("month")).month
    comment_month = next(
        (r.run.month for r in results if shown is not None and r.run.month_id == shown.pk),
        results[-1].run.month if results else None,
    )
    context = {
        "item": item,
        "results": results,
        "comment_month": comment_month,
        "last_item": last_item if last_year else None,
        "table": TrendTable(results, with_last_year=bool(last_year)),
        "chart": chart,
        "figure": trend_figure(chart, item.measure_unit) if results else None,
    }
    return render(request, "scoring/item_trend.html", context)


@login_required
def lagging_latest(request: HttpRequest) -> HttpResponse:
    month = shown_month(request.user, request.GET.get("month")).month
    if month is None and request.user.is_unit_member:
        # Their own unit's unpublished red items are still theirs to see.
        month = Month.objects.newest()
    if month is None:
        return render(request, "scoring/boards_empty.html")
    return redirect("scoring:lagging", month=month.label)


@login_required
def lagging(request: HttpRequest, month: str) -> HttpResponse:
    user = request.user
    own_code = user.unit.code if user.is_unit_member else None
    try:
        board_run = get_board_run_for_user(request, month, own_unit_code=own_code)
    except NotScored as exc:
        return render(request, "scoring/boards_empty.html", {"month": exc.month})
    results = queries.lagging_results(
        board_run.run, unit_id=user.unit_id if board_run.own_unit_only else None
    )
    lagging_filter = LaggingFilter(request.GET, queryset=results, year=board_run.month.year)
    table = LaggingTable(lagging_filter.qs, month_label=board_run.month.label)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    context = {
        "month": board_run.month,
        "board_run": board_run,
        "run": board_run.run,
        "months": pickable_months(user),
        "filter": lagging_filter,
        "table": table,
    }
    return render(request, "scoring/lagging.html", context)


@permission_required("scoring.publish_month")
def publish_check(request: HttpRequest, month: str) -> HttpResponse:
    """The publish checklist (发布前检查): what is still open, then publish with the
    counts named."""
    month_obj = get_month_or_404(month)
    work = open_work(month_obj)
    context = {
        "month": month_obj,
        "work": work,
        "table": OpenWorkTable(work.rows, month_label=month_obj.label),
        "published": ScoreRun.objects.publications().of_month(month_obj).exists(),
    }
    return render(request, "scoring/publish_check.html", context)


@require_POST
@permission_required("scoring.publish_month")
def publish(request: HttpRequest, month: str) -> HttpResponse:
    month_obj = get_month_or_404(month)
    work = open_work(month_obj)
    if not work.clear and request.POST.get("confirm") != work.token:
        # Publishing with reports still open is the office's call, made on the counts.
        messages.error(request, _("发布前请确认：%(summary)s") % {"summary": work.summary})
        return redirect("scoring:publish_check", month=month_obj.label)
    try:
        run, created = services.publish_month(
            month_obj.label, user=request.user, reason=request.POST.get("reason", "")
        )
    except services.PublishError as exc:
        # Back to the checklist, where static/js/keep.js puts the 更正原因 back as typed.
        messages.error(request, str(exc), extra_tags=REFUSED)
        return redirect("scoring:publish_check", month=month_obj.label)
    if not created:
        messages.info(
            request,
            _("%(label)s 无变化，未重新发布（第%(n)s版）") % {"label": month, "n": run.revision},
        )
    elif run.revision == 1:
        messages.success(request, _("%(label)s 已发布（第1版）") % {"label": month})
    else:
        messages.success(
            request, _("%(label)s 已更正发布（第%(n)s版）") % {"label": month, "n": run.revision}
        )
    return redirect("scoring:month_boards", month=month_obj.label)


@require_POST
@permission_required("scoring.rescore_month")
def rescore(request: HttpRequest, month: str) -> HttpResponse:
    month_obj = get_month_or_404(month)
    queue_rescore(month_obj)
    messages.info(request, _("已提交重新计算，预览将在完成后更新"))
    return redirect(reverse("scoring:month_boards", args=[month_obj.label]) + "?preview=1")
