"""`flush` (used by transactional tests between tests) as the database owner: the application's role may
not truncate the audit and consent tables (dip/db_roles.py)."""

from django.core.management.commands import flush

from dip import db_roles


class Command(flush.Command):
    def handle(self, **options):
        with db_roles.as_owner(options["database"]):
            return super().handle(**options)
