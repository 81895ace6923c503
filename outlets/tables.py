from __future__ import annotations

import datetime

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import ApiKey, ApiKeyUse, Webhook, WebhookAttempt


class ApiKeyTable(tables.Table):
    """The office's keys: name, prefix (what the key starts with), state, expiry."""

    name = tables.Column(verbose_name=_("名称"))
    prefix = tables.Column(verbose_name=_("密钥前缀"))
    created = tables.DateTimeColumn(verbose_name=_("创建时间"), format="Y-m-d H:i")
    expiry_date = tables.Column(verbose_name=_("到期日"), default=_("长期"))
    rate = tables.Column(verbose_name=_("限速"))
    state = tables.Column(verbose_name=_("状态"), empty_values=(), orderable=False)
    revoke = tables.TemplateColumn(
        template_name="outlets/_revoke_button.html", verbose_name="", orderable=False
    )

    class Meta:
        model = ApiKey
        fields = ("name", "prefix", "created", "expiry_date", "rate")
        attrs = {"class": "table table-sm align-middle", "id": "api-keys"}
        orderable = False
        empty_text = _("还没有接口密钥")

    def render_expiry_date(self, value: datetime.datetime) -> str:
        # The last day the key works, as the office typed it (outlets.services.create_api_key
        # keeps the midnight after it).
        last = timezone.localtime(value - datetime.timedelta(microseconds=1))
        return last.date().isoformat()


class ApiKeyUseTable(tables.Table):
    """调用记录: every request made with a key."""

    at = tables.DateTimeColumn(verbose_name=_("时间"), format="Y-m-d H:i:s")
    key = tables.Column(verbose_name=_("接口密钥"), accessor="key__name")
    path = tables.Column(verbose_name=_("路径"))
    status = tables.Column(verbose_name=_("状态码"))

    class Meta:
        model = ApiKeyUse
        fields = ("at", "key", "path", "status")
        attrs = {"class": "table table-sm align-middle", "id": "api-key-uses"}
        orderable = False
        empty_text = _("还没有调用记录")


class WebhookTable(tables.Table):
    url = tables.Column(verbose_name=_("推送地址"))
    created_at = tables.DateTimeColumn(verbose_name=_("创建时间"), format="Y-m-d H:i")
    remove = tables.TemplateColumn(
        template_name="outlets/_remove_webhook_button.html", verbose_name="", orderable=False
    )

    class Meta:
        model = Webhook
        fields = ("url", "created_at")
        attrs = {"class": "table table-sm align-middle", "id": "webhooks"}
        orderable = False
        empty_text = _("还没有推送地址")


class WebhookAttemptTable(tables.Table):
    """推送记录: each try at each delivery, with what the receiver answered."""

    at = tables.DateTimeColumn(verbose_name=_("时间"), format="Y-m-d H:i:s")
    url = tables.Column(verbose_name=_("推送地址"), accessor="delivery__webhook__url")
    month = tables.Column(verbose_name=_("月份"), accessor="delivery__month")
    revision = tables.Column(verbose_name=_("版本"), accessor="delivery__revision")
    number = tables.Column(verbose_name=_("第几次"))
    status_code = tables.Column(verbose_name=_("结果"), empty_values=())
    signature = tables.Column(verbose_name=_("签名"))

    class Meta:
        model = WebhookAttempt
        fields = ("at", "url", "month", "revision", "number", "status_code", "signature")
        attrs = {"class": "table table-sm align-middle", "id": "webhook-log"}
        orderable = False
        empty_text = _("还没有推送记录")

    def render_status_code(self, record):
        if record.ok:
            return format_html(
                '<span class="badge text-bg-success">{} {}</span>', _("已送达"), record.status_code
            )
        return format_html(
            '<span class="badge text-bg-danger">{}</span> {}',
            _("失败"),
            record.error or record.status_code,
        )
