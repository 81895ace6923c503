"""The month's 通报 as the office last edited it, with every earlier version kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reporting.models import Month

from .exports import FileJob

# A 通报 is a few pages; the limit keeps a pasted workbook out of the database.
NOTICE_MAX_CHARS = 30_000


class Notice(models.Model):
    """The office's edited text of a month's 通报 (one paragraph a line, the title first).

    A month without a row has not been edited: its 通报 is drafted afresh from the data
    whenever it is asked for.
    """

    month = models.OneToOneField(
        Month, verbose_name=_("月份"), on_delete=models.PROTECT, related_name="notice"
    )
    text = models.TextField(_("通报正文"), max_length=NOTICE_MAX_CHARS)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("修改时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("通报")
        verbose_name_plural = _("通报")

    def __str__(self) -> str:
        return f"{self.month} {self._meta.verbose_name}"


class NoticePreview(FileJob):
    """A PDF of the month's 通报 as it stood when asked for, made by LibreOffice in the
    background (后台生成), so the office sees the pages before sending the Word file."""

    month = models.ForeignKey(
        Month, verbose_name=_("月份"), on_delete=models.PROTECT, related_name="notice_previews"
    )
    file = models.FileField(_("文件"), upload_to="exports/notices/%Y/%m/", blank=True)

    class Meta(FileJob.Meta):
        verbose_name = _("通报预览")
        verbose_name_plural = _("通报预览")

    def __str__(self) -> str:
        return f"{self.month} {self._meta.verbose_name} {self.get_status_display()}"


class NoticeLetterhead(models.Model):
    """The office's 版头 and 版记 of every 通报 (通报版头设置), set once on its own page:
    the 发文机关标志, the 发文字号's prefix and the 抄送 line. One row; until the office
    saves it, `meetings.notice.letterhead` uses the district's defaults."""

    issuer = models.CharField(_("发文机关"), max_length=60)
    prefix = models.CharField(_("发文字号前缀"), max_length=20)
    copy_to = models.CharField(_("抄送"), max_length=300, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("修改时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("通报版头")
        verbose_name_plural = _("通报版头")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="noticeletterhead_one_row")
        ]

    def __str__(self) -> str:
        return self.issuer


class MeetingDate(models.Model):
    """The day a month's 晒比会 was held (会议日期), set by the office: the 通报's 落款
    date. A month without a row is dated by its first publication."""

    month = models.OneToOneField(
        Month, verbose_name=_("月份"), on_delete=models.PROTECT, related_name="meeting_date"
    )
    held_on = models.DateField(_("会议日期"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("设置人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会议日期")
        verbose_name_plural = _("会议日期")

    def __str__(self) -> str:
        return f"{self.month} {self.held_on:%Y-%m-%d}"
