"""`migrate` as the database owner: the application's role may not change the schema (dip/db_roles.py)."""

from django.core.management.commands import migrate

from dip import db_roles


class Command(migrate.Command):
    def handle(self, *args, **options):
        with db_roles.as_owner(options["database"]):
            return super().handle(*args, **options)
