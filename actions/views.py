"""The office's plan-year pages (年度计划, 结转)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from . import plans, services
from .forms import UnitContactForm, target_forms
from .models import Item, PlanYear, Unit
from .tables import (
    CarryOverTable,
    DroppedItemTable,
    PlanTargetTable,
    PlanYearTable,
    UnitContactTable,
)


def _plan_year_or_404(year: int) -> PlanYear:
    return get_object_or_404(PlanYear, year=year)


@login_required
@permission_required("actions.change_item", raise_exception=True)
@require_GET
def plan_years(request: HttpRequest) -> HttpResponse:
    """The plan years (年度计划), for the office: each year's targets and its 结转."""
    table = PlanYearTable(plans.plan_years())
    return render(request, "actions/plan_years.html", {"table": table})


@login_required
@permission_required("actions.change_item", raise_exception=True)
@require_http_methods(["GET", "POST"])
def carry_over(request: HttpRequest, year: int) -> HttpResponse:
    """Copy a year's plan, all items or the ticked ones, into the next year (结转)."""
    plan_year = _plan_year_or_404(year)
    if request.method == "POST":
        codes = None if request.POST.get("scope") == "all" else request.POST.getlist("codes")
        try:
            done = services.carry_over_plan(year, codes, user=request.user)
        except services.PlanError as error:
            messages.error(request, str(error))
            return redirect("actions:carry_over", year=year)
        messages.success(
            request,
            _(
                "已结转到 %(year)s 年度：行动 %(actions)s 项、事项 %(items)s 项"
                "（已有 %(already)s 项未重复结转）"
            )
            % {
                "year": done.year,
                "actions": done.actions,
                "items": done.items,
                "already": done.already,
            },
        )
        return redirect("actions:plan_targets", year=done.year)
    present = Item.objects.of_year(year + 1).filter(code=OuterRef("code"))
    items = (
        Item.objects.filter(plan_year=plan_year)
        .select_related("lead_unit")
        .annotate(already=Exists(present))
        .order_by("action__order", "action__code", "code")
    )
    table = CarryOverTable(items)
    return render(
        request,
        "actions/carry_over.html",
        {"plan_year": plan_year, "next_year": year + 1, "table": table},
    )


@login_required
@permission_required("actions.change_item", raise_exception=True)
@require_http_methods(["GET", "POST"])
def plan_targets(request: HttpRequest, year: int) -> HttpResponse:
    """A year's targets (目标值) to edit, each item beside last year's: carried over or
    new, and last year's items this year dropped."""
    plan_year = _plan_year_or_404(year)
    rows = plans.plan_rows(year)
    forms = target_forms(rows, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if all(form.is_valid() for form in forms.values()):
            # A field the request did not carry leaves its target as it is.
            targets = {
                pk: form.cleaned_data["target"]
                for pk, form in forms.items()
                if form.add_prefix("target") in request.POST
            }
            changed = services.set_targets(year, targets, user=request.user)
            messages.success(request, _("已保存，%(n)s 项目标值有变化") % {"n": changed})
            return redirect("actions:plan_targets", year=year)
        messages.error(request, _("有目标值无法识别，请按提示修改后再保存"))
    dropped = list(plans.dropped_items(year))
    context = {
        "plan_year": plan_year,
        "table": PlanTargetTable(rows, forms),
        "dropped": DroppedItemTable(dropped),
        "dropped_count": len(dropped),
        "carried": sum(1 for row in rows if row.carried),
        "new": sum(1 for row in rows if not row.carried),
        "has_last_year": PlanYear.objects.filter(year=year - 1).exists(),
    }
    return render(request, "actions/plan_targets.html", context)


@login_required
@permission_required("actions.change_unit", raise_exception=True)
@require_GET
def unit_contacts(request: HttpRequest) -> HttpResponse:
    """The units' contacts and work group robots (联系人与工作群), for the office."""
    table = UnitContactTable(Unit.objects.order_by("code"))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "actions/unit_contacts.html", {"table": table})


@login_required
@permission_required("actions.change_unit", raise_exception=True)
@require_http_methods(["GET", "POST"])
def unit_contact_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Edit one unit's contact and work group robot."""
    unit = get_object_or_404(Unit, code=code)
    form = UnitContactForm(request.POST or None, instance=Unit.objects.get(pk=unit.pk))
    if request.method == "POST" and form.is_valid():
        services.update_unit_contacts(unit, form.cleaned_data)
        messages.success(request, _("已保存%(unit)s的联系人和工作群机器人") % {"unit": unit.name})
        return redirect("actions:unit_contacts")
    return render(request, "actions/unit_contact_form.html", {"unit": unit, "form": form})
