"""The office's pages of the outlets (对外发布): the public page's switch, API keys with
their use, webhooks with their delivery log."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from accounts.access import permission_required

from . import services
from .forms import ApiKeyForm, WebhookForm
from .models import ApiKey, ApiKeyUse, Webhook, WebhookAttempt
from .tables import ApiKeyTable, ApiKeyUseTable, WebhookAttemptTable, WebhookTable

MANAGE = "outlets.manage"


@permission_required(MANAGE)
def office(request: HttpRequest) -> HttpResponse:
    """对外发布: the public page's switch and its history, the keys, the webhooks."""
    return _office_page(request, ApiKeyForm(), WebhookForm())


def _office_page(
    request,
    key_form,
    webhook_form,
    *,
    new_key: str = "",
    new_webhook: Webhook | None = None,
    status: int = 200,
):
    page = services.public_page()
    keys = ApiKeyTable(ApiKey.objects.order_by("-created"))
    webhooks = WebhookTable(Webhook.objects.order_by("pk"))
    context = {
        "public": page,
        "switches": page.history.exclude(history_type="+")
        .select_related("history_user")
        .order_by("-history_date")[:10],
        "keys": keys,
        "webhooks": webhooks,
        "key_form": key_form,
        "webhook_form": webhook_form,
        "new_key": new_key,
        "new_webhook": new_webhook,
    }
    return render(request, "outlets/office.html", context, status=status)


@permission_required(MANAGE)
@require_POST
def switch_public(request: HttpRequest) -> HttpResponse:
    enabled = request.POST.get("enabled") == "1"
    services.switch_public_page(enabled, user=request.user)
    messages.success(request, _("榜单公开页面已开启") if enabled else _("榜单公开页面已关闭"))
    return redirect("outlets:office")


@permission_required(MANAGE)
@require_POST
def create_key(request: HttpRequest) -> HttpResponse:
    """The new key is in this response only: it is kept as a hash and never shown again."""
    form = ApiKeyForm(request.POST)
    if form.is_valid():
        try:
            _key, secret = services.create_api_key(
                form.cleaned_data["name"],
                expires=form.cleaned_data["expires"],
                rate=form.cleaned_data["rate"],
                user=request.user,
            )
        except services.OutletError as exc:
            form.add_error(None, str(exc))
        else:
            return _office_page(request, ApiKeyForm(), WebhookForm(), new_key=secret)
    return _office_page(request, form, WebhookForm(), status=400)


@permission_required(MANAGE)
@require_POST
def revoke_key(request: HttpRequest, prefix: str) -> HttpResponse:
    key = get_object_or_404(ApiKey, prefix=prefix)
    services.revoke_api_key(key, user=request.user)
    messages.success(request, _("接口密钥“%(name)s”已吊销") % {"name": key.name})
    return redirect("outlets:office")


@permission_required(MANAGE)
def openapi(request: HttpRequest) -> FileResponse:
    """接口说明: the API's OpenAPI 3 description (docs/openapi.yaml, which a test keeps
    equal to the code), for the office to hand to whoever builds on a key."""
    path = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename="showcase-api-v1-openapi.yaml",
        content_type="application/yaml; charset=utf-8",
    )


@permission_required(MANAGE)
def key_uses(request: HttpRequest) -> HttpResponse:
    """调用记录: every request made with a key, newest first."""
    table = ApiKeyUseTable(ApiKeyUse.objects.select_related("key"))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "outlets/key_uses.html", {"table": table})


@permission_required(MANAGE)
@require_POST
def register_webhook(request: HttpRequest) -> HttpResponse:
    """A secret the office left empty is made here and shown in this response only: the
    receiver needs it to check the signature, and no page shows it again."""
    form = WebhookForm(request.POST)
    if not form.is_valid():
        return _office_page(request, ApiKeyForm(), form, status=400)
    webhook = services.register_webhook(
        form.cleaned_data["url"], form.cleaned_data["secret"], user=request.user
    )
    if not form.cleaned_data["secret"].strip():
        return _office_page(request, ApiKeyForm(), WebhookForm(), new_webhook=webhook)
    messages.success(request, _("推送地址 %(url)s 已添加") % {"url": webhook.url})
    return redirect("outlets:office")


@permission_required(MANAGE)
@require_POST
def remove_webhook(request: HttpRequest, pk: int) -> HttpResponse:
    webhook = get_object_or_404(Webhook, pk=pk)
    services.remove_webhook(webhook, user=request.user)
    messages.success(request, _("推送地址已删除"))
    return redirect("outlets:office")


@permission_required(MANAGE)
def webhook_log(request: HttpRequest) -> HttpResponse:
    """推送记录: each try at each delivery, newest first."""
    attempts = WebhookAttempt.objects.select_related("delivery__webhook").order_by("-at", "-pk")
    table = WebhookAttemptTable(attempts)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "outlets/webhook_log.html", {"table": table})
