"""Site-wide views: the role's home page and the health check."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.defaultfilters import truncatechars
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime

from reporting.models import Month
from reporting.months import OpensOn, plan_year_of, shown_month, working_month, working_year
from reporting.services import unit_has_head
from reporting.templatetags.reporting import remind_form_html
from scoring.queries import latest_scored_month
from zzd.gateway import enabled as zzd_enabled

from .celery import app
from .home import (
    OfficeMonth,
    district_overview,
    home_extras,
    leader_overview,
    office_month,
    unit_items_by_action,
    unit_month,
    unit_other_months,
)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_superuser or user.role == "admin":
        return redirect("admin:index")
    label = request.GET.get("month")
    if user.is_unit_member:
        # The open months are read once: the month being reported is one of them, and
        # the others are where the unit may still have reports to submit.
        open_months = list(Month.objects.open().newest_first())
        month = working_month(open_months)
        is_head = user.has_perm("reporting.approve_report")
        this_month = unit_month(user.unit, month)
        context = {
            "unit": user.unit,
            # the cards show the plan of the month being reported
            "groups": unit_items_by_action(user.unit, plan_year_of(month)),
            "unit_month": this_month,
            "other_months": unit_other_months(user.unit, month, open_months, is_head=is_head),
            "is_head": is_head,
            # A head's unit has one; else the month's counts know (a query when none open).
            "has_head": is_head
            or (this_month.has_head if this_month else unit_has_head(user.unit_id)),
            # The item table's month, named on its link: it need not be the month reported.
            "table_month": latest_scored_month(),
        }
        context.update(home_extras(user))
        return render(request, "showcase/home_unit.html", context)
    if user.is_leader:
        shown = shown_month(user, label)
        context = _district(shown.plan_year, shown=shown)
        # The leaders' home counts 预警 in its own overview.
        context.update(home_extras(user, warnings=False))
        context.update(leader_overview(user, shown.month))
        return render(request, "showcase/home_leader.html", context)
    if user.has_perm("reporting.review_reports"):
        shown = shown_month(user, label, opens_on=OpensOn.OPEN)
        context = _district(shown.plan_year, shown=shown)
        context.update(home_extras(user, months=shown.months))  # its picker lists every month
        office = office_month(shown.month)
        if office is not None:
            context.update(office=office, office_html=_office(request, office, shown.months))
        return render(request, "showcase/home_office.html", context)
    context = _district(working_year())
    context.update(home_extras(user))
    return render(request, "showcase/home_district.html", context)


def _district(year: int | None, **context) -> dict:
    """A home's plan table: the actions of the plan year the page shows, drawn by Jinja2
    (templates/jinja2/showcase/plan_table.html: a row of ten cells per action)."""
    actions = district_overview(year)
    table = render_to_string(
        "showcase/plan_table.html", {"actions": actions, "plan_year": year}, using="jinja2"
    )
    return {"actions": actions, "plan_year": year, "plan_table": table, **context}


def _office(request: HttpRequest, office: OfficeMonth, months: list[Month]) -> SafeString:
    """考核办工作台's month, drawn by Jinja2 (templates/jinja2/showcase/office_month.html)
    with the 催报 form the review board also shows; the month picker inside it stays the
    Django template other pages include."""
    picker = {"months": months, "month": office.month, "select_id": "home-month"}
    return render_to_string(
        "showcase/office_month.html",
        {
            "office": office,
            "picker": render_to_string("includes/month_picker.html", picker),
            "remind_form": remind_form_html(
                office.late_units,
                office.month,
                csrf_token=get_token(request),
                next_path=request.get_full_path(),
                zzd_on=zzd_enabled(),
            ),
            "localtime": template_localtime,
            "truncatechars": truncatechars,
            # What people typed, escaped as the Django template language escapes it.
            "escape": conditional_escape,
        },
        using="jinja2",
    )


def healthz(request: HttpRequest) -> JsonResponse:
    """Database and broker reachability (and the shared cache and bucket, when
    configured), for the load balancer."""
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
    # What every node shares besides the database, checked only when configured: a
    # shared cache that is down fails every logged-in page (sessions are read through
    # it), and a bucket that is missing or refuses the keys fails every upload.
    if isinstance(caches["default"], RedisCache):
        try:
            caches["default"].get("healthz")
            checks["cache"] = "ok"
        except Exception as exc:
            checks["cache"] = f"error: {exc.__class__.__name__}"
    if settings.AWS_STORAGE_BUCKET_NAME:
        try:
            default_storage.connection.meta.client.head_bucket(Bucket=default_storage.bucket_name)
            checks["storage"] = "ok"
        except Exception as exc:
            checks["storage"] = f"error: {exc.__class__.__name__}"
    healthy = all(v in ("ok", "eager") for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
