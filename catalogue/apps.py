from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def set_search_threshold(sender, connection, **kwargs):
    """pg_trgm's `<%` operator (catalogue search, typos) matches from the session's
    word_similarity_threshold (0.6 by default): set it to the catalogue's threshold."""
    if connection.vendor != "postgresql":
        return
    from .selectors import TRIGRAM_THRESHOLD

    with connection.cursor() as cursor:
        cursor.execute("SET pg_trgm.word_similarity_threshold = %s", [TRIGRAM_THRESHOLD])


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Katalog, desa dan permintaan")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401

        connection_created.connect(set_search_threshold, dispatch_uid="catalogue_search_threshold")
