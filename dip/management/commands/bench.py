"""manage.py bench: page times as ratios to the authenticated hello page (reliability.md B4).

Runs in a throw-away database (`<name>_bench`, dropped afterwards): builds a user per role and, for
each size, clients in every caseload plus whatever the apps' seeders add; then times every
registered page (<app>/bench.py) in-process with Django's test client, signed in with two factors.

With `--scales county,national` it times the pages on the synthetic data set instead (issue 11;
reports/synthetic), one database per scale (`<name>_bench_<scale>`); `--keep` keeps those databases
and reuses a seeded one next time, since seeding the national scale takes minutes.
"""

import contextlib
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test import utils as test_utils
from django.test.utils import setup_test_environment, teardown_test_environment
from django.urls import reverse

from dip import benchmark_data, benchmarks


def signed_in(user) -> Client:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "bench"})
    http = Client()
    http.force_login(user)
    session = http.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return http


@contextlib.contextmanager
def _database(suffix: str, *, keep: bool):
    """A database named after the configured one plus `suffix`; dropped afterwards unless `keep` (then reused)."""
    test_settings = connection.settings_dict.setdefault("TEST", {})
    saved_test_name = test_settings.get("NAME")
    original = connection.settings_dict["NAME"]
    test_settings["NAME"] = original + suffix
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep, serialize=False)
    try:
        yield
    finally:
        if keep:
            connection.close()
            settings.DATABASES[connection.alias]["NAME"] = connection.settings_dict["NAME"] = original
        else:  # drops the database in use and points the connection back at `original`
            connection.creation.destroy_test_db(original, verbosity=0)
        test_settings["NAME"] = saved_test_name


