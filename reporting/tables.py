"""Tables of the reporting cycle: the review board's unit counts, the change log and a
month's 加减分."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from actions.models import UnitGroup
from scoring.figures import bonus_text

from .models import BonusPenalty, Delivery, ReminderStep, Report
from .services import step_label
from .workflow import Step

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}
# A column a phone (≤ 576px) leaves out, as the meeting's tables do.
PHONE_HIDDEN_NUM = {"td": {"class": "num hide-phone"}, "th": {"class": "num hide-phone"}}


class _UnitReviewLinks(tables.Table):
    """A table of one month's units, each unit's name linked to its review."""

    def __init__(self, *args, month_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.month_label = month_label

    def render_name(self, record, value):
        url = reverse("reporting:review_unit", args=[self.month_label, record["unit_id"]])
        return format_html('<a href="{}">{}</a>', url, value)


class UnitProgressTable(_UnitReviewLinks):
    """Per unit: its due items by state for the month (审核看板)."""

    name = tables.Column(
        verbose_name=_("单位"), order_by=("code",), attrs={"td": {"class": "text-nowrap"}}
    )
    # On a phone: the unit, what is open and whom to call; the rest on a wider screen.
    group = tables.Column(
        verbose_name=_("分组"), attrs={"td": {"class": "hide-phone"}, "th": {"class": "hide-phone"}}
    )
    due = tables.Column(verbose_name=_("应报"), attrs=PHONE_HIDDEN_NUM)
    missing = tables.Column(verbose_name=_("未填"), attrs=NUM)
    draft = tables.Column(verbose_name=_("草稿"), attrs=PHONE_HIDDEN_NUM)
    pending = tables.Column(verbose_name=_("待审核"), attrs=NUM)
    returned = tables.Column(verbose_name=_("已退回"), attrs=NUM)
    accepted = tables.Column(verbose_name=_("已通过"), attrs=PHONE_HIDDEN_NUM)
    unsubmitted = tables.Column(verbose_name=_("待报送"), attrs=NUM)
    contact = tables.Column(verbose_name=_("联系人"), empty_values=())

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle"}
        orderable = False
        empty_text = _("本月没有应报事项")

    def render_group(self, value):
        return UnitGroup(value).label

    def render_contact(self, record):
        parts = [format_html("{}", record["contact_name"] or "—")]
        if record["contact_mobile"]:
            phone = record["contact_mobile"]
            parts.append(format_html('<a class="text-nowrap" href="tel:{}">{}</a>', phone, phone))
        if record["contact_email"]:
            email = record["contact_email"]
            parts.append(format_html('<a href="mailto:{}">{}</a>', email, email))
        return format_html_join(" · ", "{}", ((part,) for part in parts))

    def render_unsubmitted(self, value):
        if not value:
            return "0"
        return format_html('<span class="badge text-bg-danger">{}</span>', value)


class MonthStatusTable(_UnitReviewLinks):
    """The office's month at a glance: each unit's due items by where they stand, each
    unit linked to its review."""

    name = tables.Column(verbose_name=_("单位"))
    missing = tables.Column(verbose_name=_("未填"), attrs=NUM)
    draft = tables.Column(verbose_name=_("草稿"), attrs=NUM)
    head_review = tables.Column(verbose_name=_("待负责人审核"), attrs=NUM)
    office_review = tables.Column(verbose_name=_("待考核办审核"), attrs=NUM)
    returned = tables.Column(verbose_name=_("已退回"), attrs=NUM)
    accepted = tables.Column(verbose_name=_("已通过"), attrs=NUM)

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "month-status"}
        orderable = False
        empty_text = _("本月没有应报事项")

    def render_head_review(self, value, record):
        # A unit without a head has no such step: its submitted reports wait for the office.
        return value if record["has_head"] else "—"


class OpenWorkTable(_UnitReviewLinks):
    """The publish checklist (发布前检查): per unit, what is still open, linked to its review."""

    name = tables.Column(verbose_name=_("单位"))
    unsent = tables.Column(verbose_name=_("未报送"), attrs=NUM)
    pending = tables.Column(verbose_name=_("待审核"), attrs=NUM)
    returned = tables.Column(verbose_name=_("已退回"), attrs=NUM)

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle"}
        orderable = False
        empty_text = _("没有未完成的月报")


# What a delivery was about, beyond the reminders and publications.
PURPOSES = {
    "todo-open": _("催报待办"),
    "todo-done": _("待办办结"),
    "comment": _("领导点评"),
    "assignment": _("交办事项"),
    "red": _("预警"),
}


class DeliveryTable(tables.Table):
    """The delivery log (发送记录): each message on each channel and its result."""

    created_at = tables.DateTimeColumn(verbose_name=_("时间"), format="Y-m-d H:i")
    unit = tables.Column(verbose_name=_("单位"), default=_("全区默认群"))
    purpose = tables.Column(verbose_name=_("事由"))
    channel = tables.Column(verbose_name=_("渠道"))
    recipient = tables.Column(verbose_name=_("接收方"))
    status = tables.Column(verbose_name=_("结果"))
    error = tables.Column(verbose_name=_("原因"), default="")
    answer = tables.Column(verbose_name=_("网关应答"), default="")  # 浙政钉's message or task id
    attempts = tables.Column(verbose_name=_("尝试次数"), attrs=NUM)

    class Meta:
        model = Delivery
        fields = (
            "created_at",
            "unit",
            "purpose",
            "channel",
            "recipient",
            "status",
            "error",
            "answer",
            "attempts",
        )
        attrs = {"class": "table table-sm align-middle", "id": "delivery-log"}
        orderable = False
        empty_text = _("还没有发送记录")

    def render_purpose(self, record):
        step, _sep, deadline = record.purpose.partition("@")
        if step.startswith("published-"):
            return _("榜单发布（第%(n)s版）") % {"n": step.removeprefix("published-")}
        kind, _dash, _rest = step.partition("-")
        todo = step[: len("todo-open")]  # "todo-open-<todo>", "todo-done-<todo>"
        if todo in PURPOSES or kind in PURPOSES:
            return PURPOSES.get(todo) or PURPOSES[kind]
        if kind in Step.values:  # a report sent back: "退回-<report>-v<version>"
            return _("月报%(step)s") % {"step": Step(kind).label}
        label = ReminderStep(step).label if step in ReminderStep.values else step
        return f"{label} · {deadline}" if deadline else label

    def render_status(self, record):
        css = {
            "sent": "text-bg-success",
            "failed": "text-bg-danger",
            "skipped": "text-bg-warning",
        }.get(record.status, "text-bg-secondary")
        return format_html('<span class="badge {}">{}</span>', css, record.get_status_display())


class ReportHistoryTable(tables.Table):
    """The change log of reports (变更记录): who, when, which step, old → new."""

    history_date = tables.DateTimeColumn(verbose_name=_("时间"), format="Y-m-d H:i:s")
    history_user = tables.Column(verbose_name=_("操作人"), default="—")
    unit = tables.Column(verbose_name=_("单位"), accessor="item__lead_unit__name", orderable=False)
    item = tables.Column(verbose_name=_("事项"), orderable=False)
    month = tables.Column(verbose_name=_("月份"), accessor="month__label", orderable=False)
    step = tables.Column(verbose_name=_("操作"), empty_values=(), orderable=False)
    changes = tables.Column(verbose_name=_("变更内容"), empty_values=(), orderable=False)

    class Meta:
        model = Report.history.model
        fields = ("history_date", "history_user", "unit", "item", "month", "step", "changes")
        attrs = {"class": "table table-sm align-middle"}
        per_page = 50
        empty_text = _("没有符合条件的变更记录")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.changes_by_id: dict[int, list] = {}

    def render_item(self, record):
        url = reverse("reporting:report_detail", args=[record.id])
        return format_html('<a href="{}">{} {}</a>', url, record.item.code, record.item.name)

    def render_step(self, record):
        return step_label(record.step, record.history_change_reason) or (
            record.get_history_type_display()
        )

    def render_changes(self, record):
        changes = self.changes_by_id.get(record.history_id, [])
        return format_html_join(
            "", '<div class="small clip-text">{}：{} → {}</div>', ((a, b, c) for a, b, c in changes)
        )


class BonusTable(tables.Table):
    """A month's 加减分: unit, points (+ / −), reason, who entered it, edit and delete."""

    unit = tables.Column(verbose_name=_("单位"), accessor="unit__name")
    group = tables.Column(verbose_name=_("分组"), accessor="unit__group")
    points = tables.Column(verbose_name=_("分值"), attrs=NUM)
    reason = tables.Column(verbose_name=_("事由"))
    created = tables.Column(verbose_name=_("录入"), accessor="created_at", empty_values=())
    links = tables.Column(verbose_name="", empty_values=())

    class Meta:
        model = BonusPenalty
        fields = ("unit", "group", "points", "reason", "created", "links")
        attrs = {"class": "table table-sm table-hover align-middle"}
        orderable = False
        empty_text = _("本月还没有加减分")

    def render_points(self, value):
        css = "text-success" if value > 0 else "text-danger"
        return format_html('<span class="{}">{}</span>', css, bonus_text(value))

    def render_created(self, record):
        when = timezone.localtime(record.created_at).strftime("%Y-%m-%d %H:%M")
        return format_html('<span class="small">{} · {}</span>', record.created_by or "—", when)

    def render_links(self, record):
        return format_html(
            '<a class="btn btn-sm btn-outline-primary" href="{}">{}</a> '
            '<a class="btn btn-sm btn-outline-danger" href="{}">{}</a>',
            reverse("reporting:bonus_change", args=[record.pk]),
            _("修改"),
            reverse("reporting:bonus_delete", args=[record.pk]),
            _("删除"),
        )
