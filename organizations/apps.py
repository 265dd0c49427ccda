from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "organizations"
    verbose_name = _("Asosiasi IKM")

    def ready(self):
        # Connects the log-in receiver that remembers whether the user is an officer (the
        # navigation's "Asosiasi" link); importing it here makes sure that a worker's first
        # request, which may be a log-in, already has it.
        from . import (
            context_processors,  # noqa: F401
            import_sheets,
        )

        # The memberships sheet and the officers' enrolment plug into the registry's import.
        import_sheets.register()
