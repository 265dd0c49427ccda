from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "aid"
    verbose_name = _("Program bantuan")

    def ready(self):
        from . import import_sheets

        # The assistance sheet plugs into the registry's spreadsheet import.
        import_sheets.register()
