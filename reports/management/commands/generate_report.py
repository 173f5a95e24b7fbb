"""Generate a report run's files into a folder, by the same service the pages and Celery use."""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reports import services
from reports.models import NATIONAL, ReportRun
from reports.periods import Period


class Command(BaseCommand):
    help = "Compute the monthly report for an area (or ALL) and write its CSV, XLSX and PDF into --output."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="The month, YYYY-MM (e.g. 2025-04).")
        parser.add_argument("--area", required=True, help=f"An area's ref, or {NATIONAL} for the national roll-up.")
        parser.add_argument("--as-at", help="Data cut-off date, YYYY-MM-DD (default: today).")
        parser.add_argument("--published", action="store_true", help="Apply small-number suppression.")
        parser.add_argument("--regenerate", action="store_true", help="Make a new version even if one exists.")
        parser.add_argument("--output", required=True, help="Folder to write the files into (created if missing).")

    def handle(self, *args, **options):
        try:
            period = Period.parse(options["period"])
        except ValueError as error:
            raise CommandError(f"--period: {error}", returncode=1) from None
        as_at = None
        if options["as_at"]:
            try:
                as_at = datetime.date.fromisoformat(options["as_at"])
            except ValueError:
                raise CommandError(f"--as-at: {options['as_at']!r} is not a date: use YYYY-MM-DD", returncode=1) from None
        try:
            run = services.report_run_request(
                user=None, period=period, area_ref=options["area"], as_at=as_at, published=options["published"],
                regenerate=options["regenerate"], enqueue=False,
            )
        except ValidationError as error:
            messages = "; ".join(f"--{field.replace('_', '-')}: {' '.join(m)}" for field, m in error.message_dict.items())
            raise CommandError(messages, returncode=1) from None
        if run.status != ReportRun.Status.DONE:
            services.report_run_execute(run_id=run.pk)  # here, not on a worker: the caller waits for the files
            run.refresh_from_db()
        if run.status != ReportRun.Status.DONE:
            raise CommandError(f"The report failed: {run.error or run.get_status_display()}", returncode=1)
        folder = Path(options["output"])
        folder.mkdir(parents=True, exist_ok=True)
        for report_file in run.files.all():
            (folder / report_file.name).write_bytes(bytes(report_file.content))
            self.stdout.write(f"{folder / report_file.name}  sha256 {report_file.sha256}")
        self.stdout.write(f"Report run {run.pk} ({run}) written to {folder}.")
