from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dashboard"
    verbose_name = _("Dasbor dan ekspor")

    def ready(self):
        from tuban_ikm import access_log

        from .models import PersonalDataAccess

        access_log.set_recorder(lambda **fields: PersonalDataAccess.objects.create(**fields))
        from accounts.anonymisation import erasing

        from .erasure import erase_export_filters

        erasing.connect(erase_export_filters, dispatch_uid="dashboard.erasure")
