"""The board pages' tables. Board tables keep the rank order: they are not sortable."""

from __future__ import annotations

from collections.abc import Callable, Collection

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from actions.models import Progress

from .boarddata import movement_label
from .figures import HonourExclusion, bonus_text, figure_text, percent_text, score_text
from .models import Band, ItemResult, Rule

PHONE_HIDDEN = {"td": {"class": "hide-phone"}, "th": {"class": "hide-phone"}}
NUM = {"td": {"class": "num"}, "th": {"class": "num"}}
NUM_PHONE_HIDDEN = {"td": {"class": "num hide-phone"}, "th": {"class": "num hide-phone"}}
NARRATIVE = {"td": {"class": "narrative"}}
NARRATIVE_PHONE_HIDDEN = {"td": {"class": "narrative hide-phone"}, "th": {"class": "hide-phone"}}
TABLE_ATTRS = {"class": "table table-sm table-hover align-middle board-table"}


def figures_text(result: ItemResult) -> str:
    """The figures behind S: A, E and c; or r/N; or the status and deadline."""
    if result.missing:
        parts = [gettext("未报送")]
    elif result.rule == Rule.RANK:
        if result.rank and result.peer_count:
            parts = [gettext("位次 %(r)s/%(n)s") % {"r": result.rank, "n": result.peer_count}]
        else:
            parts = [gettext("未填位次")]
    elif result.rule == Rule.TARGET:
        unit = result.measure_unit
        parts = [
            gettext("完成值 %(a)s%(u)s") % {"a": figure_text(result.value, unit), "u": unit},
            gettext("序时进度 %(e)s%(u)s")
            % {"e": figure_text(result.expected, unit, estimate=True), "u": unit},
        ]
        if result.completion is not None:
            parts.append(gettext("完成率 %(c)s") % {"c": percent_text(result.completion)})
    else:
        parts = [Progress(result.progress).label if result.progress else gettext("未填进度")]
    if result.rule == Rule.STATUS and result.deadline:
        parts.append(gettext("完成时限 %(d)s") % {"d": result.deadline.isoformat()})
    if result.overdue:
        parts.append(gettext("逾期"))
    return " · ".join(str(p) for p in parts)


def band_badge(band: str) -> str:
    return format_html(
        '<span class="badge badge-band-{}">{}</span>', band, Band(band).label if band else ""
    )


def _unit_row_class(record) -> str:
    # 红榜 red, 警示榜 amber, as on every printout (docs/rulebook.md).
    if record.honour:
        return "row-honour"
    if record.warning:
        return "row-warning"
    return ""


def kept_off_html(why: HonourExclusion) -> SafeString:
    """Why a unit is off 红榜, for a page: in the reader's language, each item code on one
    line (a phone broke GY-15 at its hyphen)."""
    return mark_safe(
        why.text(
            lambda message: conditional_escape(gettext(message)),
            lambda code: format_html('<span class="text-nowrap">{}</span>', code),
        )
    )


def unit_rank(rank: int, row, unreported: Collection[str]):
    """A unit's place on a board; 未报送 in a preview for a unit with a 未报送 item, which
    is not ranked (its 0.00 is no place)."""
    if row.unit_code in unreported:
        return format_html('<span class="badge text-bg-danger">{}</span>', _("未报送"))
    return rank