class Command(BaseCommand):
    help = "Time every registered page as a ratio to dip:hello, at generated data sizes."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="200,2000", help="clients per caseload, comma-separated (default 200,2000)")
        parser.add_argument("--runs", type=int, default=200)
        parser.add_argument("--warmup", type=int, default=20)
        parser.add_argument("--only", default="", help="comma-separated URL names (the baseline is always run)")
        parser.add_argument("--max-ratio", type=float, default=0, help="fail if any page's median ratio exceeds this")
        parser.add_argument("--json", default="", help="also write the results to this file")
        parser.add_argument("--scales", default="", help="synthetic data set scales instead of sizes, e.g. county,national")
        parser.add_argument("--keep", action="store_true", help="with --scales: keep (and reuse) the seeded databases")

    def handle(self, *args, **options):
        sizes = sorted({int(s) for s in options["sizes"].split(",") if s.strip()})
        benchmarks.discover()
        only = {n.strip() for n in options["only"].split(",") if n.strip()}
        pages = [p for name, p in benchmarks.PAGES.items() if not only or name in only or name == benchmarks.BASELINE]
        pages.sort(key=lambda p: p.name != benchmarks.BASELINE)  # the baseline first, then in registration order
        own_environment = not hasattr(test_utils._TestState, "saved_data")  # not already under a test runner
        if own_environment:
            setup_test_environment(debug=False)
        try:
            if options["scales"]:
                results = []
                for scale in [s.strip() for s in options["scales"].split(",") if s.strip()]:
                    with _database(f"_bench_{scale}", keep=options["keep"]):
                        results += self.run_scale(pages, scale, options["warmup"], options["runs"])
            else:
                with _database("_bench", keep=False):
                    results = self.run_sizes(pages, sizes, options["warmup"], options["runs"])
        finally:
            if own_environment:
                teardown_test_environment()
        self.report(results, options["warmup"], options["runs"])
        if options["json"]:
            Path(options["json"]).parent.mkdir(parents=True, exist_ok=True)
            Path(options["json"]).write_text(json.dumps([r.__dict__ for r in results], indent=2))
        over = [r for r in results if options["max_ratio"] and r.page != benchmarks.BASELINE and r.ratio > options["max_ratio"]]
        if over:
            raise CommandError("over the ratio limit: " + ", ".join(f"{r.page} at {r.size} ({r.ratio:.1f}x)" for r in over))

    def run_scale(self, pages, scale, warmup, runs) -> list[benchmarks.Timing]:
        from dip.models import AuditEvent

        seeded = AuditEvent.objects.filter(object_type="seed_synthetic", detail__scale=scale).exists()
        if not seeded:
            self.stdout.write(f"Seeding the {scale} data set...")
        world = benchmarks.build_scale(scale, seed=not seeded)
        sessions = {key: signed_in(user) for key, user in world.users.items()}
        rows = self.time_pages(pages, world, sessions, world.size, warmup, runs, skip_missing=True)
        for row in rows:
            row.scale = scale
        return rows

    def time_pages(self, pages, world, sessions, size, warmup, runs, *, skip_missing=False) -> list[benchmarks.Timing]:
        rows = []
        for page in pages:
            http = sessions[page.role]
            try:
                url = reverse(page.name, kwargs=page.kwargs(world) if page.kwargs else None)
                data = page.data(world) if page.data else None
            except AttributeError as missing:  # a page whose record the synthetic data set does not make
                if not skip_missing:
                    raise
                self.stdout.write(f"Skipped {page.key}: no such record in this data set ({missing}).")
                continue
            response, queries = benchmarks.count_queries(http, page.method, url, data)
            if response.status_code not in page.ok:
                raise CommandError(f"{page.key} answered {response.status_code} at size {size}")
            median, p95, _status = benchmarks.time_request(http, page.method, url, data, warmup, runs)
            rows.append(benchmarks.Timing(page.key, size, queries, round(median, 3), round(p95, 3)))
        base = next(r for r in rows if r.page == benchmarks.BASELINE)
        for row in rows:
            row.ratio, row.p95_ratio = round(row.median_ms / base.median_ms, 2), round(row.p95_ms / base.median_ms, 2)
        return rows

    def run_sizes(self, pages, sizes, warmup, runs) -> list[benchmarks.Timing]:
        world = benchmark_data.build_world()
        sessions = {key: signed_in(user) for key, user in world.users.items()}
        results = []
        for size in sizes:
            new_ids = benchmarks.add_clients(world, size - world.size)
            for seed in benchmarks.SEEDERS:
                seed(world, new_ids, size)
            connection.cursor().execute("ANALYZE")
            rows = self.time_pages(pages, world, sessions, size, warmup, runs)
            results += rows
        return results

    def report(self, results, warmup, runs) -> None:
        self.stdout.write(
            f"In-process page times: median and p95 of {runs} requests after {warmup} warm-ups; "
            f"ratio = time / median of {benchmarks.BASELINE} at the same size, in this run."
        )
        header = (f"{'scale':>8} {'clients':>8}  {'page':<40}{'queries':>8}{'median ms':>11}{'p95 ms':>9}{'ratio':>8}"
                  f"{'p95 ratio':>11}")
        self.stdout.write(header)
        for r in results:
            self.stdout.write(
                f"{r.scale:>8} {r.size:>8}  {r.page:<40}{r.queries:>8}{r.median_ms:>11.2f}{r.p95_ms:>9.2f}{r.ratio:>8.2f}"
                f"{r.p95_ratio:>11.2f}"
            )
        counts = {}
        for r in results:
            counts.setdefault(r.page, []).append(r.queries)  # results are in ascending size
        growing = sorted(name for name, seen in counts.items() if seen[-1] > seen[0])
        # A page registered again with a label ending "(10x rows)" shows a client with ten times the rows.
        by_label = {(r.scale, r.size, r.page): r.queries for r in results}
        for (scale, size, name), queries in by_label.items():
            base_name = name.removesuffix(" (10x rows)")
            if base_name != name and by_label.get((scale, size, base_name), queries) != queries:
                growing.append(name)
        self.stdout.write("Query counts constant across sizes." if not growing else f"Query counts grow with data: {growing}")
