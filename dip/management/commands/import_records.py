"""Import a JSON Lines interchange file (spec/interchange.md): all or nothing, idempotent by ref."""

import sys

from django.core.management.base import BaseCommand, CommandError

from dip.interchange.importer import import_file, import_stream
from dip.models import User


def user_option(username: str | None):
    if not username:
        return None
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"No user called {username!r}.") from None


class Command(BaseCommand):
    help = "Import records from a JSON Lines file. A file with any problem imports nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the .jsonl file, or - for standard input.")
        parser.add_argument("--user", help="Username recorded in the audit log as the importer.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and write nothing.")

    def handle(self, *args, **options):
        user = user_option(options["user"])
        try:
            if options["file"] == "-":
                result = import_stream(sys.stdin.buffer, name="-", user=user, dry_run=options["dry_run"])
            else:
                result = import_file(options["file"], user=user, dry_run=options["dry_run"])
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}") from None
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(str(problem))
            more = f" (stopped after the first {len(result.problems)})" if result.truncated else ""
            raise CommandError(f"{len(result.problems)} problems{more}; nothing was imported.", returncode=1)
        summary = ", ".join(
            f"{name}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
            for name, c in result.counts.items()
        )
        verb = "Checked" if options["dry_run"] else "Imported"
        self.stdout.write(f"{verb} {result.lines} lines. {summary or 'No records.'}")
