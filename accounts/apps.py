from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Akun pengguna")

    def ready(self):
        # Connects the sign-in receivers (session length by role, second factor due) at start-up,
        # not only once the middleware module happens to be imported by a first request.
        from . import security  # noqa: F401