class UnitBoardTable(tables.Table):
    """One group (区直部门 or 乡镇街道) of a unit board: UnitRow records."""

    rank = tables.Column(verbose_name=_("排名"), attrs=NUM)
    unit_name = tables.Column(verbose_name=_("单位"))
    score = tables.Column(verbose_name=_("得分"), attrs=NUM)
    movement = tables.Column(verbose_name=_("较上月"), attrs=NUM, default=_("新"))
    base_score = tables.Column(verbose_name=_("事项得分"), attrs=NUM_PHONE_HIDDEN)
    bonus = tables.Column(verbose_name=_("加减分"), attrs=NUM_PHONE_HIDDEN)
    item_count = tables.Column(verbose_name=_("事项数"), attrs=NUM_PHONE_HIDDEN)

    class Meta:
        orderable = False
        attrs = TABLE_ATTRS
        row_attrs = {"class": _unit_row_class}
        empty_text = _("本月无上榜单位")

    def __init__(
        self,
        data,
        *,
        unit_url: Callable[[str], str],
        with_bonus: bool,
        unreported: Collection[str] = (),
        **kwargs,
    ):
        self.unit_url = unit_url
        self.unreported = unreported  # in a preview: units with a 未报送 item, not ranked
        exclude = () if with_bonus else ("base_score", "bonus")
        super().__init__(data, exclude=exclude, **kwargs)

    def render_rank(self, value, record):
        return unit_rank(value, record, self.unreported)

    def render_unit_name(self, value, record):
        return format_html('<a href="{}">{}</a>', self.unit_url(record.unit_code), value)

    def render_movement(self, record):
        return movement_label(record.movement)

    def render_bonus(self, value):
        return bonus_text(value)


class ActionBoardTable(tables.Table):
    """The 八大行动 board: ActionRow records."""

    rank = tables.Column(verbose_name=_("排名"), attrs=NUM)
    action_name = tables.Column(verbose_name=_("行动"))
    leader = tables.Column(verbose_name=_("领办领导"), attrs=PHONE_HIDDEN)
    lead_unit = tables.Column(verbose_name=_("牵头单位"), attrs=PHONE_HIDDEN)
    score = tables.Column(verbose_name=_("得分"), attrs=NUM)
    movement = tables.Column(verbose_name=_("较上月"), attrs=NUM, default=_("新"))

    class Meta:
        orderable = False
        attrs = TABLE_ATTRS
        empty_text = _("本月无到期事项")

    def render_movement(self, record):
        return movement_label(record.movement)


