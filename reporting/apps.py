from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _

from .converters import MonthLabelConverter


class ReportingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reporting"
    verbose_name = _("月度填报")

    def ready(self) -> None:
        # Before any URLconf is read: every app's routes name months as <month:...>.
        register_converter(MonthLabelConverter, "month")
