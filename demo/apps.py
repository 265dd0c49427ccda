from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo seeder: the top room, above every app it seeds (README "Layers")."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = _("Data demo")
