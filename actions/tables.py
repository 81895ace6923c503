import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Item


class ItemTable(tables.Table):
    code = tables.Column(linkify=True, verbose_name=_("编码"))
    name = tables.Column(linkify=True, verbose_name=_("事项名称"))
    action = tables.Column(verbose_name=_("行动"), order_by=("action__order", "action__code"))
    kind = tables.Column(verbose_name=_("类型"))
    level = tables.Column(verbose_name=_("层级"))
    lead_unit = tables.Column(verbose_name=_("牵头单位"), order_by=("lead_unit__code",))
    cadence = tables.Column(
        verbose_name=_("频次"), attrs={"td": {"class": "hide-phone"}, "th": {"class": "hide-phone"}}
    )
    target = tables.Column(
        verbose_name=_("目标值"),
        attrs={"td": {"class": "num hide-phone"}, "th": {"class": "hide-phone"}},
    )
    measure_unit = tables.Column(
        verbose_name=_("单位"), attrs={"td": {"class": "hide-phone"}, "th": {"class": "hide-phone"}}
    )
    responsible_official = tables.Column(
        verbose_name=_("责任领导"),
        attrs={"td": {"class": "hide-phone"}, "th": {"class": "hide-phone"}},
    )

    class Meta:
        model = Item
        fields = (
            "code",
            "name",
            "action",
            "kind",
            "level",
            "lead_unit",
            "cadence",
            "target",
            "measure_unit",
            "responsible_official",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}
        per_page = 25
        empty_text = _("没有符合条件的事项")

    def render_target(self, value):
        return f"{value.normalize():f}"
