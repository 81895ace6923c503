"""The meeting itself (晒比会现场): leader comments, assignments and on-site rating.

Invariants live in the database: a comment has exactly one target, a rating vote is
cast by exactly one attendee (a login or a guest seat) and at most once per unit.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.models import Action, Item, Month, Official, Unit


class CommentQuerySet(models.QuerySet):
    def for_target(self, *, item=None, unit=None, action=None) -> CommentQuerySet:
        if item is not None:
            return self.filter(item=item)
        if unit is not None:
            return self.filter(unit=unit)
        return self.filter(action=action)

    def with_people(self) -> CommentQuerySet:
        return self.select_related("author", "on_behalf_of")


class Comment(models.Model):
    """A leader's comment (领导点评) on an item, a unit or an action for one month."""

    month = models.ForeignKey(
        Month, verbose_name=_("月份"), on_delete=models.PROTECT, related_name="comments"
    )
    item = models.ForeignKey(
        Item,
        verbose_name=_("事项"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("单位"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    action = models.ForeignKey(
        Action,
        verbose_name=_("行动"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.PROTECT,
        related_name="meeting_comments",
    )
    # Set when the office types in what a leader said at the meeting (代录).
    on_behalf_of = models.ForeignKey(
        Official,
        verbose_name=_("点评领导"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
    )
    text = models.TextField(_("点评内容"))
    created_at = models.DateTimeField(_("点评时间"), default=timezone.now)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("领导点评")
        verbose_name_plural = _("领导点评")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(item__isnull=False, unit__isnull=True, action__isnull=True)
                    | Q(item__isnull=True, unit__isnull=False, action__isnull=True)
                    | Q(item__isnull=True, unit__isnull=True, action__isnull=False)
                ),
                name="comment_exactly_one_target",
            ),
        ]
        indexes = [
            models.Index(fields=["month", "item"], name="comment_month_item"),
            models.Index(fields=["month", "unit"], name="comment_month_unit"),
            models.Index(fields=["month", "action"], name="comment_month_action"),
        ]

    def __str__(self) -> str:
        return f"{self.speaker} {self.month}: {self.text[:20]}"

    @property
    def target(self) -> Item | Unit | Action:
        return self.item or self.unit or self.action

    @property
    def target_kind(self) -> str:
        return "item" if self.item_id else "unit" if self.unit_id else "action"

    @property
    def speaker(self) -> str:
        """Who said it: the leader named, else the login that wrote it."""
        return str(self.on_behalf_of or self.author)

    @property
    def entered_for_someone_else(self) -> bool:
        """代录: written by a login other than the leader named (a leader's own comment
        names their own Official record and is not 代录)."""
        return self.on_behalf_of is not None and self.speaker != str(self.author)


class AssignmentStatus(models.TextChoices):
    OPEN = "open", _("待办理")
    IN_PROGRESS = "in_progress", _("办理中")
    DONE = "done", _("已办结待销号")
    CLOSED = "closed", _("已销号")


class AssignmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> AssignmentQuerySet:
        """Leaders and the office see every assignment; a unit only those it must handle."""
        if user.sees_district:
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
        earlier = Q(month__year__lt=month.year) | Q(
            month__year=month.year, month__number__lt=month.number
        )
        return self.overdue(today).filter(earlier)

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


class RatingState(models.TextChoices):
    OPEN = "open", _("测评中")
    CLOSED = "closed", _("已结束")


class RatingSession(models.Model):
    """An on-site rating (现场测评) of the units presenting at one meeting."""

    month = models.ForeignKey(
        Month, verbose_name=_("会议月份"), on_delete=models.PROTECT, related_name="rating_sessions"
    )
    title = models.CharField(_("测评名称"), max_length=100)
    # Unguessable: the QR code on the big screen carries it.
    token = models.CharField(_("访问令牌"), max_length=32, unique=True)
    units = models.ManyToManyField(Unit, verbose_name=_("汇报单位"), related_name="+")
    min_score = models.DecimalField(_("最低分"), max_digits=6, decimal_places=2, default=0)
    max_score = models.DecimalField(
        _("最高分"), max_digits=6, decimal_places=2, default=Decimal("100")
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=RatingState.choices, default=RatingState.OPEN
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("结束人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("现场测评")
        verbose_name_plural = _("现场测评")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_score__lt=models.F("max_score")), name="rating_range_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:rating_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state == RatingState.OPEN


class RatingSeat(models.Model):
    """A guest seat (席位): a one-time code that lets one attendee vote without a login."""

    session = models.ForeignKey(
        RatingSession, verbose_name=_("现场测评"), on_delete=models.CASCADE, related_name="seats"
    )
    number = models.PositiveIntegerField(_("席位号"))
    code = models.CharField(_("席位码"), max_length=16)

    class Meta:
        ordering = ["session", "number"]
        verbose_name = _("测评席位")
        verbose_name_plural = _("测评席位")
        constraints = [
            models.UniqueConstraint(fields=["session", "code"], name="seat_unique_code"),
            models.UniqueConstraint(fields=["session", "number"], name="seat_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number:02d} {self.code}"


class Vote(models.Model):
    """One attendee's score for one unit, updated in place while the session is open."""

    session = models.ForeignKey(
        RatingSession, verbose_name=_("现场测评"), on_delete=models.CASCADE, related_name="votes"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("打分人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    seat = models.ForeignKey(
        RatingSeat,
        verbose_name=_("席位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="votes",
    )
    score = models.DecimalField(_("分数"), max_digits=6, decimal_places=2)
    created_at = models.DateTimeField(_("打分时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        ordering = ["session", "unit", "pk"]
        verbose_name = _("测评打分")
        verbose_name_plural = _("测评打分")
        constraints = [
            # NULLs are distinct in unique constraints on SQLite and PostgreSQL alike, so
            # each constraint bites only on the attendee kind it names.
            models.UniqueConstraint(
                fields=["session", "unit", "user"], name="vote_once_per_user_unit"
            ),
            models.UniqueConstraint(
                fields=["session", "unit", "seat"], name="vote_once_per_seat_unit"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False, seat__isnull=True)
                | Q(user__isnull=True, seat__isnull=False),
                name="vote_exactly_one_attendee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.score}"


class RatingResult(models.Model):
    """A unit's frozen result when the session closes: the trimmed mean of its votes."""

    session = models.ForeignKey(
        RatingSession, verbose_name=_("现场测评"), on_delete=models.CASCADE, related_name="results"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    vote_count = models.PositiveIntegerField(_("有效票数"))
    mean = models.DecimalField(_("测评均分"), max_digits=6, decimal_places=2, null=True)
    # The 加分 it turned into, once the office adds it to the 区级 board.
    bonus = models.OneToOneField(
        "actions.BonusPenalty",
        verbose_name=_("计入加分"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["session", "unit__code"]
        verbose_name = _("测评结果")
        verbose_name_plural = _("测评结果")
        constraints = [
            models.UniqueConstraint(fields=["session", "unit"], name="result_unique_session_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.mean}"
