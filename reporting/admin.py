"""The reporting records in the admin, read-only: months, reports and 加减分 change only
through the services (the pages), which bump versions, keep history and rescore."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from actions.admin import ReadOnlyAdmin

from .models import BonusPenalty, Evidence, LedgerImport, Month, Report


class ReadOnlyHistoryAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    pass


@admin.register(Month)
class MonthAdmin(ReadOnlyHistoryAdmin):
    list_display = ("__str__", "state", "deadline")
    list_filter = ("state", "year")


@admin.register(Report)
class ReportAdmin(ReadOnlyHistoryAdmin):
    list_display = ("item", "month", "state", "value", "rank", "peer_count", "progress", "late")
    list_filter = ("state", "month", "item__lead_unit", "late")
    list_select_related = ("item", "month")
    search_fields = ("item__code", "item__name")


@admin.register(BonusPenalty)
class BonusPenaltyAdmin(ReadOnlyHistoryAdmin):
    list_display = ("unit", "month", "points", "reason")
    list_filter = ("month", "unit__group")
    list_select_related = ("unit", "month")


@admin.register(LedgerImport)
class LedgerImportAdmin(ReadOnlyAdmin):
    list_display = ("filename", "status", "created_by", "created_at", "finished_at")
    list_filter = ("status",)


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("name", "report", "kind", "size", "uploaded_by", "uploaded_at")
    list_select_related = ("report__item", "report__month", "uploaded_by")
    search_fields = ("name", "report__item__code")
