"""The office's one-click 催报 and the delivery log (发送记录) of every reminder and notice."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from accounts.access import next_url, permission_required

from .. import queries, services
from ..deliveries import channel_summary
from ..models import Delivery
from ..tables import DeliveryTable


@permission_required("reporting.review_reports")
@require_POST
def remind(request: HttpRequest, label: str) -> HttpResponse:
    """催报: the selected units, or (``all``) every unit still late with the month."""
    month = queries.get_month_or_404(label)
    back = next_url(request, f"{reverse('reporting:review')}?month={month.label}")
    unit_ids = None
    if not request.POST.get("all"):
        unit_ids = {int(pk) for pk in request.POST.getlist("unit") if pk.isdigit()}
        if not unit_ids:
            messages.error(request, _("请先勾选要催报的单位"))
            return redirect(back)
    reminded = services.remind_units(month, request.user, unit_ids)
    if reminded.units:
        # Read again: the queued e-mail and robot messages may have gone out by now.
        sent = Delivery.objects.filter(pk__in=[d.pk for d in reminded.deliveries])
        messages.success(
            request,
            ngettext(
                "已向 %(n)s 个单位催报：%(channels)s。详见发送记录",
                "已向 %(n)s 个单位催报：%(channels)s。详见发送记录",
                reminded.units,
            )
            % {"n": reminded.units, "channels": channel_summary(sent)},
        )
    if reminded.already:
        messages.info(
            request,
            ngettext(
                "%(n)s 个单位本截止日已催报过，未重复发送",
                "%(n)s 个单位本截止日已催报过，未重复发送",
                reminded.already,
            )
            % {"n": reminded.already},
        )
    if not reminded.units and not reminded.already:
        messages.info(request, _("所选单位均已报送，无需催报"))
    return redirect(back)


@permission_required("reporting.review_reports")
def delivery_log(request: HttpRequest) -> HttpResponse:
    """Every message sent to units, newest first, with each channel's result."""
    month = queries.get_month_or_404(request.GET["month"]) if request.GET.get("month") else None
    deliveries = Delivery.objects.select_related("unit", "month")
    if month is not None:
        deliveries = deliveries.filter(month=month)
    table = DeliveryTable(deliveries.order_by("-created_at", "-pk"))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    context = {"table": table, "month": month, "months": queries.recent_months()}
    return render(request, "reporting/delivery_log.html", context)
