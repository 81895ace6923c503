"""The ledger pages (台账导入/导出), for the assessment office only: upload and preview,
confirm, progress, the blank template and the year export."""

from __future__ import annotations

import tempfile

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import permission_required
from reporting.models import JobStatus, LedgerImport, Month

from ..tasks import confirm_ledger_import
from .exporter import export_ledger
from .forms import LedgerExportForm, LedgerUploadForm
from .jobs import create_ledger_import
from .tables import LedgerErrorTable, LedgerImportTable, SheetCountTable
from .template import write_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def get_ledger_import_for_user(user, pk: int) -> LedgerImport:
    """An upload, for the office (the decorator has already refused everyone else)."""
    return get_object_or_404(LedgerImport.objects.select_related("created_by"), pk=pk)


def _default_year() -> int:
    latest = Month.objects.order_by("-year").values_list("year", flat=True).first()
    return latest or timezone.localdate().year


@permission_required("reporting.import_ledger")
@require_http_methods(["GET", "POST"])
def ledger_import(request: HttpRequest) -> HttpResponse:
    form = LedgerUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = create_ledger_import(
            form.cleaned_data["file"], request.user, form.cleaned_data["year"]
        )
        return redirect("reporting:ledger_preview", pk=upload.pk)
    recent = LedgerImport.objects.select_related("created_by")[:20]
    return render(
        request,
        "reporting/ledger_import.html",
        {
            "form": form,
            "export_form": LedgerExportForm(initial={"year": _default_year()}),
            "table": LedgerImportTable(recent),
        },
    )


def _preview_context(upload: LedgerImport) -> dict:
    outcome = upload.summary if upload.status == JobStatus.DONE else upload.preview
    return {
        "upload": upload,
        "counts": SheetCountTable(outcome.get("sheets", [])),
        "errors": LedgerErrorTable(upload.errors),
        "running": upload.status == JobStatus.RUNNING,
    }


@permission_required("reporting.import_ledger")
@require_http_methods(["GET", "POST"])
def ledger_preview(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_ledger_import_for_user(request.user, pk)
    if request.method == "POST":
        # 确认导入. A double click posts twice; only the first finds it still previewed.
        confirm_ledger_import(upload.pk)
        return redirect("reporting:ledger_preview", pk=upload.pk)
    return render(request, "reporting/ledger_preview.html", _preview_context(upload))


@permission_required("reporting.import_ledger")
@require_GET
def ledger_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment htmx polls every 2 s; once the run ends, reload the page."""
    upload = get_ledger_import_for_user(request.user, pk)
    response = render(request, "reporting/ledger_progress.html", _preview_context(upload))
    if upload.status != JobStatus.RUNNING:
        response["HX-Refresh"] = "true"
    return response


@permission_required("reporting.import_ledger")
@require_GET
def ledger_template(request: HttpRequest) -> FileResponse:
    output = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)
    write_template(output)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename="台账导入模板.xlsx", content_type=XLSX)


@permission_required("reporting.import_ledger")
@require_GET
def ledger_export(request: HttpRequest) -> HttpResponse:
    form = LedgerExportForm(request.GET or {"year": _default_year()})
    if not form.is_valid():
        message = _("年度无效，例如 ?year=2022")
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    year = form.cleaned_data["year"]
    output = tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024)
    export_ledger(year, output)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=f"台账-{year}.xlsx", content_type=XLSX)
