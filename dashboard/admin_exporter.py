"""What the admin's export mixin (tuban_ikm/admin_exports.py) needs from the dashboard's
exporter; installed with `admin_exports.set_exporter` in DashboardConfig.ready()."""

from .exporting import FORMAT_LABELS, FORMATS, dataset_for_model, export_response, may_export, prepare_export  # noqa: F401
from .models import ExportLog

ADMIN_SOURCE = ExportLog.Source.ADMIN


def importable_models():
    from registry.importing import SHEETS

    return {sheet.resource._meta.model for sheet in SHEETS}
