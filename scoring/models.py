"""Scored months: the live preview and the published, frozen snapshots.

A `ScoreRun` is one scoring of a month. The preview (预览) is replaced whenever the
month is rescored; publications (发布) are numbered revisions that are never changed or
deleted. Every result row copies the item, unit and action fields it shows, so a
published board renders the same forever, whatever is edited afterwards.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from actions.models import Action, Item, ItemKind, Level, Progress, Unit, UnitGroup
from reporting.models import Month, months_before

from . import forecast, rulebook
from .boarddata import BAND_LABELS, BOARD_LABELS

SCORE = {"max_digits": 12, "decimal_places": 2}
FIGURE = {"max_digits": 20, "decimal_places": 4}  # reported values, targets, E
RATIO = {"max_digits": 12, "decimal_places": 4}  # completion c


class RunKind(models.TextChoices):
    PREVIEW = "preview", _("预览")
    PUBLICATION = "publication", _("发布")


class RunStatus(models.TextChoices):
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class Board(models.TextChoices):
    PROVINCE = "province", _(BOARD_LABELS["province"])
    CITY = "city", _(BOARD_LABELS["city"])
    DISTRICT = "district", _(BOARD_LABELS["district"])


class Band(models.TextChoices):
    GREEN = "green", _(BAND_LABELS["green"])
    YELLOW = "yellow", _(BAND_LABELS["yellow"])
    RED = "red", _(BAND_LABELS["red"])


class Rule(models.TextChoices):
    RANK = "rank", _("位次")
    TARGET = "target", _("目标")
    STATUS = "status", _("进度")


class PublishedRunError(Exception):
    """Raised on any attempt to change or delete a published run or its rows."""


class ScoreRunQuerySet(models.QuerySet):
    def previews(self) -> ScoreRunQuerySet:
        return self.filter(kind=RunKind.PREVIEW)

    def publications(self) -> ScoreRunQuerySet:
        return self.filter(kind=RunKind.PUBLICATION)

    def of_month(self, month: Month) -> ScoreRunQuerySet:
        return self.filter(month=month)

    def earlier_than(self, month: Month) -> ScoreRunQuerySet:
        return self.filter(months_before(month, "month__"))

    def earlier_in_year(self, month: Month) -> ScoreRunQuerySet:
        """Runs of the months before `month` in the same plan year (movement restarts
        with the year)."""
        return self.filter(month__year=month.year, month__number__lt=month.number)

    def later_in_year(self, month: Month) -> ScoreRunQuerySet:
        return self.filter(month__year=month.year, month__number__gt=month.number)

    def newest_first(self) -> ScoreRunQuerySet:
        return self.order_by("-month__year", "-month__number", "-revision")


class ScoreRun(models.Model):
    """One scoring of a month (月度计分): the live preview or a published revision (第n版)."""

    month = models.ForeignKey(
        Month, verbose_name=_("月份"), on_delete=models.PROTECT, related_name="score_runs"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=RunKind.choices)
    revision = models.PositiveIntegerField(_("版本"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=RunStatus.choices, default=RunStatus.DONE
    )
    error = models.TextField(_("错误"), blank=True)
    computed_at = models.DateTimeField(_("计算时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("更正原因"), blank=True)
    input_fingerprint = models.CharField(_("输入指纹"), max_length=64, blank=True)

    objects = ScoreRunQuerySet.as_manager()

    class Meta:
        ordering = ["month__year", "month__number", "kind", "revision"]
        verbose_name = _("计分结果")
        verbose_name_plural = _("计分结果")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "revision"],
                condition=Q(kind="publication"),
                name="scorerun_unique_month_revision",
            ),
            models.UniqueConstraint(
                fields=["month"], condition=Q(kind="preview"), name="scorerun_one_preview"
            ),
            models.CheckConstraint(
                condition=(Q(kind="preview") & Q(revision__isnull=True))
                | (Q(kind="publication") & Q(revision__gte=1)),
                name="scorerun_revision_iff_publication",
            ),
        ]
        indexes = [
            # Previous ranks and the month switcher look for the latest publication.
            models.Index(fields=["kind", "month", "revision"], name="scorerun_kind_month_rev"),
        ]

    def __str__(self) -> str:
        if self.is_publication:
            return _("%(month)s 第%(revision)s版") % {
                "month": self.month,
                "revision": self.revision,
            }
        return _("%(month)s 预览") % {"month": self.month}

    def save(self, *args, **kwargs):
        if self.is_publication and not self._state.adding:
            raise PublishedRunError(_("已发布的榜单不能修改，请重新发布一个更正版本"))
        super().save(*args, **kwargs)

    @property
    def is_publication(self) -> bool:
        return self.kind == RunKind.PUBLICATION

    @property
    def is_correction(self) -> bool:
        return self.is_publication and (self.revision or 0) > 1


@receiver(pre_delete, sender=ScoreRun)
def _refuse_deleting_publications(sender, instance: ScoreRun, **kwargs) -> None:
    # Also fires for QuerySet.delete() and cascades, unlike an overridden delete().
    if instance.is_publication:
        raise PublishedRunError(_("已发布的榜单不能删除"))


class ResultRow(models.Model):
    """Rows are written once, in bulk, and never updated."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PublishedRunError(_("计分结果只能整体重算，不能逐行修改"))
        super().save(*args, **kwargs)


