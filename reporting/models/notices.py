"""Notices (通知) on users' home pages, the reminders sent to units, and the delivery log
(发送记录) of every message on every channel."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from actions.models import Unit


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
        db_table = "actions_notification"
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
    MANUAL = "manual", _("考核办催报")


class ReminderSent(models.Model):
    """One reminder sent to a unit for a month, deadline and step (the three scheduled
    ones and the office's one-click 催报); the unique constraint is what keeps a reminder
    from ever going out twice for the same unit and deadline, even with two workers
    racing. A changed deadline is a new deadline to remind of."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+"
    )
    month = models.ForeignKey(
        "reporting.Month", verbose_name=_("月份"), on_delete=models.CASCADE, related_name="+"
    )
    step = models.CharField(_("提醒节点"), max_length=16, choices=ReminderStep.choices)
    deadline = models.DateField(_("报送截止日"))
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("邮件收件人数"), default=0)

    class Meta:
        db_table = "actions_remindersent"
        ordering = ["-sent_at"]
        verbose_name = _("报送提醒")
        verbose_name_plural = _("报送提醒")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month", "deadline", "step"],
                name="reminder_unique_unit_deadline_step",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month} {self.get_step_display()}"


class Channel(models.TextChoices):
    NOTICE = "notice", _("站内通知")
    EMAIL = "email", _("邮件")
    ROBOT = "robot", _("工作群机器人")
    # Per person, through the 浙政钉 gateway (only while 浙政钉 is on).
    ZZD_NOTICE = "zzd_notice", _("浙政钉工作通知")
    ZZD_TODO = "zzd_todo", _("浙政钉待办")


class Todo(models.Model):
    """A 浙政钉 待办 opened for one person of a unit by a month's 催报: finished through
    the gateway when the unit's reports for the month are all in, or when the month
    closes. ``task_uuid`` is the gateway's id for it, once created."""

    month = models.ForeignKey(
        "reporting.Month", verbose_name=_("月份"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="+"
    )
    biz_task_id = models.CharField(_("业务待办编号"), max_length=100, unique=True)
    task_uuid = models.CharField(_("浙政钉待办编号"), max_length=100, blank=True)
    opened_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("浙政钉待办")
        verbose_name_plural = _("浙政钉待办")
        constraints = [
            # One open 待办 per person, unit and month; a unit reminded again after it
            # had reported (a report sent back) gets a new one.
            models.UniqueConstraint(
                fields=["month", "unit", "user"],
                condition=models.Q(finished_at__isnull=True),
                name="todo_one_open_per_month_unit_user",
            ),
        ]

    def __str__(self) -> str:
        return self.biz_task_id


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    SKIPPED = "skipped", _("未发送")  # the unit has no one to reach on this channel


class Delivery(models.Model):
    """One message on one channel (发送记录): a reminder, a 催报 or a "boards published"
    notice to a unit (or, with no unit, to the district's default work group). ``key``
    names the message, so the same one is never queued twice; a Celery task sends it
    and leaves the result here (sent, or failed and why)."""

    key = models.CharField(_("消息标识"), max_length=200, unique=True)
    month = models.ForeignKey(
        "reporting.Month", verbose_name=_("月份"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, null=True, related_name="+"
    )
    # The person, for the channels that reach one person each (浙政钉).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    todo = models.ForeignKey(
        Todo, verbose_name=_("待办"), on_delete=models.CASCADE, null=True, blank=True
    )
    purpose = models.CharField(_("事由"), max_length=32)
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    recipient = models.CharField(_("接收方"), max_length=500, blank=True)
    subject = models.CharField(_("标题"), max_length=200, blank=True)
    text = models.TextField(_("内容"))
    status = models.CharField(
        _("状态"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    error = models.TextField(_("原因"), blank=True)
    answer = models.CharField(_("网关应答"), max_length=200, blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("发送记录")
        verbose_name_plural = _("发送记录")
        indexes = [models.Index(fields=["month", "-created_at"], name="delivery_month_recent")]

    def __str__(self) -> str:
        return self.key
