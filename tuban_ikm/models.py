from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Created and updated times on every registry record (the "last updated" checks need them)."""

    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        abstract = True


# Models that Dinas may import and export get two permissions beyond Django's four, so that
# django-import-export can require them (IMPORT_EXPORT_*_PERMISSION_CODE in settings).
DATA_PERMISSIONS = ("add", "change", "delete", "view", "import", "export")
