"""Read-only admin of scored months: results are written by the scoring services only."""

from django.contrib import admin

from actions.admin import ReadOnlyAdmin

from .models import ActionResult, ItemResult, ScoreRun, UnitResult


class UnitResultInline(admin.TabularInline):
    model = UnitResult
    fields = ("board", "group", "rank", "unit_code", "unit_name", "score", "bonus", "movement")
    readonly_fields = fields
    can_delete = False
    extra = 0
    ordering = ("board", "group", "rank", "unit_code")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ScoreRun)
class ScoreRunAdmin(ReadOnlyAdmin):
    list_display = ("month", "kind", "revision", "status", "computed_at", "created_by", "reason")
    list_filter = ("kind", "status", "month")
    list_select_related = ("month", "created_by")
    inlines = [UnitResultInline]


@admin.register(ItemResult)
class ItemResultAdmin(ReadOnlyAdmin):
    list_display = ("item_code", "item_name", "run", "lead_unit_name", "rule", "score", "band")
    list_filter = ("run__month", "run__kind", "band", "rule", "level")
    list_select_related = ("run__month",)
    search_fields = ("item_code", "item_name", "lead_unit_name")


@admin.register(UnitResult)
class UnitResultAdmin(ReadOnlyAdmin):
    list_display = ("unit_name", "board", "group", "run", "rank", "score", "movement")
    list_filter = ("run__month", "run__kind", "board", "group")
    list_select_related = ("run__month",)
    search_fields = ("unit_code", "unit_name")


@admin.register(ActionResult)
class ActionResultAdmin(ReadOnlyAdmin):
    list_display = ("action_name", "run", "rank", "score", "movement", "leader")
    list_filter = ("run__month", "run__kind")
    list_select_related = ("run__month",)
