"""Reporting months, monthly reports (月报) and their workflow, 加减分 and ledger imports.
The tables keep their original names from when these lived in `actions`."""

from __future__ import annotations

import calendar
import datetime
import re
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.dispatch import receiver
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from actions.models import Item, Progress, Unit

from ..workflow import HISTORY_STEPS

# The notices a unit's people get, and what was sent to them on which channel.
from .notices import Channel as Channel
from .notices import Delivery as Delivery
from .notices import DeliveryStatus as DeliveryStatus
from .notices import Notification as Notification
from .notices import NotificationQuerySet as NotificationQuerySet
from .notices import ReminderSent as ReminderSent
from .notices import ReminderStep as ReminderStep
from .notices import Todo as Todo

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")

# A report's text limits (字), the same at every door: the model and the admin, the fill
# form, the ledger import and the services. Longer text is refused, never cut.
TEXT_LIMITS = {"achievement": 2000, "problems": 1000, "measures": 1000}
# A reason typed with a step (退回理由, 重新打开原因, a 加减分's 修改原因 and 删除原因): one
# limit for the form, the service and the columns that keep it (the report's
# return_reason and the history rows' reason); a notice quoting it stays within its 500.
REASON_LIMIT = 300
TOO_LONG = gettext_noop(
    "%(field)s最多 %(limit)s 字，现有 %(actual)s 字；请精简后再保存，内容未作截断"
)


@deconstructible
class TextLimit(MaxLengthValidator):
    """A report text's limit with the Chinese message naming it."""

    message = _("最多 %(limit_value)s 字，现有 %(show_value)s 字；请精简后再保存，内容未作截断")


class MonthState(models.TextChoices):
    OPEN = "open", _("填报中")
    CLOSED = "closed", _("已关闭")
    PUBLISHED = "published", _("已发布")


def months_before(month: Month, prefix: str = "") -> Q:
    """Rows of months before `month`: the condition on the month fields at `prefix`
    ("month__" for a row with a month, "" for months themselves)."""
    return Q(**{f"{prefix}year__lt": month.year}) | Q(
        **{f"{prefix}year": month.year, f"{prefix}number__lt": month.number}
    )


class MonthQuerySet(models.QuerySet):
    def get_by_label(self, label: str) -> Month:
        year, number = parse_month_label(label)
        return self.get(year=year, number=number)

    def newest_first(self) -> MonthQuerySet:
        return self.order_by("-year", "-number")

    def newest(self) -> Month | None:
        """The newest month of these (None when there is none)."""
        return self.newest_first().first()

    def before(self, month: Month) -> MonthQuerySet:
        """The months before `month`, newest first."""
        return self.filter(months_before(month)).newest_first()

    def open(self) -> MonthQuerySet:
        return self.filter(state=MonthState.OPEN)

    def published(self) -> MonthQuerySet:
        return self.filter(state=MonthState.PUBLISHED)


