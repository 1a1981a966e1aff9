from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "theodoi.reporting"
    label = "reporting"
    verbose_name = _("Báo cáo")

    def ready(self) -> None:
        from theodoi.reporting.rules import report_rule
        from theodoi.tenancy import permissions

        permissions.register("reporting.Report", report_rule)
