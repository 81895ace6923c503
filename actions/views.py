"""Item pages: the filterable list and the 五定 page of one item."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django_tables2 import RequestConfig

from .filtersets import ItemFilter
from .models import Item
from .tables import ItemTable


def get_item_for_user(user, pk: int) -> Item:
    """The item if this user may see it, else 404 (a guessed id reveals nothing)."""
    return get_object_or_404(
        Item.objects.visible_to(user).with_card().prefetch_related("co_units"), pk=pk
    )


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    queryset = Item.objects.visible_to(request.user).with_card().order_by("code")
    item_filter = ItemFilter(request.GET, queryset=queryset)
    table = ItemTable(item_filter.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(request, "actions/item_list.html", {"filter": item_filter, "table": table})


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk)
    reports = item.reports.select_related("month", "submitted_by", "accepted_by").order_by(
        "-month__year", "-month__number"
    )
    return render(request, "actions/item_detail.html", {"item": item, "reports": reports})
