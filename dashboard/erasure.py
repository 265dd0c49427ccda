"""The dashboard's part of erasing a person (accounts.anonymisation.erasing, connected in
DashboardConfig.ready()): search terms typed into an export's filters ("Siti", a phone
number) are personal too; the log itself (who exported what, when) stays."""

from accounts.anonymisation import ERASED, mentions

from .models import ExportLog


def erase_export_filters(sender, *, needles, **kwargs):
    for log in ExportLog.objects.exclude(filters={}).iterator():
        if mentions(log.filters, needles):
            log.filters = {key: ERASED if mentions(value, needles) else value for key, value in log.filters.items()}
            log.save(update_fields=["filters"])
