from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "messaging"
    verbose_name = _("Pesan dengan Dinas")

    def ready(self):
        from accounts.signals import personal_data_erased

        from .receivers import erase_threads

        personal_data_erased.connect(erase_threads, dispatch_uid="messaging_erase_threads")
