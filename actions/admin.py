from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, BonusPenalty, Item, Month, Official, Report, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "group")
    list_filter = ("group",)
    search_fields = ("code", "name")


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ("name", "title")
    search_fields = ("name", "title")


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "leader", "lead_unit")
    list_select_related = ("leader", "lead_unit")
    search_fields = ("code", "name")


@admin.register(Item)
class ItemAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "action", "kind", "level", "lead_unit", "cadence", "weight")
    list_filter = ("action", "kind", "level", "cadence", "direction")
    list_select_related = ("action", "lead_unit")
    search_fields = ("code", "name")
    filter_horizontal = ("co_units",)
    autocomplete_fields = ("lead_unit", "responsible_official", "action")


@admin.register(Month)
class MonthAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "state", "deadline")
    list_filter = ("state", "year")


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ("item", "month", "state", "value", "rank", "peer_count", "progress", "late")
    list_filter = ("state", "month", "item__lead_unit", "late")
    list_select_related = ("item", "month")
    search_fields = ("item__code", "item__name")
    raw_id_fields = ("item",)


@admin.register(BonusPenalty)
class BonusPenaltyAdmin(SimpleHistoryAdmin):
    list_display = ("unit", "month", "points", "reason")
    list_filter = ("month", "unit__group")
    list_select_related = ("unit", "month")
