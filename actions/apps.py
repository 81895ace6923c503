from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "actions"
    verbose_name = _("八大行动与事项")

    def ready(self) -> None:
        # Celery's autodiscovery imports only tasks.py; the reminder tasks live apart.
        from . import reminder_tasks  # noqa: F401
        from .queries import HOME_EXTRAS
        from .reporting_queries import home_notices

        if home_notices not in HOME_EXTRAS:
            HOME_EXTRAS.append(home_notices)
