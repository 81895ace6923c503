"""Files built in the background (后台生成): the meeting workbook and, in notices.py,
the 通报's PDF preview, both on one base, built through meetings.filejobs.

The workbook's table keeps its name from when it lived in `scoring`."""

from __future__ import annotations

from django.conf import settings
from django.core.files import File
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.models import Month


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class FileJob(models.Model):
    """A file a worker builds for a month: who asked and when, how it went (排队中 →
    生成中 → 已完成 / 失败, with a readable error) and when it finished. A subclass adds
    its month and its `file`."""

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
    error = models.TextField(_("错误"), blank=True)
    created_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    file: models.FileField

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    @property
    def finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

    def store(self, name: str, content) -> str:
        """Save `content` through the file's storage as `name`; the stored name."""
        return self.file.storage.save(self.file.field.generate_filename(self, name), File(content))


class MeetingExport(FileJob):
    """A meeting workbook built in the background (后台生成会议材料) and its stored file.

    `revision` pins the publication it exports; None exports the live preview as it is
    when the worker builds it.
    """

    month = models.ForeignKey(
        Month, verbose_name=_("月份"), on_delete=models.PROTECT, related_name="meeting_exports"
    )
    revision = models.PositiveIntegerField(_("版本"), null=True, blank=True)
    file = models.FileField(_("文件"), upload_to="exports/meetings/%Y/%m/", blank=True)

    class Meta(FileJob.Meta):
        db_table = "scoring_meetingexport"
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
