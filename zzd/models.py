"""The link between a login and a person's 浙政钉 account (浙政钉账号关联)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ZzdAccount(models.Model):
    """A login's 浙政钉 account, linked by the office: 免登 signs in only a linked
    person, and 工作通知 and 待办 reach only them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.CASCADE,
        related_name="zzd_account",
    )
    account_id = models.CharField(_("浙政钉账号 ID"), max_length=64, unique=True)
    employee_code = models.CharField(_("员工编号"), max_length=64, blank=True)
    linked_at = models.DateTimeField(_("关联时间"), auto_now=True)

    class Meta:
        verbose_name = _("浙政钉账号关联")
        verbose_name_plural = _("浙政钉账号关联")

    def __str__(self) -> str:
        return f"{self.user} · {self.account_id}"
