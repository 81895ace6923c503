"""Assignments (交办事项) handed out at the meeting and tracked until closed."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.models import Item, Official, Unit
from reporting.models import Month, evidence_path, months_before, thumbnail_path


class AssignmentStatus(models.TextChoices):
    OPEN = "open", _("待办理")
    IN_PROGRESS = "in_progress", _("办理中")
    DONE = "done", _("已办结待销号")
    CLOSED = "closed", _("已销号")


class AssignmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> AssignmentQuerySet:
        """Leaders and the office see every assignment; a unit only those it must handle."""
        if user.has_perm("reporting.read_district"):
            return self
        if user.is_unit_member:
            return self.filter(responsible_unit_id=user.unit_id)
        return self.none()

    def not_closed(self) -> AssignmentQuerySet:
        return self.exclude(status=AssignmentStatus.CLOSED)

    def overdue(self, today: datetime.date | None = None) -> AssignmentQuerySet:
        """逾期: the deadline has passed and the office has not confirmed closure."""
        return self.not_closed().filter(deadline__lt=today or timezone.localdate())

    def carried_over_to(self, month: Month, today: datetime.date | None = None):
        """Overdue assignments of earlier meetings, listed again until closed."""
        return self.overdue(today).filter(months_before(month, "month__"))

    def with_card(self) -> AssignmentQuerySet:
        return self.select_related("month", "responsible_unit", "assigned_by", "item")

    def with_latest_progress(self) -> AssignmentQuerySet:
        latest = AssignmentProgress.objects.filter(assignment=OuterRef("pk")).order_by(
            "-created_at", "-pk"
        )
        return self.annotate(latest_progress=Subquery(latest.values("text")[:1]))

    def with_overdue_flag(self, today: datetime.date | None = None) -> AssignmentQuerySet:
        overdue = Assignment.objects.filter(pk=OuterRef("pk")).overdue(today)
        return self.annotate(is_overdue=Exists(overdue))


class Assignment(models.Model):
    """An assignment handed out at the meeting (现场交办事项), tracked until 销号."""

    month = models.ForeignKey(
        Month, verbose_name=_("会议月份"), on_delete=models.PROTECT, related_name="assignments"
    )
    content = models.TextField(_("交办内容"))
    responsible_unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="assignments"
    )
    co_units = models.ManyToManyField(
        Unit, verbose_name=_("配合单位"), blank=True, related_name="cooperating_assignments"
    )
    deadline = models.DateField(_("办理时限"))
    assigned_by = models.ForeignKey(
        Official, verbose_name=_("交办领导"), on_delete=models.PROTECT, related_name="assignments"
    )
    # The item the assignment was handed out from, when it came from an item page.
    item = models.ForeignKey(
        Item,
        verbose_name=_("相关事项"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=AssignmentStatus.choices, default=AssignmentStatus.OPEN
    )
    return_reason = models.TextField(_("退回理由"), blank=True)
    created_at = models.DateTimeField(_("交办时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("销号人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("交办事项")
        verbose_name_plural = _("交办事项")
        indexes = [
            models.Index(fields=["responsible_unit", "status"], name="assignment_unit_status"),
            models.Index(fields=["status", "deadline"], name="assignment_overdue"),
            models.Index(fields=["month", "status"], name="assignment_month_status"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.content[:30]}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:assignment_detail", args=[self.pk])

    @property
    def number(self) -> str:
        """交办编号, e.g. JB-0007."""
        return f"JB-{self.pk:04d}"

    @property
    def closed(self) -> bool:
        return self.status == AssignmentStatus.CLOSED

    def overdue_on(self, today: datetime.date | None = None) -> bool:
        return not self.closed and self.deadline < (today or timezone.localdate())


class ProgressKind(models.TextChoices):
    IN_PROGRESS = "in_progress", _("办理中")
    DONE = "done", _("已办结")
    CLOSED = "closed", _("销号")
    RETURNED = "returned", _("退回")


class AssignmentProgress(models.Model):
    """One entry of an assignment's trail (办理进展): a unit's report or the office's verdict."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("交办事项"), on_delete=models.CASCADE, related_name="progress"
    )
    kind = models.CharField(_("进展"), max_length=16, choices=ProgressKind.choices)
    text = models.TextField(_("办理情况"))
    evidence = models.TextField(_("佐证材料"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填写人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("办理进展")
        verbose_name_plural = _("办理进展")
        indexes = [models.Index(fields=["assignment", "created_at"], name="progress_trail")]

    def __str__(self) -> str:
        return f"{self.assignment.number} {self.get_kind_display()}"


class ProgressFile(models.Model):
    """An evidence file (佐证材料) of a unit's progress report on an assignment: checked
    and stored as a report's are (reporting.evidence), seen by those who may see the
    assignment."""

    progress = models.ForeignKey(
        AssignmentProgress,
        verbose_name=_("办理进展"),
        on_delete=models.CASCADE,
        related_name="files",
    )
    file = models.FileField(_("文件"), upload_to=evidence_path, max_length=200)
    thumbnail = models.FileField(_("缩略图"), upload_to=thumbnail_path, max_length=200, blank=True)
    name = models.CharField(_("文件名"), max_length=255)
    kind = models.CharField(_("类型"), max_length=8)
    size = models.PositiveBigIntegerField(_("大小"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("办理佐证材料")
        verbose_name_plural = _("办理佐证材料")

    def __str__(self) -> str:
        return self.name
