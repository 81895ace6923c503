"""Leader comments (领导点评) on an item, a unit or an action; each has exactly one target."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.models import Action, Item, Official, Unit
from reporting.models import Month


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
