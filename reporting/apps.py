from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Pelaporan berkala")

    def ready(self):
        from registry import hooks

        from .templatetags.reporting_tags import open_requests_context

        hooks.add_owner_notice("reporting/_open_requests.html", open_requests_context)
        from accounts.anonymisation import erasing

        from .erasure import erase_reports

        erasing.connect(erase_reports, dispatch_uid="reporting.erasure")
