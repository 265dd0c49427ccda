"""System checks of the project's own settings."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def check_site_url(app_configs=None, **kwargs):
    """Links in emails and WhatsApp shares start with SITE_URL: in production it must be set,
    and https (a link that leaks a reset token over plain HTTP is not acceptable)."""
    if settings.DEBUG:
        return []
    value = getattr(settings, "SITE_URL", "") or ""
    parts = urlsplit(value)
    if not value:
        return [
            checks.Warning(
                "SITE_URL is not set: links in emails and WhatsApp shares would have no host.",
                hint="Set SITE_URL in the environment, e.g. https://ikm.tubankab.go.id",
                id="tuban_ikm.W001",
            )
        ]
    if parts.scheme != "https" or not parts.netloc or parts.path not in ("", "/") or parts.query:
        return [
            checks.Warning(
                f"SITE_URL ({value}) is not an https address of the site's root.",
                hint="Use the public https address without a path, e.g. https://ikm.tubankab.go.id",
                id="tuban_ikm.W001",
            )
        ]
    return []
