from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "theodoi.portal"
    label = "portal"
    verbose_name = _("Cổng công khai")

    def ready(self) -> None:
        from theodoi.portal.rules import register_rules

        register_rules()
