from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, Item, Official, PlanYear, Unit
from .services import change_unit_group, set_action_order
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


UNIT_COLUMNS = (
    "code",
    "name",
    "group",
    "inactive_from",
    "contact_name",
    "contact_mobile",
    "contact_email",
)


class UnitForm(forms.ModelForm):
    """A unit; a change of its group (分组) names the plan year it starts in, and moves
    the unit in that year only, as a ledger of that year would."""

    group_year = forms.TypedChoiceField(
        label=_("分组改变的年度"),
        coerce=int,
        required=False,
        help_text=_("分组只在这一年度改变，其他年度保持原来的分组，该年度的预览随即重算"),
    )

    class Meta:
        model = Unit
        fields = (*UNIT_COLUMNS, "robot_webhook", "robot_secret")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = list(PlanYear.objects.order_by("-year").values_list("year", flat=True))
        self.fields["group_year"].choices = [("", "—")] + [(y, y) for y in years]
        current = PlanYear.objects.current()
        self.fields["group_year"].initial = current.year if current else None

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "group" in self.changed_data and not cleaned.get("group_year"):
            self.add_error("group_year", _("改变分组时请选择从哪个年度起改变"))
        return cleaned


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    form = UnitForm
    list_display = UNIT_COLUMNS
    fieldsets = (
        (None, {"fields": ("code", "name", "group", "group_year", "inactive_from")}),
        (_("联系人"), {"fields": ("contact_name", "contact_mobile", "contact_email")}),
        (_("工作群机器人"), {"fields": ("robot_webhook", "robot_secret")}),
    )
    list_filter = ("group",)
    search_fields = ("code", "name")

    def save_model(self, request, obj, form, change) -> None:
        group = form.cleaned_data["group"]
        if change and "group" in form.changed_data:
            # Through the service: that year only, and the scoring hears of it.
            obj.group = Unit.objects.values_list("group", flat=True).get(pk=obj.pk)
            super().save_model(request, obj, form, change)
            change_unit_group(obj, form.cleaned_data["group_year"], group)
        else:
            super().save_model(request, obj, form, change)


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

    def save_model(self, request, obj, form, change) -> None:
        order = obj.order
        if change and "order" in form.changed_data:
            obj.order = form.initial["order"]  # the service moves it, and tells the scoring
        super().save_model(request, obj, form, change)
        if obj.order != order:
            set_action_order(obj, order)

    def save_related(self, request, form, formsets, change) -> None:
        # Names, leaders and lead units are copied into the scored rows: previews follow.
        super().save_related(request, form, formsets, change)
        plan_changed.send(sender=Action, year=form.instance.plan_year.year)


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
