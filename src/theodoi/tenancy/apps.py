from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "theodoi.tenancy"
    label = "tenancy"
    verbose_name = _("Đơn vị và người dùng")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from theodoi.security import ask_second_factor

        user_logged_in.connect(ask_second_factor, dispatch_uid="theodoi-second-factor")
