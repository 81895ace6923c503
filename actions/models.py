"""The district's actions, units, 五定 items, months and monthly reports (DESIGN §1, §3)."""

from __future__ import annotations

import calendar
import datetime
import re
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


class UnitGroup(models.TextChoices):
    DEPARTMENT = "department", _("区直部门")
    TOWNSHIP = "township", _("乡镇街道")


class ItemKind(models.TextChoices):
    INDICATOR = "indicator", _("指标")
    PROJECT = "project", _("项目")
    TASK = "task", _("工作")


class Level(models.TextChoices):
    PROVINCE = "province", _("省考")
    CITY = "city", _("市考")
    DISTRICT = "district", _("区级")


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("月")
    QUARTERLY = "quarterly", _("季")
    YEARLY = "yearly", _("年")


class Direction(models.TextChoices):
    POSITIVE = "positive", _("正向")
    NEGATIVE = "negative", _("逆向")


class Progress(models.TextChoices):
    DONE = "done", _("已完成")
    ON_TRACK = "on_track", _("序时推进")
    BEHIND = "behind", _("滞后")


def cadences_due_in(month_number: int) -> list[str]:
    """Cadences whose items are due in a month of the year (DESIGN §4 "When an item is due")."""
    due = [Cadence.MONTHLY]
    if month_number % 3 == 0:
        due.append(Cadence.QUARTERLY)
    if month_number == 12:
        due.append(Cadence.YEARLY)
    return [str(c) for c in due]


