"""The meeting's tables: the assignment list, the big-screen boards and rating results."""

from __future__ import annotations

from collections.abc import Collection

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from actions.models import Progress
from scoring.figures import bonus_text, percent_text
from scoring.models import Band
from scoring.tables import unit_rank

from .models import Assignment

PHONE_HIDDEN = {"td": {"class": "hide-phone"}, "th": {"class": "hide-phone"}}
NUM = {"td": {"class": "num"}, "th": {"class": "num"}}
NOWRAP = {"td": {"class": "text-nowrap"}, "th": {"class": "text-nowrap"}}


def _movement(record, value: str) -> str:
    """较上月 on the screen: the row's ↑n / ↓n / —, or 新 in the page's language (the
    row's own label is the workbook's, always Chinese)."""
    return str(_("新")) if record.movement is None else value


def _overdue_class(record) -> str:
    return "table-danger assignment-overdue" if getattr(record, "is_overdue", False) else ""


class AssignmentTable(tables.Table):
    number = tables.Column(
        verbose_name=_("编号"), linkify=True, accessor="pk", order_by=("pk",), attrs=NOWRAP
    )
    content = tables.Column(verbose_name=_("交办内容"), linkify=True)
    responsible_unit = tables.Column(
        verbose_name=_("责任单位"), order_by=("responsible_unit__code",)
    )
    co_units = tables.ManyToManyColumn(
        verbose_name=_("配合单位"), separator="、", attrs=PHONE_HIDDEN, orderable=False
    )
    assigned_by = tables.Column(verbose_name=_("交办领导"), attrs=PHONE_HIDDEN)
    month = tables.Column(
        verbose_name=_("会议月份"),
        order_by=("month__year", "month__number"),
        attrs=PHONE_HIDDEN,
    )
    deadline = tables.DateColumn(verbose_name=_("办理时限"), format="Y-m-d", attrs=NOWRAP)
    status = tables.Column(verbose_name=_("状态"))
    latest_progress = tables.Column(
        verbose_name=_("最新进展"), orderable=False, attrs=PHONE_HIDDEN, default=""
    )

    class Meta:
        model = Assignment
        fields = (
            "number",
            "content",
            "responsible_unit",
            "co_units",
            "assigned_by",
            "month",
            "deadline",
            "status",
            "latest_progress",
        )
        attrs = {
            "class": "table table-sm table-hover align-middle",
            "id": "assignment-table",
            "thead": {"class": "text-nowrap"},
        }
        row_attrs = {"class": _overdue_class, "data-assignment": lambda record: record.pk}
        per_page = 25
        empty_text = _("没有符合条件的交办事项")

    def render_number(self, record) -> str:
        return record.number

    def render_content(self, value: str) -> str:
        return value if len(value) <= 60 else value[:60] + "…"

    def render_month(self, value) -> str:
        return value.label

    def render_status(self, record):
        badge = format_html(
            '<span class="badge text-bg-light">{}</span>', record.get_status_display()
        )
        if getattr(record, "is_overdue", False):
            return format_html('{} <span class="badge text-bg-danger">{}</span>', badge, _("逾期"))
        return badge


class ScreenActionTable(tables.Table):
    """八大行动 on the big screen, in rank order."""

    rank = tables.Column(verbose_name=_("排名"), attrs=NUM)
    action_name = tables.Column(verbose_name=_("行动"))
    leader = tables.Column(verbose_name=_("领办领导"))
    lead_unit = tables.Column(verbose_name=_("牵头单位"))
    score = tables.Column(verbose_name=_("得分"), attrs=NUM)
    movement_label = tables.Column(verbose_name=_("较上月"), attrs=NUM)

    class Meta:
        orderable = False
        attrs = {"class": "table screen-table", "id": "screen-actions"}
        empty_text = _("本月暂无评分")

    def render_movement_label(self, record, value: str) -> str:
        return _movement(record, value)


