"""Writes of the 浙政钉 links, by the office."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User

from .models import ZzdAccount


class LinkError(ValueError):
    """A link that cannot be made; the message is for the user."""


def link_account(user: User, account_id: str, employee_code: str = "") -> ZzdAccount | None:
    """Link ``user`` to a 浙政钉 account (an empty id removes the link). One account
    belongs to one login."""
    account_id, employee_code = account_id.strip(), employee_code.strip()
    with transaction.atomic():
        if not account_id:
            ZzdAccount.objects.filter(user=user).delete()
            return None
        taken = ZzdAccount.objects.filter(account_id=account_id).exclude(user=user).first()
        if taken is not None:
            raise LinkError(
                _("浙政钉账号 %(id)s 已关联到 %(user)s") % {"id": account_id, "user": taken.user}
            )
        link, _created = ZzdAccount.objects.update_or_create(
            user=user, defaults={"account_id": account_id, "employee_code": employee_code}
        )
    return link


def linked_user(account_id: str) -> User | None:
    """The login linked to a 浙政钉 account, active or not."""
    link = ZzdAccount.objects.select_related("user").filter(account_id=account_id).first()
    return link.user if link else None
