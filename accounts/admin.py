from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "role", "unit", "is_active", "last_login")
    list_filter = ("role", "is_active", "unit__group")
    search_fields = ("username", "display_name", "unit__name")
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("晒比会角色"), {"fields": ("display_name", "role", "unit", "official")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("晒比会角色"), {"fields": ("display_name", "role", "unit", "official")}),
    )