class ScreenItemTable(tables.Table):
    """One action's items on the big screen, red first."""

    item_code = tables.Column(verbose_name=_("编码"))
    item_name = tables.Column(verbose_name=_("事项"))
    lead_unit_name = tables.Column(verbose_name=_("牵头单位"))
    figure = tables.Column(verbose_name=_("完成情况"), empty_values=(), accessor="item_code")
    score = tables.Column(verbose_name=_("得分"), attrs=NUM)
    band = tables.Column(verbose_name=_("档次"))

    class Meta:
        orderable = False
        attrs = {"class": "table screen-table", "id": "screen-items"}
        row_attrs = {"class": lambda record: f"band-{record.band}"}
        empty_text = _("本月该行动无应报事项")

    def render_figure(self, record) -> str:
        if record.missing:
            return str(_("未报送"))
        if record.rank is not None:
            return f"{record.rank}/{record.peer_count}"
        if record.completion is not None:
            return percent_text(record.completion)
        if record.overdue:
            return str(_("逾期"))
        return Progress(record.progress).label if record.progress in Progress.values else ""

    def render_band(self, value: str) -> str:
        return Band(value).label if value in Band.values else value


class ScreenUnitTable(tables.Table):
    """One group of a unit board on the big screen, in rank order."""

    rank = tables.Column(verbose_name=_("排名"), attrs=NUM)
    unit_name = tables.Column(verbose_name=_("单位"))
    score = tables.Column(verbose_name=_("得分"), attrs=NUM)
    movement_label = tables.Column(verbose_name=_("较上月"), attrs=NUM)

    class Meta:
        orderable = False
        attrs = {"class": "table screen-table"}
        row_attrs = {
            "class": lambda record: (
                "screen-honour" if record.honour else "screen-warning" if record.warning else ""
            )
        }

    def __init__(self, data, *, unreported: Collection[str] = (), **kwargs):
        self.unreported = unreported  # in a preview: units with a 未报送 item, not ranked
        super().__init__(data, **kwargs)

    def render_rank(self, value, record):
        return unit_rank(value, record, self.unreported)

    def render_movement_label(self, record, value: str) -> str:
        return _movement(record, value)


class ScreenAssignmentTable(tables.Table):
    """交办事项 on the big screen: an action's open ones, or those carried over."""

    number = tables.Column(verbose_name=_("编号"), accessor="pk", attrs=NOWRAP)
    content = tables.Column(verbose_name=_("交办内容"))
    responsible_unit = tables.Column(verbose_name=_("责任单位"))
    deadline = tables.DateColumn(verbose_name=_("办理时限"), format="Y-m-d", attrs=NOWRAP)
    status = tables.Column(verbose_name=_("状态"))

    class Meta:
        orderable = False
        attrs = {"class": "table screen-table", "id": "screen-assignments"}
        row_attrs = {"class": lambda record: "band-red" if record.is_overdue else ""}

    def render_number(self, record) -> str:
        return record.number

    def render_status(self, record):
        if record.is_overdue:
            return format_html("{} · {}", record.get_status_display(), _("逾期"))
        return record.get_status_display()


class RatingResultTable(tables.Table):
    """Each presenting unit's rating: votes and trimmed mean, best first."""

    position = tables.Column(verbose_name=_("名次"), attrs=NUM, default="")
    unit = tables.Column(verbose_name=_("单位"))
    vote_count = tables.Column(verbose_name=_("票数"), attrs=NUM)
    mean = tables.Column(verbose_name=_("测评均分"), attrs=NUM, default="—")
    bonus_points = tables.Column(verbose_name=_("计入加分"), attrs=NUM, default="")

    class Meta:
        orderable = False
        attrs = {"class": "table rating-results", "id": "rating-results-table"}
        row_attrs = {"data-unit": lambda record: record.unit.code}
        empty_text = _("暂无汇报单位")

    def render_bonus_points(self, value):
        return bonus_text(value)


class SeatTable(tables.Table):
    """The printable list of guest seats (席位码)."""

    number = tables.Column(verbose_name=_("席位号"), attrs=NUM)
    code = tables.Column(verbose_name=_("席位码"), attrs={"td": {"class": "seat-code"}})
    link = tables.Column(verbose_name=_("打分链接"), empty_values=(), orderable=False)
    qr = tables.Column(verbose_name=_("二维码"), empty_values=(), orderable=False)

    class Meta:
        orderable = False
        attrs = {"class": "table table-bordered seat-table", "id": "seat-table"}

    def __init__(self, *args, vote_url: str, qr_codes: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.vote_url, self.qr_codes = vote_url, qr_codes

    def render_link(self, record) -> str:
        return f"{self.vote_url}?seat={record.code}"

    def render_qr(self, record):
        # Generated by qrcode from our own URL: markup we made, not user input.
        return format_html('<div class="seat-qr">{}</div>', mark_safe(self.qr_codes[record.code]))
