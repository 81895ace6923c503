from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutletsConfig(AppConfig):
    """What a published month gives the outside (DESIGN §9): the public page, the API
    and the webhooks, all read from the published snapshot."""

    name = "outlets"
    verbose_name = _("对外发布")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the publish signal)
