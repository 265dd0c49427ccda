from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Katalog, desa dan permintaan")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts.anonymisation import erasing

        from . import signals  # noqa: F401
        from .erasure import erase_published_contact

        erasing.connect(erase_published_contact, dispatch_uid="catalogue.erasure")
