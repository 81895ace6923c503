from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZzdConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zzd"
    verbose_name = _("浙政钉")
