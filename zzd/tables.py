import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class LinkTable(tables.Table):
    """The logins and the 浙政钉 account each is linked to (浙政钉账号), for the office."""

    username = tables.Column(
        verbose_name=_("用户名"), linkify=("zzd:account_edit", {"pk": tables.A("pk")})
    )
    display_name = tables.Column(verbose_name=_("姓名"), default="—")
    role = tables.Column(verbose_name=_("角色"))
    unit = tables.Column(verbose_name=_("单位"), default="—", order_by=("unit__code",))
    account_id = tables.Column(
        verbose_name=_("浙政钉账号 ID"), accessor="zzd_account__account_id", default=_("未关联")
    )
    employee_code = tables.Column(
        verbose_name=_("员工编号"), accessor="zzd_account__employee_code", default="—"
    )

    class Meta:
        model = User
        fields = ("username", "display_name", "role", "unit", "account_id", "employee_code")
        attrs = {"class": "table table-sm table-hover align-middle", "id": "zzd-accounts"}
        empty_text = _("还没有登录")
