"""Writes of the dashboard app that are not exports."""

from .models import PersonalDataAccess


def personal_data_log_purge(*, now=None):
    """Delete access-log rows older than the retention period; returns how many went."""
    count, _ = PersonalDataAccess.objects.expired(now).delete()
    return count
