"""Evidence files (佐证材料) of a report: upload, remove, download. A download passes the
report's own access rules (another unit's report → 404, whatever its id), is sent as an
attachment under the name it was uploaded with, which ends with its true extension
(RFC 5987 for Chinese names, cut to fit a disk's name limit), with `nosniff`, and
never rendered inline as a page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import permission_required

from .. import evidence as files
from .. import services
from ..models import Evidence, Report
from ..uploads import download_name
from .cycle import get_report_for_user


def get_evidence_for_user(user, pk: int) -> Evidence:
    """The file if this user may see its report, else 404."""
    return get_object_or_404(
        Evidence.objects.filter(report__in=Report.objects.visible_to(user)).select_related(
            "report__item", "report__month"
        ),
        pk=pk,
    )


@permission_required("reporting.fill_report")
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    uploads = request.FILES.getlist("file")
    if not uploads:
        messages.error(request, _("请选择要上传的文件"))
    else:
        try:
            attached = files.attach_evidence(report, uploads, request.user)
        except services.WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            names = "」「".join(evidence.name for evidence in attached)
            messages.success(request, _("已上传「%(name)s」") % {"name": names})
    return redirect(reverse("reporting:report_detail", args=[report.pk]) + "#evidence")


@permission_required("reporting.fill_report")
@require_POST
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_evidence_for_user(request.user, pk)
    try:
        files.remove_evidence(evidence, request.user)
    except services.WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已删除「%(name)s」") % {"name": evidence.name})
    return redirect(reverse("reporting:report_detail", args=[evidence.report_id]) + "#evidence")


@login_required
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_evidence_for_user(request.user, pk)
    return send_file(evidence.file, evidence.name, files.CONTENT_TYPES[evidence.kind], True)


@login_required
def evidence_thumbnail(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_evidence_for_user(request.user, pk)
    if not evidence.thumbnail:
        raise Http404
    return send_file(evidence.thumbnail, "thumbnail.jpg", "image/jpeg", False)


def send_file(field, filename: str, content_type: str, as_attachment: bool) -> HttpResponse:
    """A stored file as the answer to a request already checked. Behind nginx
    (EVIDENCE_ACCEL_REDIRECT set) nginx sends it from its internal location; otherwise
    Django streams it."""
    filename = download_name(filename)
    prefix = getattr(settings, "EVIDENCE_ACCEL_REDIRECT", "")
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + field.name
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    else:
        response = FileResponse(
            field.open("rb"),
            as_attachment=as_attachment,
            filename=filename,
            content_type=content_type,
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=0"
    return response
