"""The outlets' own records: API keys and their use, the public page's switch, and the
webhooks the office registered with every try at delivering to them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey
from simple_history.models import HistoricalRecords

DEFAULT_RATE = "120/min"


def created_by_field() -> models.ForeignKey:
    """Who created a key or a webhook (创建人); kept when the login is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )


class ApiKey(AbstractAPIKey):
    """A read key for the API (接口密钥): named, kept only as a hash, expiring, revocable.
    `rate` is how many requests it may make (DRF's "n/period"), counted in the cache."""

    rate = models.CharField(_("限速"), max_length=20, default=DEFAULT_RATE)
    created_by = created_by_field()

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("接口密钥")
        verbose_name_plural = _("接口密钥")

    @property
    def last_day(self) -> datetime.date | None:
        """有效至: the last day (Asia/Shanghai) the key works, as the office gave it; the
        key is stored as expiring at the midnight that ends it."""
        if self.expiry_date is None:
            return None
        return timezone.localdate(self.expiry_date - datetime.timedelta(microseconds=1))

    @property
    def state(self) -> str:
        """可用 / 已吊销 / 已过期."""
        if self.revoked:
            return str(_("已吊销"))
        if self.has_expired:
            return str(_("已过期"))
        return str(_("可用"))


class ApiKeyUse(models.Model):
    """One request made with a key (调用记录): which key, which path, what it answered."""

    key = models.ForeignKey(
        ApiKey, verbose_name=_("接口密钥"), on_delete=models.CASCADE, related_name="uses"
    )
    path = models.CharField(_("路径"), max_length=500)
    status = models.PositiveSmallIntegerField(_("状态码"))
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("调用记录")
        verbose_name_plural = _("调用记录")
        indexes = [models.Index(fields=["-at"], name="apikeyuse_newest_first")]

    def __str__(self) -> str:
        return f"{self.key_id} {self.path} {self.status}"


class PublicPage(models.Model):
    """The public page's switch (政务公开页面): one row, off until the office turns it on;
    every change is kept in its history (who, when)."""

    enabled = models.BooleanField(_("已开启"), default=False)
    changed_at = models.DateTimeField(_("修改时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("政务公开页面")
        verbose_name_plural = _("政务公开页面")

    def __str__(self) -> str:
        return str(_("已开启") if self.enabled else _("未开启"))


class Webhook(models.Model):
    """A URL the office registered (推送地址): every publish and correction is POSTed to
    it, signed with its secret."""

    url = models.URLField(_("推送地址"), max_length=500)
    secret = models.CharField(_("签名密钥"), max_length=200)
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    created_by = created_by_field()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("推送地址")
        verbose_name_plural = _("推送地址")

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One POST of a publication to a webhook: its body, and the outcome of each try."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已送达")
        FAILED = "failed", _("失败")

    webhook = models.ForeignKey(
        Webhook, verbose_name=_("推送地址"), on_delete=models.CASCADE, related_name="deliveries"
    )
    month = models.CharField(_("月份"), max_length=7)
    revision = models.PositiveIntegerField(_("版本"))
    body = models.TextField(_("内容"))
    status = models.CharField(
        _("结果"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("推送记录")
        verbose_name_plural = _("推送记录")
        constraints = [
            # A revision is pushed to a URL once, however often the signal is heard.
            models.UniqueConstraint(
                fields=["webhook", "month", "revision"], name="webhookdelivery_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month} #{self.revision} → {self.webhook}"


class WebhookAttempt(models.Model):
    """One try at a delivery (推送尝试): when, what the receiver answered, or why not."""

    delivery = models.ForeignKey(
        WebhookDelivery,
        verbose_name=_("推送记录"),
        on_delete=models.CASCADE,
        related_name="attempts",
    )
    number = models.PositiveSmallIntegerField(_("第几次"))
    at = models.DateTimeField(_("时间"), default=timezone.now)
    status_code = models.PositiveSmallIntegerField(_("状态码"), null=True)
    error = models.CharField(_("失败原因"), max_length=500, blank=True)
    signature = models.CharField(_("签名"), max_length=200)

    class Meta:
        ordering = ["delivery", "number"]
        verbose_name = _("推送尝试")
        verbose_name_plural = _("推送尝试")

    def __str__(self) -> str:
        return f"{self.delivery} try {self.number}"

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
