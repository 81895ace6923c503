from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, Item, Official, PlanYear, Unit
from .signals import plan_changed


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records written by the services only (reports, months, score runs, ratings):
    the admin shows them and their history; the pages change them."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "group",
        "inactive_from",
        "contact_name",
        "contact_mobile",
        "contact_email",
    )
    fieldsets = (
        (None, {"fields": ("code", "name", "group", "inactive_from")}),
        (_("联系人"), {"fields": ("contact_name", "contact_mobile", "contact_email")}),
        (_("工作群机器人"), {"fields": ("robot_webhook", "robot_secret")}),
    )
    list_filter = ("group",)
    search_fields = ("code", "name")


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ("name", "title")
    search_fields = ("name", "title")


@admin.register(PlanYear)
class PlanYearAdmin(admin.ModelAdmin):
    list_display = ("year",)


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ("plan_year", "order", "code", "name", "leader", "lead_unit")
    list_display_links = ("code",)
    list_editable = ("order",)
    list_filter = ("plan_year",)
    list_select_related = ("plan_year", "leader", "lead_unit")
    search_fields = ("code", "name")


@admin.register(Item)
class ItemAdmin(SimpleHistoryAdmin):
    list_display = (
        "plan_year",
        "code",
        "name",
        "action",
        "kind",
        "level",
        "lead_unit",
        "cadence",
        "weight",
    )
    list_filter = ("plan_year", "kind", "level", "cadence", "direction")
    list_select_related = ("plan_year", "action", "lead_unit")
    search_fields = ("code", "name")
    filter_horizontal = ("co_units",)
    autocomplete_fields = ("lead_unit", "responsible_official", "action")

    def save_related(self, request, form, formsets, change) -> None:
        # After the co-units too: the plan's change reaches the scored previews.
        super().save_related(request, form, formsets, change)
        plan_changed.send(sender=Item, year=form.instance.plan_year.year)

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        plan_changed.send(sender=Item, year=obj.plan_year.year)
