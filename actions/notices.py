"""In-app notices (站内通知) and the record of reporting reminders (报送提醒) sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def for_user(self, user) -> NotificationQuerySet:
        return self.filter(user=user)


class Notification(models.Model):
    """A notice (通知) shown on a user's home page until read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    text = models.CharField(_("内容"), max_length=500)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.text


class ReminderStep(models.TextChoices):
    BEFORE_3 = "before_3", _("截止前3天")
    BEFORE_1 = "before_1", _("截止前1天")
    AFTER_1 = "after_1", _("截止后1天")


class ReminderSent(models.Model):
    """One reminder sent to a unit for a month and step; the unique constraint is what
    keeps a reminder from ever going out twice, even with two workers racing."""

    unit = models.ForeignKey(
        "actions.Unit", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+"
    )
    month = models.ForeignKey(
        "actions.Month", verbose_name=_("月份"), on_delete=models.CASCADE, related_name="+"
    )
    step = models.CharField(_("提醒节点"), max_length=16, choices=ReminderStep.choices)
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("邮件收件人数"), default=0)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("报送提醒")
        verbose_name_plural = _("报送提醒")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month", "step"], name="reminder_unique_unit_month_step"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month} {self.get_step_display()}"
