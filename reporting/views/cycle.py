"""Pages of the monthly reporting cycle: 本月填报, the office's review board, a report's
page with its history, the change log, and the workflow buttons. Views stay thin: the
writes are in reporting.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from accounts.access import REFUSED, next_url, permission_required
from actions.models import Item, Unit

from .. import filling, queries, services
from ..evidence import MAX_FILES, MAX_SIZE, NAME_LIMIT
from ..filling import attach_errors
from ..filtersets import ReportHistoryFilter
from ..forms import MonthOpenForm, ReasonForm, ReportForm
from ..models import Evidence, Month, MonthState, Report
from ..months import OpensOn, shown_month
from ..steps import report_steps
from ..tables import ReportHistoryTable, UnitProgressTable


def get_report_for_user(user, pk: int) -> Report:
    """The report if this user may see it, else 404 (a guessed id reveals nothing)."""
    return get_object_or_404(
        Report.objects.visible_to(user).select_related(
            "item__action",
            "item__lead_unit",
            "item__responsible_official",
            "month",
            "submitted_by",
            "accepted_by",
            "updated_by",
        ),
        pk=pk,
    )


def get_month(label: str | None) -> Month | None:
    """The month named in the URL or query (404 if there is none such), or None."""
    return queries.get_month_or_404(label) if label else None


def _back(request: HttpRequest, default: str) -> HttpResponse:
    return redirect(next_url(request, default))


# ------------------------------------------------------------------------ 本月填报


@permission_required("reporting.fill_report")
def fill(request: HttpRequest) -> HttpResponse:
    shown = shown_month(request.user, request.GET.get("month"), opens_on=OpensOn.OPEN)
    month = shown.month
    context = {"month": month, "months": shown.months}
    if month is None:
        return render(request, "reporting/fill.html", context)
    rows = queries.fill_rows(request.user.unit_id, month, shown.months)
    data = request.POST.copy() if request.method == "POST" else None
    # The unit of a head has a head: no query to ask.
    is_head = request.user.has_perm("reporting.approve_report")
    for row in rows:
        row.steps = report_steps(row.report, request.user, has_head=is_head)
        # Only what the page posted is saved: a posted form is rebuilt even if the report
        # moved on meanwhile (the user's input is kept and the refusal explained next to
        # it), and a row that became editable since the page was loaded (the office
        # returned it meanwhile) is shown afresh rather than failing the whole page.
        posted = data is not None and f"i{row.item.pk}-version" in data
        if posted or row.editable:
            row.form = ReportForm(
                data if posted else None, item=row.item, report=row.report, previous=row.previous
            )
        elif row.report is not None:  # read-only: what the unit head checks before approving
            row.flags = queries.flag_rows(row.report)
            row.changes = queries.report_changes(row.report, row.previous)
    _attach_evidence_to_read_only(rows)
    if data is not None and _save_fill_page(request, month, rows, data):
        return redirect(f"{reverse('reporting:fill')}?month={month.label}")
    # A report's state is named by whether the unit has a head (a reporter's may).
    has_head = is_head or services.unit_has_head(request.user.unit_id)
    # The items are drawn by Jinja2 (templates/jinja2/reporting/), about a quarter less
    # CPU for the page than the Django template language (bench/pages.py).
    rows_html = render_to_string(
        "reporting/fill_rows.html", {"rows": rows, "has_head": has_head}, using="jinja2"
    )
    context.update(
        rows=rows,
        rows_html=rows_html,
        has_forms=any(row.form for row in rows),
        is_head=is_head,
        awaiting_count=sum(1 for row in rows if row.steps.approve),
    )
    return render(request, "reporting/fill.html", context)


def _attach_evidence_to_read_only(rows: list) -> None:
    """The files of the reports shown read-only (what the unit head checks), in one
    query, and only when one of them has any."""
    shown = {
        row.report.pk: row
        for row in rows
        if row.form is None and row.report is not None and row.report.evidence_count
    }
    if shown:
        for evidence in Evidence.objects.filter(report_id__in=shown):
            shown[evidence.report_id].evidence.append(evidence)


def _save_fill_page(request: HttpRequest, month: Month, rows: list, data) -> bool:
    """Save (and submit) the whole page through reporting.filling; True when done."""
    forms = [row.form for row in rows if row.form is not None and row.form.is_bound]
    result = filling.save_fill_page(request.user, month, forms, data.get("action", "save"), data)
    if result.repeated:
        messages.info(request, _("该事项已报送，无需重复提交"))
        return True
    if result.invalid:
        messages.error(request, _("请修正标出的错误；本页内容均未保存。"))
        return False
    if not result.done:
        messages.error(request, _("有事项未能保存或报送，请查看标出的说明；本页内容均未保存。"))
        return False
    if result.saved or result.submitted:
        messages.success(
            request,
            _("已保存 %(saved)s 项，报送 %(submitted)s 项")
            % {"saved": result.saved, "submitted": result.submitted},
        )
    elif not result.already and not result.skipped:
        messages.info(request, _("没有需要保存的修改"))
    if result.skipped:
        messages.warning(
            request,
            ngettext(
                "%(n)s 项本月尚未填写，没有报送：%(items)s",
                "%(n)s 项本月尚未填写，没有报送：%(items)s",
                len(result.skipped),
            )
            % {"n": len(result.skipped), "items": "、".join(result.skipped)},
        )
    if result.already:
        messages.info(
            request,
            ngettext("%(n)s 项已报送，无需重复提交", "%(n)s 项已报送，无需重复提交", result.already)
            % {"n": result.already},
        )
    return True


# ------------------------------------------------------------------- office review


@permission_required("reporting.review_reports")
def review(request: HttpRequest) -> HttpResponse:
    shown = shown_month(request.user, request.GET.get("month"), opens_on=OpensOn.OPEN)
    month = shown.month
    context = {
        "month": month,
        "months": shown.months,
        # The deadline is left blank: typing the next month opens it with its own 25th
        # (the month's current deadline is shown beside the close button).
        "open_form": MonthOpenForm(
            initial={"month": month.label if month else timezone.localdate().strftime("%Y-%m")}
        ),
    }
    if month is not None:
        rows = queries.unit_progress(month)
        behind = sorted(
            (row for row in rows if row["unsubmitted"]),
            key=lambda row: (-row["unsubmitted"], row["code"]),
        )
        context.update(
            missing_table=UnitProgressTable(behind, month_label=month.label),
            table=UnitProgressTable(rows, month_label=month.label, exclude=("contact",)),
            behind=behind,
            behind_count=len(behind),
            is_open=month.state == MonthState.OPEN,
            today=timezone.localdate(),
        )
    return render(request, "reporting/review.html", context)


@permission_required("reporting.review_reports")
def review_unit(request: HttpRequest, label: str, unit_pk: int) -> HttpResponse:
    month = get_month(label)
    unit = get_object_or_404(Unit, pk=unit_pk)
    has_head = services.unit_has_head(unit.pk)
    rows = []
    for item, report, previous in queries.review_rows(unit, month):
        steps = report_steps(report, request.user, has_head=has_head)
        rows.append(
            {
                "item": item,
                "report": report,
                "previous": previous,
                "changes": queries.report_changes(report, previous),
                "flags": queries.flag_rows(report),
                "evidence": (list(report.evidence.select_related("uploaded_by")) if report else []),
                "max_files": MAX_FILES,
                "max_mb": MAX_SIZE // (1024 * 1024),
                "name_limit": NAME_LIMIT,
                "expected": queries.expected_for(item, month),
                "can_accept": steps.accept,
                "can_return": steps.send_back,
                "can_reopen": steps.reopen,
            }
        )
    context = {
        "month": month,
        "unit": unit,
        "rows": rows,
        "has_head": has_head,
        "any_acceptable": any(row["can_accept"] for row in rows),
        "flagged_waiting": sum(1 for row in rows if row["can_accept"] and row["flags"]),
        "any_returnable": any(row["can_return"] for row in rows),
    }
    return render(request, "reporting/review_unit.html", context)


@permission_required("reporting.review_reports")
@require_POST
def review_accept_unit(request: HttpRequest, label: str, unit_pk: int) -> HttpResponse:
    month = get_month(label)
    unit = get_object_or_404(Unit, pk=unit_pk)
    count, flagged = services.accept_unit(unit, month, request.user)
    messages.success(
        request, ngettext("已通过 %(n)s 份月报", "已通过 %(n)s 份月报", count) % {"n": count}
    )
    if flagged:
        messages.warning(
            request,
            ngettext(
                "%(n)s 份月报带有异常提示，须逐份查看后单独通过，未包含在全部通过中",
                "%(n)s 份月报带有异常提示，须逐份查看后单独通过，未包含在全部通过中",
                flagged,
            )
            % {"n": flagged},
        )
    return redirect("reporting:review_unit", month.label, unit.pk)


@permission_required("reporting.review_reports")
@require_POST
def review_return_unit(request: HttpRequest, label: str, unit_pk: int) -> HttpResponse:
    month = get_month(label)
    unit = get_object_or_404(Unit, pk=unit_pk)
    try:
        count = services.return_unit(unit, month, request.user, request.POST.get("reason", ""))
    except services.WorkflowError as exc:
        messages.error(request, exc.message, extra_tags=REFUSED)
    else:
        messages.success(request, _("已退回 %(n)s 份月报") % {"n": count})
    return redirect("reporting:review_unit", month.label, unit.pk)


@permission_required("reporting.open_month")
def month_open(request: HttpRequest) -> HttpResponse:
    form = MonthOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            month = services.open_month(
                form.cleaned_data["month"], form.cleaned_data["deadline"], request.user
            )
        except services.WorkflowError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(label)s 填报中，报送截止日 %(deadline)s")
                % {"label": month.label, "deadline": month.deadline.strftime("%Y-%m-%d")},
            )
            if not Item.objects.for_month(month).exists():
                messages.warning(
                    request,
                    _(
                        "%(year)s 年度计划中没有 %(label)s 应报送的事项：请先在“年度计划”中结转"
                        "上一年度，或导入本年度的台账"
                    )
                    % {"year": month.year, "label": month.label},
                )
            return redirect(f"{reverse('reporting:review')}?month={month.label}")
    return render(request, "reporting/review_month_open.html", {"form": form})


@permission_required("reporting.close_month")
@require_POST
def month_close(request: HttpRequest) -> HttpResponse:
    month = get_month(request.POST.get("month"))
    if month is None:
        raise Http404
    try:
        services.close_month(month, request.user)
    except services.WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(label)s 已关闭") % {"label": month.label})
    return redirect(f"{reverse('reporting:review')}?month={month.label}")


# ----------------------------------------------------------------- one report


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    records = list(report.history.select_related("history_user").order_by("-history_date"))
    has_head = services.unit_has_head(report.item.lead_unit_id)
    changes = queries.history_changes(records, {report.pk: has_head})
    steps = report_steps(report, request.user, has_head=has_head)
    context = {
        "report": report,
        "has_head": has_head,
        "item": report.item,
        "month": report.month,
        "flags": queries.flag_rows(report),
        "evidence": list(report.evidence.select_related("uploaded_by")),
        "max_files": MAX_FILES,
        "max_mb": MAX_SIZE // (1024 * 1024),
        "name_limit": NAME_LIMIT,
        "expected": queries.expected_for(report.item, report.month),
        "entries": [(record, changes.get(record.history_id, [])) for record in records],
        "can_edit": steps.edit,
        "can_approve": steps.approve,
        "can_accept": steps.accept,
        "can_return": steps.send_back,
        "can_reopen": steps.reopen,
        "reason_form": ReasonForm(),
    }
    return render(request, "reporting/report_detail.html", context)


def _transition(request: HttpRequest, pk: int, step, done: str) -> HttpResponse:
    """Run one step on one report; `done` names the report as %(report)s, so that a
    confirmation on a page of many reports says which one moved."""
    report = get_report_for_user(request.user, pk)
    try:
        step(report)
    except services.WorkflowError as exc:
        messages.error(request, exc.message, extra_tags=REFUSED)
    else:
        named = f"{report.item.code} {report.item.name}（{report.month.label}）"
        messages.success(request, done % {"report": named})
    return _back(request, reverse("reporting:report_detail", args=[report.pk]))


@permission_required("reporting.approve_report")
@require_POST
def report_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request,
        pk,
        lambda r: services.approve_report(r, request.user),
        _("%(report)s已审核通过，报考核办"),
    )


@permission_required("reporting.approve_report")
@require_POST
def fill_approve_all(request: HttpRequest) -> HttpResponse:
    month = get_month(request.POST.get("month"))
    if month is None:
        raise Http404
    count, flagged = services.approve_unit(month, request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "已审核通过 %(n)s 份月报，报考核办", "已审核通过 %(n)s 份月报，报考核办", count
            )
            % {"n": count},
        )
    elif not flagged:
        messages.info(request, _("没有待审核的月报"))
    if flagged:
        messages.warning(
            request,
            ngettext(
                "%(n)s 份月报带有异常提示，须逐份查看后单独审核通过，未包含在全部审核通过中",
                "%(n)s 份月报带有异常提示，须逐份查看后单独审核通过，未包含在全部审核通过中",
                flagged,
            )
            % {"n": flagged},
        )
    return redirect(f"{reverse('reporting:fill')}?month={month.label}")


@permission_required("reporting.return_report")
@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _transition(
        request,
        pk,
        lambda r: services.return_report(r, request.user, reason),
        _("%(report)s已退回"),
    )


@permission_required("reporting.review_reports")
@require_POST
def report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    def accept(report: Report) -> None:
        services.accept_report(report, request.user)
        if report.month.state == MonthState.PUBLISHED:
            messages.warning(request, _("该月已发布，通过的月报将进入更正发布"))

    return _transition(request, pk, accept, _("%(report)s已审核通过"))


@permission_required("reporting.review_reports")
@require_POST
def report_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _transition(
        request,
        pk,
        lambda r: services.reopen_report(r, request.user, reason),
        _("%(report)s已重新打开"),
    )


# --------------------------------------------------------------- change log


@permission_required("reporting.review_reports")
def history(request: HttpRequest) -> HttpResponse:
    queryset = Report.history.select_related("history_user", "item__lead_unit", "month").order_by(
        "-history_date", "-history_id"
    )
    history_filter = ReportHistoryFilter(request.GET, queryset=queryset)
    table = ReportHistoryTable(history_filter.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    records = [row.record for row in table.page.object_list]
    with_head = queries.units_with_head({record.item.lead_unit_id for record in records})
    table.changes_by_id = queries.history_changes(
        records, {record.id: record.item.lead_unit_id in with_head for record in records}
    )
    return render(request, "reporting/history.html", {"filter": history_filter, "table": table})