class ItemResultColumnsMixin:
    """The item columns of one month's results; each item links to its trend opened on
    that month (`month_label`), so its comments and 现场交办 are the month's."""

    def __init__(self, *args, month_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.month_label = month_label

    def render_item_name(self, value, record):
        if record.item_id is None:
            return value
        url = reverse("scoring:item_trend", args=[record.item_id])
        url = f"{url}?{urlencode({'month': self.month_label})}"
        return format_html(
            '<a href="{}">{}</a><div class="small text-muted">{}</div>',
            url,
            value,
            record.item_code,
        )

    def render_band(self, record):
        # `value` would be the choice's label; the badge needs the code.
        return band_badge(record.band)

    def render_figures(self, record):
        return figures_text(record)


class UnitItemTable(ItemResultColumnsMixin, tables.Table):
    """Drill-down: a unit's scored items on one board, with the figures behind S."""

    item_name = tables.Column(verbose_name=_("事项"))
    score = tables.Column(verbose_name=_("得分"), attrs=NUM)
    band = tables.Column(verbose_name=_("档次"))
    figures = tables.Column(verbose_name=_("计分依据"), empty_values=(), orderable=False)
    weight = tables.Column(verbose_name=_("权重"), attrs=NUM_PHONE_HIDDEN)
    achievement = tables.Column(verbose_name=_("实现情况"), attrs=NARRATIVE_PHONE_HIDDEN)
    problems = tables.Column(verbose_name=_("存在问题"), attrs=NARRATIVE_PHONE_HIDDEN)
    measures = tables.Column(verbose_name=_("具体措施"), attrs=NARRATIVE_PHONE_HIDDEN)

    class Meta:
        model = ItemResult
        fields = ()
        orderable = False
        attrs = TABLE_ATTRS
        row_attrs = {"class": lambda record: f"band-{record.band}"}
        empty_text = _("该单位本月在此榜单无到期事项")

    def render_weight(self, value):
        return figure_text(value)


class LaggingTable(ItemResultColumnsMixin, tables.Table):
    """排位靠后事项: the month's red items."""

    action_name = tables.Column(
        verbose_name=_("行动"),
        attrs=PHONE_HIDDEN,
        order_by=("action__order", "action_code", "item_code"),
    )
    item_name = tables.Column(verbose_name=_("事项"), order_by=("item_code",))
    lead_unit_name = tables.Column(verbose_name=_("牵头单位"), order_by=("lead_unit_code",))
    score = tables.Column(verbose_name=_("得分"), attrs=NUM)
    figures = tables.Column(
        verbose_name=_("计分依据"), empty_values=(), orderable=False, attrs=PHONE_HIDDEN
    )
    problems = tables.Column(verbose_name=_("存在问题"), attrs=NARRATIVE_PHONE_HIDDEN)
    measures = tables.Column(verbose_name=_("具体措施"), attrs=NARRATIVE_PHONE_HIDDEN)
    fix_deadline = tables.DateColumn(verbose_name=_("解决时限"), format="Y-m-d", attrs=PHONE_HIDDEN)

    class Meta:
        model = ItemResult
        fields = ()
        attrs = TABLE_ATTRS
        per_page = 50
        empty_text = _("本月没有排位靠后的事项")


class TrendTable(tables.Table):
    """An item's month-by-month results."""

    month = tables.Column(verbose_name=_("月份"), accessor="run__month__label")
    score = tables.Column(verbose_name=_("得分"), attrs=NUM)
    band = tables.Column(verbose_name=_("档次"))
    figures = tables.Column(verbose_name=_("计分依据"), empty_values=())
    last_year = tables.Column(verbose_name=_("上年同期"), empty_values=(), accessor="pk")
    source = tables.Column(verbose_name=_("口径"), empty_values=(), attrs=PHONE_HIDDEN)
    achievement = tables.Column(verbose_name=_("实现情况"), attrs=NARRATIVE_PHONE_HIDDEN)

    class Meta:
        orderable = False
        attrs = TABLE_ATTRS
        empty_text = _("尚无计分结果")

    def __init__(self, data, *, with_last_year: bool = False, **kwargs):
        # 上年同期 only for an item carried over from last year's plan.
        kwargs.setdefault("exclude", () if with_last_year else ("last_year",))
        super().__init__(data, **kwargs)

    def render_month(self, value, record):
        # A preview's month says so on a phone too, where 口径 gives way.
        if record.run.is_publication:
            return value
        return format_html(
            '{} <span class="badge text-bg-warning trend-preview">{}</span>', value, _("预览")
        )

    def render_last_year(self, record):
        last = getattr(record, "last_year", None)
        if last is None:
            return "—"
        return format_html(
            "{} {} · {}", band_badge(last.band), score_text(last.score), figures_text(last)
        )

    def render_band(self, record):
        # `value` would be the choice's label; the badge needs the code.
        return band_badge(record.band)

    def render_figures(self, record):
        return figures_text(record)

    def render_source(self, record):
        if record.run.is_publication:
            return gettext("已发布第%(n)s版") % {"n": record.run.revision}
        return gettext("未发布预览")


class RevisionTable(tables.Table):
    """A month's publications and corrections: who, when, why."""

    revision = tables.Column(verbose_name=_("版本"))
    computed_at = tables.DateTimeColumn(verbose_name=_("发布时间"), format="Y-m-d H:i")
    created_by = tables.Column(verbose_name=_("发布人"), default="—")
    reason = tables.Column(verbose_name=_("更正原因"), default="—")

    class Meta:
        orderable = False
        attrs = {"class": "table table-sm align-middle"}

    def __init__(self, data, *, month_url: str, **kwargs):
        self.month_url = month_url
        super().__init__(data, **kwargs)

    def render_revision(self, value):
        return format_html(
            '<a href="{}?revision={}">{}</a>',
            self.month_url,
            value,
            gettext("第%(n)s版") % {"n": value},
        )
