"""The month's 通报: the office edits the draft on a page and downloads it in Word."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import permission_required
from accounts.rules import may
from reporting.queries import get_month_or_404

from .. import services
from ..forms import LetterheadForm, MeetingDateForm, NoticeForm
from ..models import ExportStatus, Notice, NoticePreview
from ..notice import (
    NoticeError,
    draft_for_month,
    export_notice,
    letterhead_for,
    notice_filename,
    notice_text,
)
from ..notice.letterhead import default_letterhead
from ..notice.writes import save_letterhead, set_meeting_date
from ..tasks import request_notice_preview

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HISTORY_SHOWN = 10
district_required = permission_required("meetings.export_district", hide=True)


@district_required
def notice_edit(request: HttpRequest, label: str) -> HttpResponse:
    """The 通报 as it stands; the office saves its edit or goes back to the draft."""
    month = get_month_or_404(label)
    can_edit = may(request.user, "meetings.edit_notice")
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    notice = Notice.objects.filter(month=month).select_related("edited_by").first()
    dated = "held_on" in request.POST
    form = NoticeForm(None if dated else request.POST or None) if can_edit else None
    date_form = MeetingDateForm(request.POST if dated else None) if can_edit else None
    if dated and date_form.is_valid():
        try:
            set_meeting_date(month, date_form.cleaned_data["held_on"], request.user)
            messages.success(request, _("会议日期已保存"))
            return redirect("meetings:notice", month.label)
        except services.MeetingError as exc:
            date_form.add_error("held_on", exc.message)
    elif request.method == "POST" and not dated:
        try:
            if "discard" in request.POST:
                services.discard_notice_edits(month, request.user)
                messages.success(request, _("已恢复为按本月数据起草的通报"))
                return redirect("meetings:notice", month.label)
            if form.is_valid():
                services.save_notice(month, form.cleaned_data["text"], request.user)
                messages.success(request, _("通报已保存"))
                return redirect("meetings:notice", month.label)
        except services.MeetingError as exc:
            form.add_error("text", exc.message)
    error = ""
    text = notice.text if notice else ""
    if notice is None:
        try:
            text = draft_for_month(month)
        except NoticeError as exc:
            error = str(exc)
    if form is not None and not form.is_bound:
        form = NoticeForm(initial={"text": text})
    letterhead = letterhead_for(month)
    if date_form is not None and not date_form.is_bound:
        date_form = MeetingDateForm(initial={"held_on": letterhead.meeting_date})
    history = list(Notice.history.filter(month=month).select_related("edited_by")[:HISTORY_SHOWN])
    preview = NoticePreview.objects.filter(month=month).first()
    context = {
        "month": month,
        "notice": notice,
        "form": form,
        "text": text,
        "error": error,
        "history": history,
        "preview": preview,
        "letterhead": letterhead,
        "date_form": date_form,
    }
    return render(request, "meetings/notice_edit.html", context)


@permission_required("meetings.edit_notice")
def letterhead_edit(request: HttpRequest) -> HttpResponse:
    """The office's 版头 and 版记 of every 通报: 发文机关, 发文字号 prefix and 抄送."""
    saved = default_letterhead()
    initial = {"issuer": saved.issuer, "prefix": saved.prefix, "copy_to": saved.copy_to}
    form = LetterheadForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_letterhead(**form.cleaned_data, user=request.user)
            messages.success(request, _("通报版头已保存"))
            return redirect("meetings:letterhead")
        except services.MeetingError as exc:
            form.add_error(None, exc.message)
    return render(request, "meetings/letterhead_edit.html", {"form": form, "saved": saved})


@district_required
def notice_download(request: HttpRequest, label: str) -> HttpResponse:
    """The 通报 as it stands, as a Word file."""
    month = get_month_or_404(label)
    try:
        text = notice_text(month)
    except NoticeError as exc:
        messages.error(request, str(exc))
        return redirect("meetings:notice", month.label)
    stream = io.BytesIO()
    export_notice(month, stream, text)
    stream.seek(0)
    filename = notice_filename(month, text)
    return FileResponse(stream, as_attachment=True, filename=filename, content_type=DOCX)


@require_POST
@permission_required("meetings.edit_notice", hide=True)
def notice_preview(request: HttpRequest, label: str) -> HttpResponse:
    """Ask the worker for a PDF of the 通报 as it stands (LibreOffice)."""
    month = get_month_or_404(label)
    preview = request_notice_preview(month, request.user)
    preview.refresh_from_db()
    if preview.status == ExportStatus.FAILED:
        messages.error(request, preview.error)
    elif preview.status != ExportStatus.DONE:
        messages.info(request, _("已提交后台生成 PDF 预览，完成后可在本页查看"))
    return redirect("meetings:notice", month.label)


@district_required
def notice_preview_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A finished PDF preview of the 通报, shown in the browser."""
    preview = get_object_or_404(NoticePreview, pk=pk, status=ExportStatus.DONE)
    filename = f"{preview.month.label}-通报预览.pdf"
    return FileResponse(preview.file.open("rb"), filename=filename, content_type="application/pdf")
