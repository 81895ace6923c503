"""Writes of the outlets: API keys, the public page's switch and the webhooks. Views,
commands and tasks all call these."""

from __future__ import annotations

import datetime
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.rules import may

from . import public_cache
from .models import DEFAULT_RATE, ApiKey, PublicPage, Webhook


class OutletError(ValueError):
    """A request that cannot be honoured; the message is for the user."""


def _require_office(user) -> None:
    if not may(user, "outlets.manage"):
        raise OutletError(_("只有考核办可以执行此操作"))


def create_api_key(
    name: str, *, expires: datetime.date | None = None, rate: str = DEFAULT_RATE, user=None
) -> tuple[ApiKey, str]:
    """A new read key (接口密钥); returns it with the key itself, which is shown once and
    kept only as a hash. `expires` is the last day it works (Asia/Shanghai)."""
    _require_office(user)
    name = (name or "").strip()
    if not name:
        raise OutletError(_("请填写密钥名称"))
    if len(name) > 50:
        raise OutletError(_("密钥名称不能超过 50 个字符"))
    expiry = None
    if expires is not None:
        if expires < timezone.localdate():
            raise OutletError(_("到期日不能早于今天"))
        next_day = datetime.datetime.combine(expires + datetime.timedelta(days=1), datetime.time())
        expiry = timezone.make_aware(next_day)
    return ApiKey.objects.create_key(name=name, expiry_date=expiry, rate=rate, created_by=user)


def revoke_api_key(key: ApiKey, user=None) -> ApiKey:
    """Revoke a key for good (吊销): every later request with it is refused with 401."""
    _require_office(user)
    if not key.revoked:
        key.revoked = True
        key.save(update_fields=["revoked"])
    return key


def public_page() -> PublicPage:
    """The one switch row, created off the first time it is asked for."""
    page, _created = PublicPage.objects.get_or_create(pk=1)
    return page


def switch_public_page(enabled: bool, user=None) -> PublicPage:
    """Turn the public page (政务公开) on or off; the change is kept in its history and
    shows at the next request."""
    _require_office(user)
    with transaction.atomic():
        page = public_page()
        if page.enabled != enabled:
            page.enabled = enabled
            page._history_user = user
            page.save()
        transaction.on_commit(public_cache.forget)
    return page


def register_webhook(url: str, secret: str = "", user=None) -> Webhook:
    """Register a URL for the publish notifications; without a secret one is made."""
    _require_office(user)
    secret = (secret or "").strip() or secrets.token_urlsafe(32)
    return Webhook.objects.create(url=url.strip(), secret=secret, created_by=user)


def remove_webhook(webhook: Webhook, user=None) -> None:
    """Stop pushing to a URL; its delivery log goes with it."""
    _require_office(user)
    webhook.delete()
