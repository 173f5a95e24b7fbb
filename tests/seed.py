"""Put back the rows the data migrations seed (roles, trigger offences) after a transactional test.

A live-server or transactional test ends by flushing every table, migration-seeded rows included, so a
later test in the same run would find no roles or trigger offences and fail depending on test order.
Each data migration's forward function is idempotent (get_or_create / update_or_create), so running them
all again is safe and keeps this list from going stale when an app adds one.
"""

from django.apps import apps
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython

PROJECT_APPS = {"dip", "clients", "testing", "assessments", "referrals", "supervision", "reports"}


def seed_functions():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in sorted(loader.disk_migrations, key=lambda k: (k[0] != "dip", k)):
        if key[0] in PROJECT_APPS:
            for operation in loader.disk_migrations[key].operations:
                if isinstance(operation, RunPython):
                    yield operation.code


def reseed_migration_data() -> None:
    for load in seed_functions():
        load(apps, None)
