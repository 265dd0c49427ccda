from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dashboard"
    verbose_name = _("Dasbor dan ekspor")

    def ready(self):
        # The rooms below use the export log, the exporter and the erasure through these hooks.
        from accounts.anonymisation import erasing
        from tuban_ikm import access_log, admin_exports

        from . import admin_exporter
        from .erasure import erase_export_filters
        from .models import PersonalDataAccess

        admin_exports.set_exporter(admin_exporter)
        access_log.set_recorder(lambda **fields: PersonalDataAccess.objects.create(**fields))
        erasing.connect(erase_export_filters, dispatch_uid="dashboard.erasure")

        from . import signals

        signals.connect()
