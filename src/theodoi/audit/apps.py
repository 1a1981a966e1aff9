from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "theodoi.audit"
    label = "audit"
    verbose_name = _("Nhật ký thay đổi")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from theodoi.audit.chains import forget

        # a unit saved may have moved to another province: its chain is looked up again
        post_save.connect(forget, sender="tenancy.Unit", dispatch_uid="audit-chains-units")
