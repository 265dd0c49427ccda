from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = _("Registri IKM")

    def ready(self):
        # accounts lies below the registry: it is told about businesses through these hooks.
        from accounts import personal_data
        from accounts.anonymisation import erasing

        from . import personal_data as registry_personal_data
        from .erasure import erase_businesses

        personal_data.register_businesses(registry_personal_data.BUSINESSES, registry_personal_data.owned_businesses)
        erasing.connect(erase_businesses, dispatch_uid="registry.erasure")

        from . import completeness_store

        completeness_store.connect()
