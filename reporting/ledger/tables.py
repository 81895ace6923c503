import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from reporting.models import LedgerImport

from .reader import message_text


class LedgerImportTable(tables.Table):
    filename = tables.Column(
        verbose_name=_("文件名"), linkify=("reporting:ledger_preview", {"pk": tables.A("pk")})
    )
    status = tables.Column(verbose_name=_("状态"))
    created_by = tables.Column(verbose_name=_("上传人"))
    created_at = tables.DateTimeColumn(verbose_name=_("上传时间"), format="Y-m-d H:i")
    finished_at = tables.DateTimeColumn(verbose_name=_("完成时间"), format="Y-m-d H:i")

    class Meta:
        model = LedgerImport
        fields = ("filename", "status", "created_by", "created_at", "finished_at")
        attrs = {"class": "table table-sm table-hover align-middle"}
        orderable = False
        empty_text = _("还没有导入记录")


class SheetCountTable(tables.Table):
    """Per sheet: rows created, updated and unchanged (预览 or 结果)."""

    sheet = tables.Column(verbose_name=_("工作表"))
    created = tables.Column(verbose_name=_("新增"), attrs={"td": {"class": "num"}})
    updated = tables.Column(verbose_name=_("更新"), attrs={"td": {"class": "num"}})
    unchanged = tables.Column(verbose_name=_("未变化"), attrs={"td": {"class": "num"}})

    class Meta:
        attrs = {"class": "table table-sm align-middle"}
        orderable = False


class LedgerErrorTable(tables.Table):
    sheet = tables.Column(verbose_name=_("工作表"), default="")
    row = tables.Column(verbose_name=_("行号"), default="")
    column = tables.Column(verbose_name=_("列"), default="")
    value = tables.Column(verbose_name=_("内容"), default="")
    message = tables.Column(verbose_name=_("问题"))

    class Meta:
        attrs = {"class": "table table-sm table-striped align-middle"}
        orderable = False

    def render_message(self, record: dict) -> str:
        # Stored in Chinese with its msgid; shown in the reader's language.
        return message_text(record)
