"""Pages around the cycle: a user's notices (通知), the item list (事项清单, in the plan
year of the month being reported unless another is chosen) and an item's page (五定 and
its monthly reports)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from accounts.access import is_safe_url
from actions.filtersets import ItemFilter
from actions.models import Item, PlanYear
from actions.tables import ItemTable

from .. import services
from ..models import Notification
from ..months import working_year

# ------------------------------------------------------------------ notices


@login_required
@require_POST
def notice_read(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    if is_safe_url(request, notice.url):
        return redirect(notice.url)
    return redirect("home")


@login_required
@require_POST
def notices_read_all(request: HttpRequest) -> HttpResponse:
    Notification.objects.for_user(request.user).unread().update(read_at=timezone.now())
    return redirect("home")


def get_item_for_user(user, pk: int) -> Item:
    """The item if this user may see it, else 404 (a guessed id reveals nothing)."""
    return get_object_or_404(
        Item.objects.visible_to(user).with_card().prefetch_related("co_units"), pk=pk
    )


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The 五定 page of one item with its monthly reports."""
    item = get_item_for_user(request.user, pk)
    reports = item.reports.select_related("month", "submitted_by", "accepted_by").order_by(
        "-month__year", "-month__number"
    )
    context = {
        "item": item,
        "reports": reports,
        "has_head": services.unit_has_head(item.lead_unit_id),
    }
    return render(request, "reporting/item_detail.html", context)


# ------------------------------------------------------------------ the item list


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    queryset = (
        Item.objects.visible_to(request.user)
        .with_card()
        .order_by("action__order", "action__code", "code")
    )
    year = working_year()
    item_filter = ItemFilter(request.GET, queryset=queryset, default_year=year)
    if year is not None and not request.GET.get("plan_year") and "plan_year" in item_filter.errors:
        # The month being reported is of a year with no plan yet (opened before its plan
        # was carried over): the plan in force, never every year's items at once.
        plan = PlanYear.objects.adopted_by(year)
        default = plan.year if plan is not None else None
        item_filter = ItemFilter(request.GET, queryset=queryset, default_year=default)
    table = ItemTable(item_filter.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(request, "actions/item_list.html", {"filter": item_filter, "table": table})
