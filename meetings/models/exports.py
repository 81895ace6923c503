"""Meeting workbooks built in the background (后台生成会议材料).

The table keeps its name from when it lived in `scoring`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.models import Month


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class MeetingExport(models.Model):
    """A meeting workbook built in the background (后台生成会议材料) and its stored file.

    `revision` pins the publication it exports; None exports the live preview as it is
    when the worker builds it.
    """

    month = models.ForeignKey(
        Month, verbose_name=_("月份"), on_delete=models.PROTECT, related_name="meeting_exports"
    )
    revision = models.PositiveIntegerField(_("版本"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    file = models.FileField(_("文件"), upload_to="exports/meetings/%Y/%m/", blank=True)
    error = models.TextField(_("错误"), blank=True)
    created_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        db_table = "scoring_meetingexport"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("会议材料导出")
        verbose_name_plural = _("会议材料导出")
        indexes = [
            # The board page lists a month's latest exports.
            models.Index(fields=["month", "-created_at"], name="meetingexport_month_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.run_label} {self.get_status_display()}"

    @property
    def run_label(self) -> str:
        if self.revision:
            return _("第%(n)s版") % {"n": self.revision}
        return str(_("预览"))

    @property
    def finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)