# The plan's action order (Action.order) through the result's action; a result whose
# action is gone sorts last.
PLAN_ORDER = F("action__order").asc(nulls_last=True)


class ItemRowQuerySet(models.QuerySet):
    def in_plan_order(self, *first: str) -> ItemRowQuerySet:
        """In the plan's order, after the fields named `first`: by action (行动顺序),
        then action and item code. The boards, the 预警 page, its JSON and the meeting
        workbook all list items so."""
        return self.order_by(*first, PLAN_ORDER, "action_code", "item_code")


class ItemRow(ResultRow):
    """What an item's row in a run copies of the item, whatever the run computes from it:
    the score (ItemResult) and the early warning (WarningResult)."""

    item = models.ForeignKey(
        Item, verbose_name=_("事项"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    item_code = models.CharField(_("事项编码"), max_length=32)
    item_name = models.CharField(_("事项名称"), max_length=200)
    level = models.CharField(_("考核层级"), max_length=16, choices=Level.choices)
    action = models.ForeignKey(
        Action, verbose_name=_("行动"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action_code = models.CharField(_("行动编码"), max_length=32)
    action_name = models.CharField(_("行动名称"), max_length=100)
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("牵头单位"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    lead_unit_code = models.CharField(_("牵头单位编码"), max_length=32)
    lead_unit_name = models.CharField(_("牵头单位"), max_length=100)
    target = models.DecimalField(_("目标值"), null=True, **FIGURE)
    measure_unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    deadline = models.DateField(_("完成时限"), null=True)
    rule = models.CharField(_("计分规则"), max_length=16, choices=Rule.choices)
    missing = models.BooleanField(_("未报送"), default=False)
    value = models.DecimalField(_("完成值"), null=True, **FIGURE)
    rank = models.PositiveIntegerField(_("位次"), null=True)
    peer_count = models.PositiveIntegerField(_("参评数"), null=True)
    progress = models.CharField(_("进度状态"), max_length=16, choices=Progress.choices, blank=True)

    objects = ItemRowQuerySet.as_manager()

    class Meta(ResultRow.Meta):
        abstract = True


class ItemResultQuerySet(ItemRowQuerySet):
    def lagging(self) -> ItemResultQuerySet:
        """排位靠后: the rulebook's lagging band (MonthBoards.lagging reads the same)."""
        return self.filter(band=rulebook.LAGGING_BAND)

    def on_board(self, board: str) -> ItemResultQuerySet:
        """The items a unit board takes: 省考/市考 items, or every item on the district board."""
        if board == Board.DISTRICT:
            return self
        return self.filter(level=board)


class ItemResult(ItemRow):
    """An item's score (事项得分) S in one run, with the figures and text behind it."""

    run = models.ForeignKey(
        ScoreRun, verbose_name=_("计分结果"), on_delete=models.CASCADE, related_name="item_results"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=ItemKind.choices)
    responsible_official = models.CharField(_("责任领导"), max_length=50, blank=True)
    weight = models.DecimalField(_("权重"), max_digits=8, decimal_places=2)

    score = models.DecimalField(_("得分"), **SCORE)
    band = models.CharField(_("档次"), max_length=16, choices=Band.choices)
    overdue = models.BooleanField(_("逾期"), default=False)
    expected = models.DecimalField(_("序时进度"), null=True, **FIGURE)
    completion = models.DecimalField(_("完成率"), null=True, **RATIO)

    achievement = models.TextField(_("实现情况"), blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    measures = models.TextField(_("具体措施"), blank=True)
    fix_unit = models.CharField(_("责任单位"), max_length=200, blank=True)
    fix_deadline = models.DateField(_("解决时限"), null=True)

    objects = ItemResultQuerySet.as_manager()

    class Meta:
        ordering = ["action_code", "item_code"]
        verbose_name = _("事项得分")
        verbose_name_plural = _("事项得分")
        constraints = [
            models.UniqueConstraint(fields=["run", "item"], name="itemresult_unique_run_item"),
        ]
        indexes = [
            models.Index(fields=["run", "lead_unit_code"], name="itemresult_unit_drilldown"),
            models.Index(fields=["run", "band"], name="itemresult_lagging"),
            models.Index(fields=["item", "run"], name="itemresult_item_trend"),
        ]

    def __str__(self) -> str:
        return f"{self.item_code} {self.score}"


class UnitResult(ResultRow):
    """A unit's line (单位得分) on one of the three unit boards."""

    run = models.ForeignKey(
        ScoreRun, verbose_name=_("计分结果"), on_delete=models.CASCADE, related_name="unit_results"
    )
    board = models.CharField(_("榜单"), max_length=16, choices=Board.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    unit_code = models.CharField(_("单位编码"), max_length=32)
    unit_name = models.CharField(_("单位名称"), max_length=100)
    group = models.CharField(_("分组"), max_length=16, choices=UnitGroup.choices)
    base_score = models.DecimalField(_("事项得分"), **SCORE)
    bonus = models.DecimalField(_("加减分"), **SCORE)
    # The month's 加减分 with their reasons, as [{"points": "2.00", "reason": "..."}].
    bonus_detail = models.JSONField(_("加减分明细"), default=list, blank=True)
    score = models.DecimalField(_("得分"), **SCORE)
    rank = models.PositiveIntegerField(_("排名"))
    movement = models.IntegerField(_("较上月"), null=True)
    item_count = models.PositiveIntegerField(_("事项数"))
    honour = models.BooleanField(_("红榜"), default=False)
    warning = models.BooleanField(_("警示榜"), default=False)

    class Meta:
        ordering = ["board", "group", "rank", "unit_code"]
        verbose_name = _("单位得分")
        verbose_name_plural = _("单位得分")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "board", "unit"], name="unitresult_unique_run_board_unit"
            ),
        ]
        indexes = [
            models.Index(fields=["run", "board", "unit_code"], name="unitresult_drilldown"),
        ]

    def __str__(self) -> str:
        return f"{self.get_board_display()} {self.unit_name} {self.score}"


class ActionResult(ResultRow):
    """An action's line on the 八大行动 board."""

    run = models.ForeignKey(
        ScoreRun,
        verbose_name=_("计分结果"),
        on_delete=models.CASCADE,
        related_name="action_results",
    )
    action = models.ForeignKey(
        Action, verbose_name=_("行动"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action_code = models.CharField(_("行动编码"), max_length=32)
    action_name = models.CharField(_("行动名称"), max_length=100)
    leader = models.CharField(_("领办领导"), max_length=50, blank=True)
    lead_unit_name = models.CharField(_("牵头单位"), max_length=100, blank=True)
    score = models.DecimalField(_("得分"), **SCORE)
    rank = models.PositiveIntegerField(_("排名"))
    movement = models.IntegerField(_("较上月"), null=True)
    item_count = models.PositiveIntegerField(_("事项数"))

    class Meta:
        ordering = ["rank", "action_code"]
        verbose_name = _("行动得分")
        verbose_name_plural = _("行动得分")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "action"], name="actionresult_unique_run_action"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action_name} {self.score}"


class Basis(models.TextChoices):
    LAST_YEAR = forecast.BASIS_LAST_YEAR, _(forecast.BASIS_LABELS[forecast.BASIS_LAST_YEAR])
    PACE = forecast.BASIS_PACE, _(forecast.BASIS_LABELS[forecast.BASIS_PACE])
    LEVEL = forecast.BASIS_LEVEL, _(forecast.BASIS_LABELS[forecast.BASIS_LEVEL])
    RANK = forecast.BASIS_RANK, _(forecast.BASIS_LABELS[forecast.BASIS_RANK])
    STATUS = forecast.BASIS_STATUS, _(forecast.BASIS_LABELS[forecast.BASIS_STATUS])
    MISSING = forecast.BASIS_MISSING, _(forecast.BASIS_LABELS[forecast.BASIS_MISSING])


class WarningResult(ItemRow):
    """An item's early warning (预警) in one run: the band it is heading for by December,
    with the forecast year-end value P and expected completion c of a target item."""

    run = models.ForeignKey(
        ScoreRun, verbose_name=_("计分结果"), on_delete=models.CASCADE, related_name="warnings"
    )
    band = models.CharField(_("预警"), max_length=16, choices=Band.choices)
    basis = models.CharField(_("依据"), max_length=16, choices=Basis.choices)
    basis_month = models.PositiveSmallIntegerField(_("依据月份"), null=True)
    # Wide: last year's curve or a tiny target can make P and c far larger than any A.
    forecast = models.DecimalField(_("预测年末值"), null=True, max_digits=40, decimal_places=4)
    completion = models.DecimalField(_("预计完成率"), null=True, max_digits=40, decimal_places=4)
    previous_rank = models.PositiveIntegerField(_("上次位次"), null=True)
    previous_peer_count = models.PositiveIntegerField(_("上次参评数"), null=True)

    class Meta:
        ordering = ["action_code", "item_code"]
        verbose_name = _("预警")
        verbose_name_plural = _("预警")
        constraints = [
            models.UniqueConstraint(fields=["run", "item"], name="warningresult_unique_run_item"),
        ]
        indexes = [
            models.Index(fields=["run", "band"], name="warningresult_band"),
            models.Index(fields=["item", "run"], name="warningresult_item"),
        ]

    def __str__(self) -> str:
        return f"{self.item_code} {self.band}"
