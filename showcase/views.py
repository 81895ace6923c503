"""Site-wide views: the role's home page and the health check."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from .celery import app
from .home import (
    district_overview,
    home_extras,
    leader_overview,
    office_month,
    unit_items_by_action,
    unit_month,
)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_superuser or user.role == "admin":
        return redirect("admin:index")
    if user.is_unit_member:
        context = {
            "unit": user.unit,
            "groups": unit_items_by_action(user.unit),
            "unit_month": unit_month(user.unit),
            "is_head": user.has_perm("reporting.approve_report"),
        }
        context.update(home_extras(user))
        return render(request, "showcase/home_unit.html", context)
    context = {"actions": district_overview()}
    if user.is_leader:
        # The leaders' home counts 预警 in its own overview.
        context.update(home_extras(user, warnings=False))
        context.update(leader_overview(user))
        return render(request, "showcase/home_leader.html", context)
    context.update(home_extras(user))
    if user.has_perm("reporting.review_reports"):
        context["office"] = office_month()
        return render(request, "showcase/home_office.html", context)
    return render(request, "showcase/home_district.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    """Database and broker reachability, for the load balancer."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"error: {exc.__class__.__name__}"
    if settings.CELERY_BROKER_URL:
        try:
            with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
                conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
            checks["broker"] = "ok"
        except Exception as exc:
            checks["broker"] = f"error: {exc.__class__.__name__}"
    else:
        checks["broker"] = "eager"
    healthy = all(v in ("ok", "eager") for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
