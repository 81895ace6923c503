"""免登 (signing in from inside 浙政钉) and the office's links of logins to 浙政钉
accounts. Every page here answers 404 while 浙政钉 is off (ZZD_* unset)."""

from __future__ import annotations

import urllib.parse
from functools import wraps

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as sign_in
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from accounts.access import next_url, permission_required
from accounts.models import User

from . import gateway, services
from .forms import LinkForm
from .tables import LinkTable

LOGIN_BACKEND = "accounts.backends.LoginBackend"


def when_enabled(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not gateway.enabled():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _local_gateway() -> bool:
    """The gateway is the local one of `manage.py zzd_gateway`: offer to type a code."""
    host = urllib.parse.urlsplit(settings.ZZD_DOMAIN).hostname or ""
    return host in {"127.0.0.1", "localhost", "::1"}


@when_enabled
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    """免登: the page gets an auth code from the 浙政钉 JSAPI and posts it here; the
    person behind it is signed in as the login the office linked to them. No login is
    ever created here."""
    context = {
        "tenant_id": settings.ZZD_TENANT_ID,
        "local_gateway": _local_gateway(),
        "next": next_url(request, reverse("home")),
    }
    if request.method == "GET":
        return render(request, "zzd/login.html", context)
    code = request.POST.get("code", "").strip()
    if not code:
        context["refusal"] = _("没有收到浙政钉的授权码，请在浙政钉中重新打开本应用")
        return render(request, "zzd/login.html", context, status=400)
    try:
        person = gateway.person_for_code(code)
    except gateway.GatewayError as exc:
        if exc.code in gateway.AUTH_CODE_ERRORS:
            # Not temporary: this code will never work; a new one comes with reopening.
            context["refusal"] = _(
                "浙政钉授权码无效或已使用过，请在浙政钉中重新打开本应用，或使用账号密码登录"
            )
            return render(request, "zzd/login.html", context, status=400)
        context["refusal"] = _("暂时无法向浙政钉确认你的身份，请稍后重试，或使用账号密码登录")
        return render(request, "zzd/login.html", context, status=503)
    user = services.linked_user(person.account_id)
    if user is None or not user.is_active:
        context["person"] = person
        if user is None:
            context["refusal"] = _("你的浙政钉账号尚未关联本平台的登录。")
            context["ask"] = _("请把下面的账号 ID 告诉考核办，由考核办关联后再打开本应用。")
        else:
            context["refusal"] = _("关联到你的浙政钉账号的登录已停用，请联系考核办")
        return render(request, "zzd/login.html", context, status=403)
    if AxesProxyHandler.is_locked(request, credentials={"username": user.username}):
        context["refusal"] = _("该登录因多次密码错误被暂时锁定，请稍后再试或联系考核办")
        return render(request, "zzd/login.html", context, status=403)
    sign_in(request, user, backend=LOGIN_BACKEND)
    return redirect(context["next"])


@when_enabled
@permission_required("zzd.link_accounts")
@require_GET
def accounts(request: HttpRequest) -> HttpResponse:
    """Every login and the 浙政钉 account linked to it."""
    logins = User.objects.select_related("unit", "zzd_account").order_by("role", "username")
    table = LinkTable(logins)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    counts = User.objects.aggregate(
        total=Count("pk"), linked=Count("pk", filter=Q(zzd_account__isnull=False))
    )
    return render(request, "zzd/account_list.html", {"table": table, **counts})


@when_enabled
@permission_required("zzd.link_accounts")
@require_http_methods(["GET", "POST"])
def account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Link one login to a 浙政钉 account, or remove the link."""
    user = get_object_or_404(User.objects.select_related("zzd_account"), pk=pk)
    link = getattr(user, "zzd_account", None)
    initial = {"account_id": link.account_id, "employee_code": link.employee_code} if link else {}
    form = LinkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.link_account(
                user, form.cleaned_data["account_id"], form.cleaned_data["employee_code"]
            )
        except services.LinkError as error:
            form.add_error("account_id", str(error))
        else:
            messages.success(request, _("已保存 %(user)s 的浙政钉账号") % {"user": user})
            return redirect("zzd:accounts")
    return render(request, "zzd/account_form.html", {"login": user, "form": form})
