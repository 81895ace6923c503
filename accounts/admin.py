from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from .models import User


def _without_grants(fields: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f for f in fields if f not in ("groups", "user_permissions"))


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "role", "unit", "is_active", "last_login")
    list_filter = ("role", "is_active", "unit__group")
    search_fields = ("username", "display_name", "unit__name")
    # No groups or per-user permissions: a login's rights follow from its role alone
    # (accounts/rules.py), so the admin offers no second place to grant them.
    fieldsets = tuple(
        (name, {**options, "fields": _without_grants(options["fields"])})
        for name, options in BaseUserAdmin.fieldsets
    ) + ((_("晒比会角色"), {"fields": ("display_name", "role", "unit", "official")}),)
    filter_horizontal = ()
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("晒比会角色"), {"fields": ("display_name", "role", "unit", "official")}),
    )
    # Staff and superuser follow from the role (accounts.models.role_flags), set on save.
    readonly_fields = ("is_staff", "is_superuser")

    def save_model(self, request, obj, form, change) -> None:
        if not change or "role" in form.changed_data:
            obj.give_role(obj.role)
        super().save_model(request, obj, form, change)


# Groups grant nothing here (accounts.backends.LoginBackend): rights follow from roles.
admin.site.unregister(Group)
