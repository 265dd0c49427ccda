"""Settings for the app server started by test_database_outage_real: the throwaway cluster's
tables are made straight from the models (no migrations: seconds instead of tens of them)."""

from tuban_ikm.settings_test import *  # noqa: F403


class _NoMigrations:
    def __contains__(self, item):
        return True

    def __getitem__(self, item):
        return None


MIGRATION_MODULES = _NoMigrations()
DEBUG = False
