"""Excel downloads of a month: the meeting workbook (会议材料) of the run a
board page shows, a unit's own item table, and workbooks built in the background."""

from __future__ import annotations

import io

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import permission_required
from reporting.models import Month
from reporting.queries import get_month_or_404
from scoring import boarddata
from scoring.models import ItemResult
from scoring.queries import latest_scored_month
from scoring.views import NotScored, get_board_run_for_user

from ..exports import (
    ExportError,
    export_month,
    export_unit_items,
    meeting_filename,
    unit_items_filename,
)
from ..models import ExportStatus, MeetingExport
from ..tasks import request_meeting_export

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The meeting workbook is the district's; a unit member gets only their own unit's table,
# and a URL they guess answers 404, not 403, so it does not even confirm the page.
district_export_required = permission_required("meetings.export_district", hide=True)
unit_export_required = permission_required("meetings.export_unit", hide=True)


def _xlsx_response(stream, filename: str) -> FileResponse:
    # FileResponse writes a non-ASCII name as RFC 5987 filename*=utf-8''…
    return FileResponse(stream, as_attachment=True, filename=filename, content_type=XLSX)


@district_export_required
def month_export(request: HttpRequest, month: str) -> HttpResponse:
    """会议材料 (Excel) of the run the board page shows, as a download."""
    try:
        board_run = get_board_run_for_user(request, month)
    except NotScored as exc:
        return redirect("scoring:month_boards", month=exc.month.label)
    run, label = board_run.run, board_run.month.label
    board_url = reverse("scoring:month_boards", args=[label]) + board_run.export_query
    if ItemResult.objects.filter(run=run).count() > boarddata.DIRECT_EXPORT_MAX_ITEMS:
        messages.info(request, _("本月应评事项较多，请使用“后台生成”导出会议材料"))
        return redirect(board_url)
    buffer = io.BytesIO()
    try:
        export_month(label, buffer, revision=run.revision, preview=not run.is_publication)
    except ExportError as exc:
        messages.error(request, str(exc))
        return redirect(board_url)
    buffer.seek(0)
    return _xlsx_response(buffer, meeting_filename(label, run.revision))


@unit_export_required
def unit_items_export(request: HttpRequest, month: str) -> HttpResponse:
    """本单位事项明细 (Excel): the published snapshot, else the unit's own preview."""
    unit = request.user.unit
    try:
        board_run = get_board_run_for_user(request, month, own_unit_code=unit.code)
    except NotScored as exc:  # no figures to write yet
        raise Http404 from exc
    buffer = io.BytesIO()
    export_unit_items(board_run.month, board_run.run, unit, buffer)
    buffer.seek(0)
    filename = unit_items_filename(unit.name, board_run.month.label, board_run.run.revision)
    return _xlsx_response(buffer, filename)


@unit_export_required
def unit_items_export_latest(request: HttpRequest) -> HttpResponse:
    """The home page's link: the unit's item table of the latest month with results."""
    month = latest_scored_month()
    if month is None:
        return render(request, "scoring/boards_empty.html")
    return redirect("exports:unit_items_export", month=month.label)


def get_meeting_export_for_user(user, pk: int) -> MeetingExport:
    """A background export, for leaders and the office only; 404 for anyone else."""
    if not user.has_perm("meetings.export_district"):
        raise Http404
    return get_object_or_404(MeetingExport.objects.select_related("month", "requested_by"), pk=pk)


def _render_export_list(request: HttpRequest, month: Month) -> HttpResponse:
    exports = MeetingExport.objects.filter(month=month).select_related("month", "requested_by")
    context = {"month": month, "exports": exports[:5]}
    return render(request, "scoring/_export_list.html", context)


@district_export_required
def month_exports(request: HttpRequest, month: str) -> HttpResponse:
    """The month's latest background exports (an htmx fragment of the board page)."""
    return _render_export_list(request, get_month_or_404(month))


@require_POST
@district_export_required
def export_request(request: HttpRequest, month: str) -> HttpResponse:
    """后台生成: queue the meeting workbook of the run the board page shows."""
    try:
        board_run = get_board_run_for_user(request, month)
    except NotScored as exc:
        return redirect("scoring:month_boards", month=exc.month.label)
    request_meeting_export(board_run.month, request.user, revision=board_run.run.revision)
    if request.headers.get("HX-Request"):
        return _render_export_list(request, board_run.month)
    messages.info(request, _("已提交后台生成，完成后可在本页下载"))
    board_url = reverse("scoring:month_boards", args=[board_run.month.label])
    return redirect(board_url + board_run.export_query)


@district_export_required
def export_status(request: HttpRequest, pk: int) -> HttpResponse:
    """One background export's progress; polled by htmx until it has finished."""
    export = get_meeting_export_for_user(request.user, pk)
    return render(request, "scoring/_export_status.html", {"export": export})


@district_export_required
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    export = get_meeting_export_for_user(request.user, pk)
    if export.status != ExportStatus.DONE or not export.file:
        raise Http404
    filename = meeting_filename(export.month.label, export.revision)
    return _xlsx_response(export.file.open("rb"), filename)
