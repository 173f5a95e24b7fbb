"""Export every record of the implemented types as a JSON Lines interchange file (spec/interchange.md)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from dip.interchange import registry
from dip.interchange.exporter import export_file, export_stream
from dip.management.commands.import_records import user_option


class Command(BaseCommand):
    help = "Export records to a JSON Lines file ('-' for standard output)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the .jsonl file to write, or - for standard output.")
        parser.add_argument("--user", required=True,
                            help="Who runs the export (required): the audit event names them and every client exported.")
        parser.add_argument("--type", action="append", dest="types", help="Only this type (repeatable).")

    def handle(self, *args, **options):
        user = user_option(options["user"])
        if user is None:  # records leaving the system always name who took them (issue 12, point 6)
            raise CommandError("Give --user: an export names who ran it.")
        types = options["types"]
        known = {cls.type for cls in registry.ordered()}
        for name in types or ():
            if name not in known:
                raise CommandError(f"Type {name!r} cannot be exported (implemented: {', '.join(sorted(known))}).")
        if options["file"] == "-":
            counts = export_stream(sys.stdout, user=user, name="-", types=types)
        else:
            try:
                counts = export_file(options["file"], user=user, types=types)
            except OSError as error:
                raise CommandError(f"Cannot write {options['file']}: {error.strerror}") from None
        summary = ", ".join(f"{name}: {n}" for name, n in counts.items())
        out = self.stderr if options["file"] == "-" else self.stdout  # keep standard output pure JSON Lines
        out.write(f"Exported {sum(counts.values())} records. {summary}")
