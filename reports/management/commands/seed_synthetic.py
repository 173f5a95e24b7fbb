"""manage.py seed_synthetic: the synthetic England-and-Wales data set of issue 11 (reports/synthetic)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from reports import synthetic


class Command(BaseCommand):
    help = "Build a deterministic synthetic data set (set-based SQL): test, county, national or stress scale."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(synthetic.SCALES), default="county")
        parser.add_argument("--anchor", help="ISO date-time every record is before (default: now, to the minute); "
                                             "the same scale and anchor give the same data")

    def handle(self, *args, **options):
        anchor = None
        if options["anchor"]:
            try:
                anchor = datetime.datetime.fromisoformat(options["anchor"])
            except ValueError:
                raise CommandError("--anchor must be an ISO date-time, e.g. 2026-06-15T12:00:00+00:00") from None
            if anchor.tzinfo is None:
                raise CommandError("--anchor needs an offset, e.g. 2026-06-15T12:00:00+00:00")
            if anchor > datetime.datetime.now(datetime.UTC):
                raise CommandError("--anchor must not be in the future")
        if synthetic.already_seeded():
            raise CommandError("This database already has a synthetic data set (refs starting SYN-): use a fresh one.")
        timings = synthetic.seed(options["scale"], anchor=anchor, log=self.stdout.write)
        self.stdout.write(f"Seeded the {options['scale']} data set in {sum(timings.values()):.1f} s.")