def parse_month_label(label: str) -> tuple[int, int]:
    """'2022-03' → (2022, 3); ValueError with a Chinese message otherwise."""
    match = MONTH_RE.match(str(label).strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(_("月份应为 YYYY-MM 格式，例如 2022-03"))
    return int(match.group(1)), int(match.group(2))


def month_title(label: str) -> str:
    """'2022-03' → '2022年3月', as titles and file names write a month."""
    year, number = parse_month_label(label)
    return f"{year}年{number}月"


def default_deadline(year: int, number: int) -> datetime.date:
    """The reporting deadline (报送截止日) of a month unless the office sets one: the 25th.
    Month.save() and every bulk insert of months use it."""
    return datetime.date(year, number, 25)


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
    history = HistoricalRecords(table_name="actions_historicalmonth")

    class Meta:
        db_table = "actions_month"
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
            self.deadline = default_deadline(self.year, self.number)
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

    def before(self, month: Month) -> ReportQuerySet:
        """Reports of months before `month`, latest first per item (上期 is the first)."""
        return self.filter(months_before(month, "month__")).order_by(
            "item_id", "-month__year", "-month__number"
        )

    def previous_to(self, codes: Iterable[str], month: Month) -> ReportQuerySet:
        """上期 of the items of `codes` in `month`: each code's latest report before the
        month, whatever its state and plan year, so that January's 上期 of an item
        carried over is December's report under last year's plan. The one rule for the
        fill page's hints (read there in SQL with this month's reports, the same rule:
        reporting.queries._fill_reports), the review's diff, the identical-text check and
        the plausibility flags."""
        return self.filter(item__code__in=list(codes), pk=latest_earlier_of_code(month))

    def visible_to(self, user) -> ReportQuerySet:
        """Reports a user may open: every unit's with `reporting.read_district`, a unit
        its own."""
        if user.has_perm("reporting.read_district"):
            return self
        if user.is_unit_member:
            return self.filter(item__lead_unit_id=user.unit_id)
        return self.none()


def latest_earlier_of_code(month: Month) -> Subquery:
    """For a report row: the pk of the latest report before `month` of the same item code
    (its 上期 when the row is of `month`)."""
    return Subquery(
        Report.objects.filter(item__code=OuterRef("item__code"))
        .filter(months_before(month, "month__"))
        .order_by("-month__year", "-month__number")
        .values("pk")[:1]
    )


class ReportHistory(models.Model):
    """Columns of a report's history rows besides the report's own: the step (操作)
    that wrote the row. The reason typed with it stays in history_change_reason."""

    step = models.CharField(
        _("操作"), max_length=20, choices=HISTORY_STEPS, blank=True, default="", db_index=True
    )

    class Meta:
        abstract = True


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
    # Required when a report is submitted or imported; a draft may still lack it.
    achievement = models.TextField(
        _("实现情况"), validators=[TextLimit(TEXT_LIMITS["achievement"])]
    )
    problems = models.TextField(
        _("存在问题"), blank=True, validators=[TextLimit(TEXT_LIMITS["problems"])]
    )
    measures = models.TextField(
        _("具体措施"), blank=True, validators=[TextLimit(TEXT_LIMITS["measures"])]
    )
    fix_unit = models.CharField(_("责任单位"), max_length=200, blank=True)
    fix_deadline = models.DateField(_("解决时限"), null=True, blank=True)
    # Plausibility flags (异常提示) raised when it was submitted, each confirmed by the
    # reporter: [{"code": …, "params": {…}, "reason": …}] (reporting.plausibility).
    flags = models.JSONField(_("异常提示"), default=list, blank=True)

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
    history = HistoricalRecords(
        table_name="actions_historicalreport",
        bases=[ReportHistory],
        history_change_reason_field=models.TextField(null=True),
    )

    class Meta:
        db_table = "actions_report"
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

    @property
    def reason_label(self) -> str:
        """What ``return_reason`` is, as the unit reads it: the office's 重新打开原因 for a
        reopened report, else the 退回理由 of a return."""
        return str(_("重新打开原因") if self.reopened else _("退回理由"))


def text_errors(values) -> dict[str, str]:
    """The report texts in `values` over their limit (TEXT_LIMITS), each with a Chinese
    message that names the field and the limit."""
    errors = {}
    for name, limit in TEXT_LIMITS.items():
        text = values.get(name) or ""
        if len(text) > limit:
            label = Report._meta.get_field(name).verbose_name
            errors[name] = gettext(TOO_LONG) % {
                "field": label,
                "limit": f"{limit:,}",
                "actual": f"{len(text):,}",
            }
    return errors


def reason_errors(reason: str, label: str) -> str | None:
    """The Chinese message for a typed reason over REASON_LIMIT, naming the limit; None
    when it fits."""
    if len(reason) <= REASON_LIMIT:
        return None
    return gettext(TOO_LONG) % {
        "field": label,
        "limit": f"{REASON_LIMIT:,}",
        "actual": f"{len(reason):,}",
    }


def evidence_path(instance: Evidence, filename: str) -> str:
    """evidence/2022/03/<32 random hex>.pdf: a stored name nobody can guess or collide
    with; the name the reporter gave the file is kept in Evidence.name."""
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.kind}"


def thumbnail_path(instance: Evidence, filename: str) -> str:
    return f"evidence/thumbs/{uuid.uuid4().hex}.jpg"


class Evidence(models.Model):
    """A file (佐证材料) backing what a report claims: PDF, JPEG, PNG, DOCX or XLSX,
    checked by its content (reporting.evidence). Seen and downloaded only by those who
    may see the report; kept when the report is returned or reopened."""

    report = models.ForeignKey(
        Report, verbose_name=_("月报"), on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(_("文件"), upload_to=evidence_path, max_length=200)
    thumbnail = models.FileField(_("缩略图"), upload_to=thumbnail_path, max_length=200, blank=True)
    name = models.CharField(_("文件名"), max_length=255)
    kind = models.CharField(_("类型"), max_length=8)
    size = models.PositiveBigIntegerField(_("大小"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.kind in ("jpg", "png")


@receiver(pre_create_historical_record, sender=Report.history.model)
def _record_step(sender, instance: Report, history_instance, **kwargs) -> None:
    """A saved report's history row gets the step its service named (_history_step,
    beside simple-history's _history_user and _change_reason); bulk writes pass theirs
    as custom_historical_attrs."""
    history_instance.step = getattr(instance, "_history_step", "")


def load_history(model: type[models.Model], step: str) -> dict:
    """Keywords for simple-history's bulk helpers when a bulk load (LoadStep) writes
    `model`: a report's history row names the load as its step, with no reason; other
    models' rows name it as their change reason."""
    if model is Report:
        return {"default_change_reason": "", "custom_historical_attrs": {"step": step}}
    return {"default_change_reason": step}


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

    history = HistoricalRecords(
        table_name="actions_historicalbonuspenalty",
        history_change_reason_field=models.TextField(null=True),
    )

    class Meta:
        db_table = "actions_bonuspenalty"
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
        db_table = "actions_ledgerimport"
        ordering = ["-created_at"]
        verbose_name = _("台账导入")
        verbose_name_plural = _("台账导入")

    def __str__(self) -> str:
        return self.filename