class Unit(models.Model):
    """A unit (单位): a district department or a township/street."""

    code = models.CharField(_("单位编码"), max_length=32, unique=True)
    name = models.CharField(_("单位名称"), max_length=100)
    group = models.CharField(_("分组"), max_length=16, choices=UnitGroup.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")

    def __str__(self) -> str:
        return self.name


class Official(models.Model):
    """A district official (领导), named in 定人 and as an action's leader."""

    name = models.CharField(_("姓名"), max_length=50, unique=True)
    title = models.CharField(_("职务"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("领导")
        verbose_name_plural = _("领导")

    def __str__(self) -> str:
        return self.name


class Action(models.Model):
    """One of the eight actions (八大行动)."""

    code = models.CharField(_("行动编码"), max_length=32, unique=True)
    name = models.CharField(_("行动名称"), max_length=100)
    leader = models.ForeignKey(
        Official,
        verbose_name=_("领办领导"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_actions",
    )
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("牵头单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_actions",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("行动")
        verbose_name_plural = _("行动")

    def __str__(self) -> str:
        return self.name


class ItemQuerySet(models.QuerySet):
    def led_by(self, unit: Unit | int) -> ItemQuerySet:
        return self.filter(lead_unit=unit)

    def due_in(self, month_number: int) -> ItemQuerySet:
        return self.filter(cadence__in=cadences_due_in(month_number))

    def visible_to(self, user) -> ItemQuerySet:
        """Items a user may open: the whole district for leaders and the office."""
        if user.sees_district:
            return self
        if user.is_unit_member:
            return self.filter(lead_unit_id=user.unit_id)
        return self.none()

    def with_card(self) -> ItemQuerySet:
        return self.select_related("action", "lead_unit", "responsible_official")


class Item(models.Model):
    """A key indicator, project or task (重点指标/项目/工作), managed with 五定."""

    code = models.CharField(_("事项编码"), max_length=32, unique=True)
    name = models.CharField(_("事项名称"), max_length=200)
    action = models.ForeignKey(
        Action, verbose_name=_("行动"), on_delete=models.PROTECT, related_name="items"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=ItemKind.choices)
    level = models.CharField(_("考核层级"), max_length=16, choices=Level.choices)
    # 定人
    responsible_official = models.ForeignKey(
        Official,
        verbose_name=_("责任领导"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
    )
    responsible_person = models.CharField(_("责任人"), max_length=100, blank=True)
    # 定责
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="led_items"
    )
    co_units = models.ManyToManyField(
        Unit, verbose_name=_("配合单位"), blank=True, related_name="cooperating_items"
    )
    # 定时
    cadence = models.CharField(_("频次"), max_length=16, choices=Cadence.choices)
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    # 定量
    target = models.DecimalField(
        _("目标值"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    measure_unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    direction = models.CharField(
        _("方向"), max_length=16, choices=Direction.choices, default=Direction.POSITIVE
    )
    cumulative = models.BooleanField(_("累计"), default=True)
    # 定性
    standard = models.TextField(_("定性标准"), blank=True)
    weight = models.DecimalField(
        _("权重"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    objects = ItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("事项")
        verbose_name_plural = _("事项")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="item_weight_positive"),
        ]
        indexes = [models.Index(fields=["lead_unit", "cadence"], name="item_lead_unit_cadence")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("actions:item_detail", args=[self.pk])

    @property
    def scored_by_rank(self) -> bool:
        return self.kind == ItemKind.INDICATOR and self.level in (Level.PROVINCE, Level.CITY)

    @property
    def scored_by_target(self) -> bool:
        return (
            self.kind == ItemKind.INDICATOR
            and self.level == Level.DISTRICT
            and self.target is not None
        )

    def is_due(self, month_number: int) -> bool:
        return self.cadence in cadences_due_in(month_number)


class MonthState(models.TextChoices):
    OPEN = "open", _("填报中")
    CLOSED = "closed", _("已关闭")
    PUBLISHED = "published", _("已发布")


class MonthQuerySet(models.QuerySet):
    def get_by_label(self, label: str) -> Month:
        year, number = parse_month_label(label)
        return self.get(year=year, number=number)


def parse_month_label(label: str) -> tuple[int, int]:
    """'2022-03' → (2022, 3); ValueError with a Chinese message otherwise."""
    match = MONTH_RE.match(str(label).strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(_("月份应为 YYYY-MM 格式，例如 2022-03"))
    return int(match.group(1)), int(match.group(2))


class Month(models.Model):
    """A reporting month (月份) and its place in the cycle."""

    year = models.PositiveSmallIntegerField(_("年"))
    number = models.PositiveSmallIntegerField(_("月"))
    state = models.CharField(
        _("状态"), max_length=16, choices=MonthState.choices, default=MonthState.OPEN
    )
    deadline = models.DateField(_("报送截止日"), null=True, blank=True)
    opened_at = models.DateTimeField(_("开启时间"), auto_now_add=True)

    objects = MonthQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "number"]
        verbose_name = _("月份")
        verbose_name_plural = _("月份")
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="month_unique_year_number"),
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=12), name="month_number_1_12"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs):
        if self.deadline is None:
            self.deadline = datetime.date(self.year, self.number, 25)
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        return f"{self.year:04d}-{self.number:02d}"

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.year, self.number, calendar.monthrange(self.year, self.number)[1])


class ReportState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("单位已审核")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已通过")


class ReportQuerySet(models.QuerySet):
    def accepted(self) -> ReportQuerySet:
        return self.filter(state=ReportState.ACCEPTED)

    def in_month(self, month: Month) -> ReportQuerySet:
        return self.filter(month=month)

    def visible_to(self, user) -> ReportQuerySet:
        if user.sees_district:
            return self
        if user.is_unit_member:
            return self.filter(item__lead_unit_id=user.unit_id)
        return self.none()


class Report(models.Model):
    """One item's report (月报) for one month: figures, narrative and workflow state."""

    item = models.ForeignKey(
        Item, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="reports"
    )
    month = models.ForeignKey(
        Month, verbose_name=_("月份"), on_delete=models.PROTECT, related_name="reports"
    )
    value = models.DecimalField(_("完成值"), max_digits=20, decimal_places=4, null=True, blank=True)
    rank = models.PositiveIntegerField(_("位次"), null=True, blank=True)
    peer_count = models.PositiveIntegerField(_("参评数"), null=True, blank=True)
    progress = models.CharField(_("进度状态"), max_length=16, choices=Progress.choices, blank=True)
    achievement = models.TextField(_("实现情况"), blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    measures = models.TextField(_("具体措施"), blank=True)
    fix_unit = models.CharField(_("责任单位"), max_length=200, blank=True)
    fix_deadline = models.DateField(_("解决时限"), null=True, blank=True)

    state = models.CharField(
        _("状态"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT
    )
    return_reason = models.TextField(_("退回理由"), blank=True)
    late = models.BooleanField(_("逾期报送"), default=False)
    # Set when the office reopens a report (with a reason): the only way a report of a
    # closed month becomes editable again; cleared when the office accepts it.
    reopened = models.BooleanField(_("已重新打开"), default=False)
    # Optimistic locking: every save bumps it; a save based on an older version is refused.
    version = models.PositiveIntegerField(_("版本"), default=1)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("审核通过时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更新人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["month__year", "month__number", "item__code"]
        verbose_name = _("月报")
        verbose_name_plural = _("月报")
        constraints = [
            models.UniqueConstraint(fields=["item", "month"], name="report_unique_item_month"),
            models.CheckConstraint(
                condition=Q(peer_count__isnull=True) | Q(peer_count__gte=1),
                name="report_peer_count_positive",
            ),
            models.CheckConstraint(
                condition=Q(rank__isnull=True)
                | (Q(rank__gte=1) & Q(peer_count__isnull=False) & Q(rank__lte=F("peer_count"))),
                name="report_rank_within_peers",
            ),
        ]
        indexes = [models.Index(fields=["month", "state"], name="report_month_state")]

    def __str__(self) -> str:
        return f"{self.item.code} {self.month.label}"


class BonusPenalty(models.Model):
    """Bonus or penalty points (加减分) for a unit in a month, each with its reason."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="bonuses"
    )
    month = models.ForeignKey(
        Month, verbose_name=_("月份"), on_delete=models.PROTECT, related_name="bonuses"
    )
    points = models.DecimalField(_("分值"), max_digits=8, decimal_places=2)
    reason = models.CharField(_("事由"), max_length=300)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["month__year", "month__number", "unit__code"]
        verbose_name = _("加减分")
        verbose_name_plural = _("加减分")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month", "reason"], name="bonus_unique_unit_month_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month} {self.points:+}"


class JobStatus(models.TextChoices):
    PENDING = "pending", _("等待处理")
    PREVIEWED = "previewed", _("已预览，待确认")
    RUNNING = "running", _("导入中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class LedgerImport(models.Model):
    """One upload of a ledger workbook (台账导入): its preview, progress and outcome."""

    file = models.FileField(_("文件"), upload_to="ledger_imports/%Y/%m/")
    filename = models.CharField(_("文件名"), max_length=255)
    status = models.CharField(
        _("状态"), max_length=16, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    preview = models.JSONField(_("预览"), default=dict, blank=True)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    summary = models.JSONField(_("结果"), default=dict, blank=True)
    progress = models.PositiveIntegerField(_("已处理行数"), default=0)
    total = models.PositiveIntegerField(_("总行数"), default=0)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("台账导入")
        verbose_name_plural = _("台账导入")

    def __str__(self) -> str:
        return self.filename


# Reminders and in-app notices of the reporting cycle live in their own module.
from .notices import Notification, ReminderSent  # noqa: E402, F401
