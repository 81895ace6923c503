"""The district's units, officials, plan years, actions and their 五定 items."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator, RegexValidator, URLValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from simple_history.models import HistoricalRecords

from scoring import rulebook

# The Chinese words of a vocabulary are written once, here: the pages show them
# translated (the choices below), the meeting workbook as they are, whatever the
# language of the page that exported it (its words are what the office's tools match).
GROUP_NAMES = {"department": gettext_noop("区直部门"), "township": gettext_noop("乡镇街道")}
PROGRESS_NAMES = {
    "done": gettext_noop("已完成"),
    "on_track": gettext_noop("序时推进"),
    "behind": gettext_noop("滞后"),
}


class UnitGroup(models.TextChoices):
    DEPARTMENT = "department", _(GROUP_NAMES["department"])
    TOWNSHIP = "township", _(GROUP_NAMES["township"])


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
    DONE = "done", _(PROGRESS_NAMES["done"])
    ON_TRACK = "on_track", _(PROGRESS_NAMES["on_track"])
    BEHIND = "behind", _(PROGRESS_NAMES["behind"])


MOBILE_VALIDATOR = RegexValidator(r"^1[3-9]\d{9}$", _("请填写11位手机号码，例如 13812345678"))
WEBHOOK_VALIDATOR = URLValidator(
    schemes=["https", "http"], message=_("请填写完整的机器人 Webhook 地址")
)


class Unit(models.Model):
    """A unit (单位): a district department or a township/street, with the contact the
    office chases for its monthly reports (联系人) and its work group's robot (工作群机器人)."""

    code = models.CharField(_("单位编码"), max_length=32, unique=True)
    name = models.CharField(_("单位名称"), max_length=100)
    group = models.CharField(_("分组"), max_length=16, choices=UnitGroup.choices)
    # A unit merged away or dissolved stays for the years it was on the boards.
    inactive_from = models.PositiveSmallIntegerField(
        _("停用年度"),
        null=True,
        blank=True,
        help_text=_("自该年度起不再参加评比；留空表示一直参加。"),
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_mobile = models.CharField(
        _("手机"), max_length=11, blank=True, validators=[MOBILE_VALIDATOR]
    )
    contact_email = models.EmailField(_("邮箱"), blank=True)
    robot_webhook = models.CharField(
        _("钉钉机器人 Webhook"),
        max_length=500,
        blank=True,
        validators=[WEBHOOK_VALIDATOR],
        help_text=_("单位工作群（钉钉）自定义机器人的 Webhook 地址；留空则发往全区默认群"),
    )
    robot_secret = models.CharField(
        _("钉钉机器人加签密钥"),
        max_length=200,
        blank=True,
        help_text=_("机器人安全设置中“加签”的密钥（SEC 开头）"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")

    def __str__(self) -> str:
        return self.name


class UnitGroupInYear(models.Model):
    """A unit's group (分组) in one plan year, kept where it differs from the unit's group
    now: when a ledger moves a unit to the other group, the years already planned keep
    the group they were scored in (see ``group_of``)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="groups_by_year"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    group = models.CharField(_("分组"), max_length=16, choices=UnitGroup.choices)

    class Meta:
        ordering = ["unit", "year"]
        verbose_name = _("单位年度分组")
        verbose_name_plural = _("单位年度分组")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unit_group_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} {self.get_group_display()}"


def group_in_year(unit_field: str, year: int) -> Coalesce:
    """The group of the unit that `unit_field` names ("pk" on units themselves) in plan
    year `year`, as an SQL expression: its group of that year where one is kept, else
    its group now."""
    kept = UnitGroupInYear.objects.filter(unit=OuterRef(unit_field), year=year)
    now = F("group") if unit_field == "pk" else F(f"{unit_field}__group")
    return Coalesce(Subquery(kept.values("group")[:1]), now)


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


class PlanYearQuerySet(models.QuerySet):
    def adopted_by(self, year: int) -> PlanYear | None:
        """The plan in force in `year`: that year's, else the latest adopted before it
        (a month opened before its year's plan was carried over), else the first."""
        return (
            self.filter(year__lte=year).order_by("-year").first() or self.order_by("year").first()
        )

    def current(self) -> PlanYear | None:
        """The plan being prepared before any month is opened: this calendar year's plan
        if there is one, else the latest plan adopted before it, else the first one.
        Once months exist, pages show their month's plan year (reporting.months)."""
        this_year = timezone.localdate().year
        return (
            self.filter(year__lte=this_year).order_by("-year").first()
            or self.order_by("year").first()
        )


class PlanYear(models.Model):
    """A plan year (年度): the district's plan adopted for one calendar year, owning its
    actions and items with their targets, weights and deadlines."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)

    objects = PlanYearQuerySet.as_manager()

    class Meta:
        ordering = ["year"]
        verbose_name = _("年度")
        verbose_name_plural = _("年度")

    def __str__(self) -> str:
        return str(self.year)


class ActionQuerySet(models.QuerySet):
    def of_year(self, year: int) -> ActionQuerySet:
        return self.filter(plan_year__year=year)


class Action(models.Model):
    """One of the eight actions (八大行动) of a plan year, listed everywhere in the plan's own
    order (``order``, from the 行动 sheet's row order; the office may change it)."""

    plan_year = models.ForeignKey(
        PlanYear, verbose_name=_("年度"), on_delete=models.PROTECT, related_name="actions"
    )
    code = models.CharField(_("行动编码"), max_length=32)
    name = models.CharField(_("行动名称"), max_length=100)
    order = models.PositiveIntegerField(
        _("顺序"), default=0, help_text=_("在行动计划中的次序，各页面、榜单、大屏和材料按此排列")
    )
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

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan_year_id", "order", "code"]
        verbose_name = _("行动")
        verbose_name_plural = _("行动")
        constraints = [
            models.UniqueConstraint(
                fields=["plan_year", "code"], name="action_unique_plan_year_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name


def scored_in(month) -> Q:
    """Of a year's plan, the items a month scores (for_month): due in it, of units still
    on the boards that year; also usable as an annotation within a wider query."""
    return Q(cadence__in=rulebook.cadences_due_in(month.number)) & ~Q(
        lead_unit__inactive_from__lte=month.year
    )


class ItemQuerySet(models.QuerySet):
    def of_year(self, year: int) -> ItemQuerySet:
        """The items of the plan of `year` (年度计划)."""
        return self.filter(plan_year__year=year)

    def for_month(self, month) -> ItemQuerySet:
        """The items a month (anything with `year` and `number`) scores: its year's plan,
        due in it, of units still on the boards that year."""
        return self.of_year(month.year).filter(scored_in(month))

    def led_by(self, unit: Unit | int) -> ItemQuerySet:
        return self.filter(lead_unit=unit)

    def due_in(self, month_number: int) -> ItemQuerySet:
        return self.filter(cadence__in=rulebook.cadences_due_in(month_number))

    def visible_to(self, user) -> ItemQuerySet:
        """Items a user may open: the whole district for leaders and the office
        (`reporting.read_district`, accounts/rules.py), a unit its own."""
        if user.has_perm("reporting.read_district"):
            return self
        if user.is_unit_member:
            return self.filter(lead_unit_id=user.unit_id)
        return self.none()

    def with_card(self) -> ItemQuerySet:
        return self.select_related("plan_year", "action", "lead_unit", "responsible_official")


class Item(models.Model):
    """A key indicator, project or task (重点指标/项目/工作) of a plan year, managed with
    五定. The same code in two years is the same item carried over."""

    plan_year = models.ForeignKey(
        PlanYear, verbose_name=_("年度"), on_delete=models.PROTECT, related_name="items"
    )
    code = models.CharField(_("事项编码"), max_length=32)
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
        ordering = ["code", "plan_year_id"]
        verbose_name = _("事项")
        verbose_name_plural = _("事项")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="item_weight_positive"),
            models.UniqueConstraint(
                fields=["plan_year", "code"], name="item_unique_plan_year_code"
            ),
        ]
        indexes = [models.Index(fields=["lead_unit", "cadence"], name="item_lead_unit_cadence")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reporting:item_detail", args=[self.pk])

    @property
    def scoring_rule(self) -> str:
        """The rule (计分规则) that scores the item: rank, target or status."""
        return rulebook.rule_of(self.kind, self.level, self.target is not None)

    @property
    def scored_by_rank(self) -> bool:
        return self.scoring_rule == rulebook.RULE_RANK

    @property
    def scored_by_target(self) -> bool:
        return self.scoring_rule == rulebook.RULE_TARGET

    def is_due(self, month_number: int) -> bool:
        return rulebook.is_due(self.cadence, month_number)
