from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "scoring"
    verbose_name = _("评分与榜单")

    def ready(self) -> None:
        # Connects the receivers; models are loaded only once the registry is ready.
        from . import receivers  # noqa: F401
