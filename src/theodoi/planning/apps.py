from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "theodoi.planning"
    label = "planning"
    verbose_name = _("Kế hoạch, chỉ tiêu, nhiệm vụ")

    def ready(self) -> None:
        from theodoi.planning.services import state, warnings

        warnings.connect()
        state.connect()
