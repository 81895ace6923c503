import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from scoring.figures import figure_text

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

    def render_target(self, value, record):
        return figure_text(value, record.measure_unit)


def _number(value) -> str:
    return "—" if value is None else figure_text(value)


class PlanYearTable(tables.Table):
    """The plan years (年度计划) with their counts and what the office can do with each."""

    year = tables.Column(verbose_name=_("年度"), orderable=False)
    n_actions = tables.Column(
        verbose_name=_("行动数"), orderable=False, attrs={"td": {"class": "num"}}
    )
    n_items = tables.Column(
        verbose_name=_("事项数"), orderable=False, attrs={"td": {"class": "num"}}
    )
    links = tables.Column(
        verbose_name=pgettext_lazy("表格列", "操作"), empty_values=(), orderable=False
    )

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "plan-years"}
        empty_text = _("还没有年度计划，请先导入台账")

    def render_links(self, record) -> str:
        return format_html(
            '<a class="btn btn-sm btn-outline-secondary" href="{}">{}</a> '
            '<a class="btn btn-sm btn-outline-danger" href="{}">{}</a>',
            reverse("actions:plan_targets", args=[record.year]),
            _("目标值与对比"),
            reverse("actions:carry_over", args=[record.year]),
            _("结转到 %(year)s 年度") % {"year": record.year + 1},
        )


class PickColumn(tables.CheckBoxColumn):
    @property
    def header(self):
        return _("结转")


class CarryOverTable(tables.Table):
    """Last year's items to carry over, each with a checkbox (all ticked at first)."""

    pick = PickColumn(
        accessor="code",
        attrs={"input": {"name": "codes", "class": "form-check-input", "aria-label": _("结转")}},
        checked=lambda value, record: not record.already,
    )
    code = tables.Column(verbose_name=_("编码"), orderable=False)
    name = tables.Column(verbose_name=_("事项名称"), orderable=False)
    lead_unit = tables.Column(verbose_name=_("牵头单位"), orderable=False)
    target = tables.Column(
        verbose_name=_("目标值"), orderable=False, attrs={"td": {"class": "num"}}
    )
    already = tables.Column(verbose_name=_("下一年度"), orderable=False)

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "carry-over-items"}
        empty_text = _("本年度没有事项")

    def render_target(self, value) -> str:
        return _number(value)

    def render_already(self, value) -> str:
        return _("已有") if value else "—"


class PlanTargetTable(tables.Table):
    """The year's items beside last year: carried over (上年目标值) or new, with the
    target to edit."""

    code = tables.Column(accessor="item__code", verbose_name=_("编码"), orderable=False)
    name = tables.Column(accessor="item__name", verbose_name=_("事项名称"), orderable=False)
    lead_unit = tables.Column(
        accessor="item__lead_unit", verbose_name=_("牵头单位"), orderable=False
    )
    status = tables.Column(
        accessor="carried", verbose_name=_("与上年相比"), orderable=False, empty_values=()
    )
    last_target = tables.Column(
        verbose_name=_("上年目标值"),
        orderable=False,
        empty_values=(),
        attrs={"td": {"class": "num"}},
    )
    target = tables.Column(
        accessor="item__pk", verbose_name=_("目标值"), orderable=False, empty_values=()
    )
    measure_unit = tables.Column(
        accessor="item__measure_unit", verbose_name=_("单位"), orderable=False
    )

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "plan-targets"}
        empty_text = _("本年度没有事项")

    def __init__(self, rows, forms, **kwargs):
        super().__init__(rows, **kwargs)
        self.forms = forms

    def render_status(self, value) -> str:
        if value:
            return format_html('<span class="badge text-bg-secondary">{}</span>', _("结转"))
        return format_html('<span class="badge text-bg-success">{}</span>', _("新增"))

    def render_last_target(self, record) -> str:
        return _number(record.last_target) if record.carried else "—"

    def render_target(self, value, record) -> str:
        field = self.forms[value]["target"]
        errors = format_html_join(
            "", '<div class="text-danger small">{}</div>', ((e,) for e in field.errors)
        )
        return format_html(
            '<label class="visually-hidden" for="{}">{} {}</label>{}{}',
            field.id_for_label,
            record.item.code,
            _("目标值"),
            field.as_widget(),
            errors,
        )


class DroppedItemTable(tables.Table):
    """Last year's items this year's plan dropped."""

    code = tables.Column(verbose_name=_("编码"), orderable=False)
    name = tables.Column(verbose_name=_("事项名称"), orderable=False)
    lead_unit = tables.Column(verbose_name=_("牵头单位"), orderable=False)
    target = tables.Column(
        verbose_name=_("上年目标值"), orderable=False, attrs={"td": {"class": "num"}}
    )

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "dropped-items"}
        empty_text = _("没有不再列入的事项")

    def render_target(self, value) -> str:
        return _number(value)


class UnitContactTable(tables.Table):
    """The units' contacts and work group robots (联系人与工作群), for the office: who
    the 催报 and notices reach on each channel."""

    code = tables.Column(verbose_name=_("单位编码"))
    name = tables.Column(
        verbose_name=_("单位名称"),
        linkify=("actions:unit_contact_edit", {"code": tables.A("code")}),
    )
    group = tables.Column(verbose_name=_("分组"))
    contact_name = tables.Column(verbose_name=_("联系人"), default="—")
    contact_mobile = tables.Column(verbose_name=_("手机"), default="—")
    contact_email = tables.Column(verbose_name=_("邮箱"), default="—")
    robot_webhook = tables.Column(verbose_name=_("工作群机器人"), default=_("未配置"))

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "unit-contacts"}
        empty_text = _("还没有单位")

    def render_robot_webhook(self, record):
        signed = _("已加签") if record.robot_secret else _("未加签")
        return format_html('<span class="text-success">{}</span> · {}', _("已配置"), signed)
