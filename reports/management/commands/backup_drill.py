"""Backup and restore drill: dump, restore into a new database, compare row counts and the report's data file."""

import datetime
import subprocess

from django.core.management.base import BaseCommand, CommandError

from reports.drill import run_drill
from reports.models import NATIONAL
from reports.periods import Period


class Command(BaseCommand):
    help = ("Dump the database with pg_dump, restore it with pg_restore into <name>_drill, and check that every "
            "table's row count and the report's data file are the same in the copy. Exit 1 if anything differs.")

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="The report month to compare, YYYY-MM.")
        parser.add_argument("--area", default=NATIONAL, help=f"An area's ref, or {NATIONAL} (the default).")
        parser.add_argument("--as-at", required=True, help="Data cut-off date, YYYY-MM-DD.")
        parser.add_argument("--published", action="store_true", help="Compare the published (suppressed) file.")
        parser.add_argument("--keep", action="store_true", help="Keep the restored database for inspection.")

    def handle(self, *args, **options):
        try:
            period = Period.parse(options["period"])
            as_at = datetime.date.fromisoformat(options["as_at"])
        except ValueError as error:
            raise CommandError(f"{error}", returncode=1) from None
        try:
            result = run_drill(period=period, area_ref=options["area"], as_at=as_at, published=options["published"],
                               keep=options["keep"])
        except subprocess.CalledProcessError as error:
            raise CommandError(f"{error.cmd[0]} failed: {error.stderr.decode(errors='replace')[-500:]}", returncode=1) from None
        except Exception as error:  # a missing area, a missing tool: say so, exit 1
            raise CommandError(f"{type(error).__name__}: {error}", returncode=1) from None
        self.stdout.write(f"Dumped {result.source} ({result.dump_bytes:,} bytes) and restored it into {result.restored}: "
                          f"{result.tables} tables, {result.rows:,} rows.")
        if not result.ok:
            raise CommandError("The restored copy differs: " + "; ".join(result.differences), returncode=1)
        self.stdout.write(f"Identical: every table's row count, and the {options['area']} data file for {period} "
                          f"(sha256 {result.data_file_sha256}).")
