from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "aid"
    verbose_name = _("Program bantuan")

    def ready(self):
        from accounts.anonymisation import erasing

        from .erasure import erase_aid_records

        erasing.connect(erase_aid_records, dispatch_uid="aid.erasure")

        from . import import_sheets

        # The assistance sheet plugs into the registry's spreadsheet import.
        import_sheets.register()
