from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate


def _sync_roles(sender, **kwargs):
    from .roles import sync_roles

    sync_roles()


class TubanIkmConfig(AppConfig):
    default = True  # this module also holds AdminSiteConfig
    name = "tuban_ikm"
    verbose_name = "Registri IKM Tuban"

    def ready(self):
        from . import checks, context_processors, files  # noqa: F401  (SITE_URL and private media checks; log-in receiver)
        from .images import configure_pillow

        configure_pillow()
        # Sent once per app; sync after the last data app so every permission exists.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="tuban_ikm_sync_roles")


class AdminSiteConfig(admin_apps.AdminConfig):
    """django.contrib.admin (in INSTALLED_APPS) whose admin.site is a TubanAdminSite."""

    default = False  # the configuration of django.contrib.admin, not of this app

    default_site = "tuban_ikm.admin_lists.TubanAdminSite"
