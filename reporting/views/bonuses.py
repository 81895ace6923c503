"""The office's 加减分 pages: a month's list with the add form, a bonus's edit page with
its history, and the deletion. The rules and the writes are in reporting.bonuses."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import permission_required

from .. import bonuses
from ..filling import attach_errors
from ..forms import BonusChangeForm, BonusDeleteForm, BonusForm
from ..models import BonusPenalty, Month
from ..months import OpensOn, shown_month
from ..tables import BonusTable
from ..workflow import WorkflowError

HISTORY_TYPES = {
    "+": gettext_lazy("新增"),
    "~": gettext_lazy("修改"),
    "-": gettext_lazy("删除"),
}


def get_bonus_for_user(user, pk: int) -> BonusPenalty:
    """The 加减分 with what its pages show; the views are for the office only."""
    return get_object_or_404(
        BonusPenalty.objects.select_related("unit", "month", "created_by"), pk=pk
    )


@permission_required("reporting.manage_bonuses")
def bonus_index(request: HttpRequest) -> HttpResponse:
    month = shown_month(request.user, request.GET.get("month"), opens_on=OpensOn.OPEN).month
    if month is None:
        return render(request, "reporting/bonus_list.html", {"month": None})
    return redirect("reporting:bonus_list", month.label)


@permission_required("reporting.manage_bonuses")
def bonus_list(request: HttpRequest, label: str) -> HttpResponse:
    shown = shown_month(request.user, label, opens_on=OpensOn.OPEN)
    month = shown.month
    form = BonusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            bonuses.add_bonus(data["unit"], month, data["points"], data["reason"], request.user)
        except WorkflowError as exc:
            attach_errors(form, exc)
        else:
            _saved(request, month, _("已添加 %(unit)s 的加减分") % {"unit": data["unit"]})
            return redirect("reporting:bonus_list", month.label)
    rows = list(
        month.bonuses.select_related("unit", "created_by").order_by(
            "unit__group", "unit__code", "pk"
        )
    )
    context = {
        "month": month,
        "months": shown.months,
        "table": BonusTable(rows),
        "count": len(rows),
        "form": form,
        "correction": bonuses.is_correction(month),
    }
    return render(request, "reporting/bonus_list.html", context)


@permission_required("reporting.manage_bonuses")
def bonus_change(request: HttpRequest, pk: int) -> HttpResponse:
    bonus = get_bonus_for_user(request.user, pk)
    form = BonusChangeForm(
        request.POST or None, initial={"points": bonus.points, "reason": bonus.reason}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            bonuses.change_bonus(
                bonus, request.user, points=data["points"], reason=data["reason"], why=data["why"]
            )
        except WorkflowError as exc:
            attach_errors(form, exc)
        else:
            _saved(request, bonus.month, _("已修改 %(unit)s 的加减分") % {"unit": bonus.unit})
            return redirect("reporting:bonus_list", bonus.month.label)
    context = {
        "bonus": bonus,
        "month": bonus.month,
        "form": form,
        "history": _history(bonus),
        "correction": bonuses.is_correction(bonus.month),
    }
    return render(request, "reporting/bonus_change.html", context)


@permission_required("reporting.manage_bonuses")
def bonus_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation and a reason; only the POST deletes."""
    bonus = get_bonus_for_user(request.user, pk)
    form = BonusDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            bonuses.delete_bonus(bonus, request.user, form.cleaned_data["why"])
        except WorkflowError as exc:
            attach_errors(form, exc)
        else:
            _saved(request, bonus.month, _("已删除 %(unit)s 的加减分") % {"unit": bonus.unit})
            return redirect("reporting:bonus_list", bonus.month.label)
    context = {
        "bonus": bonus,
        "month": bonus.month,
        "form": form,
        "correction": bonuses.is_correction(bonus.month),
    }
    return render(request, "reporting/bonus_delete.html", context)


def _history(bonus: BonusPenalty) -> list[dict]:
    """The bonus's history rows, newest first, each with what changed from the one before
    (simple-history's diff_against)."""
    records = list(bonus.history.select_related("history_user").order_by("-history_id"))
    rows = []
    for record, older in zip(records, [*records[1:], None], strict=True):
        changes = []
        if older is not None and record.history_type == "~":
            delta = record.diff_against(older, included_fields=["points", "reason"])
            changes = [
                (BonusPenalty._meta.get_field(c.field).verbose_name, c.old, c.new)
                for c in delta.changes
            ]
        rows.append(
            {
                "record": record,
                "type": HISTORY_TYPES.get(record.history_type, record.history_type),
                "changes": changes,
            }
        )
    return rows


def _saved(request: HttpRequest, month: Month, done: str) -> None:
    messages.success(request, done)
    if bonuses.is_correction(month):
        # What the change did not do yet: the published boards move only with a correction.
        messages.warning(
            request,
            _("%(label)s 已发布的榜单尚未改变：在榜单页“更正发布”并填写更正原因后生效")
            % {"label": month.label},
        )
