from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "theodoi.exchange"
    label = "exchange"
    verbose_name = _("Trao đổi dữ liệu")

    def ready(self) -> None:
        from theodoi.exchange import upward  # noqa: F401 - registers the job that sends reports up
