"""The filterable item list (事项清单)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_tables2 import RequestConfig

from .filtersets import ItemFilter
from .models import Item
from .tables import ItemTable


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    queryset = Item.objects.visible_to(request.user).with_card().order_by("code")
    item_filter = ItemFilter(request.GET, queryset=queryset)
    table = ItemTable(item_filter.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(request, "actions/item_list.html", {"filter": item_filter, "table": table})
