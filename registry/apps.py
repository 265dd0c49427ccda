from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = _("Registri IKM")

    def ready(self):
        from accounts import personal_data

        from . import personal_data as registry_personal_data

        personal_data.register_businesses(registry_personal_data.BUSINESSES, registry_personal_data.owned_businesses)
