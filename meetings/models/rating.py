"""On-site rating (现场测评): sessions, guest seats, votes and results. A vote is cast by
exactly one attendee (a login or a guest seat) and at most once per unit."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.models import Unit
from reporting.models import Month


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
        "reporting.BonusPenalty",
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
