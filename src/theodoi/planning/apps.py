from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "theodoi.planning"
    label = "planning"
    verbose_name = _("Kế hoạch, chỉ tiêu, nhiệm vụ")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from theodoi.planning.importing import background  # noqa: F401 - registers the job reading scans
        from theodoi.planning.selectors.texts import forget_names
        from theodoi.planning.services import counts, state, warnings
        from theodoi.storage import lookups  # noqa: F401 - registers ``field__any`` (many ids, one parameter)
        from theodoi.tenancy.models import Unit

        warnings.connect()
        state.connect()
        counts.connect()  # after the state: a unit's counts read its tasks' state
        # the names two units share (``unit_label``) are read again once a unit changes
        post_save.connect(forget_names, sender=Unit, dispatch_uid="unit-names")
        post_delete.connect(forget_names, sender=Unit, dispatch_uid="unit-names-deleted")
