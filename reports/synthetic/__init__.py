"""A deterministic synthetic England-and-Wales data set, built in the database with set-based SQL.

`python manage.py seed_synthetic --scale test|county|national|stress [--anchor ISO]` (issue 11).
Reference rows (areas, teams, suites, providers, staff: at most a few thousand) are written with
bulk_create; every large table is one `INSERT ... SELECT FROM generate_series` whose values come
from `pg_temp.u(g, salt)`, a uniform number in [0, 1) hashed from the row number, so the same scale
and anchor always give the same rows. Nothing is random in Python.

Rules the data keep (so that an export re-imports cleanly under spec/interchange.md):
- every time is before the anchor (default: now, to the minute), outcomes only for past events;
- clients are 23 or over at the anchor and tests fall in the 1,800 days before it, so every
  test on arrest is of an adult; required assessments follow positive, undisputed tests only;
- referrals, DRR orders and tests obey their models' rules and check constraints;
- the rows that the application derives are written too: search keys (ClientName), relations that
  decide visibility (ClientRelation), a required assessment's team and the test's decision.
Row-history triggers (pghistory) and append-only triggers stay on: the seed is an insert like any other.
"""

import datetime
import time
from dataclasses import dataclass

import pghistory
from django.db import connection, transaction

PREFIX = "SYN-"


@dataclass(frozen=True)
class Scale:
    areas: int  # the first N of reference.AREAS, or 1 = Dorset alone (a county)
    staff: int
    clients: int
    tests: int
    required_assessments: int
    referrals: int
    orders: int
    appointments: int
    drr_tests: int


SCALES = {
    "test": Scale(2, 40, 60, 240, 30, 60, 12, 96, 72),
    "county": Scale(1, 80, 4_000, 20_000, 3_000, 6_000, 1_200, 10_000, 8_000),
    "national": Scale(43, 4_000, 200_000, 1_000_000, 150_000, 300_000, 60_000, 500_000, 400_000),
    "stress": Scale(43, 20_000, 1_000_000, 5_000_000, 750_000, 1_500_000, 300_000, 2_500_000, 2_000_000),
}

# u(g, salt): uniform in [0, 1) from a 64-bit hash of the row number (stable: PostgreSQL's hash
# partitioning relies on it). An SQL function, so the planner inlines it.
_FUNCTIONS = """
CREATE OR REPLACE FUNCTION pg_temp.u(g bigint, salt bigint) RETURNS float8 LANGUAGE sql IMMUTABLE AS
$$ SELECT ((hashint8extended(g, salt) >> 11) & 9007199254740991)::float8 / 9007199254740992.0 $$;
"""


def default_anchor() -> datetime.datetime:
    now = datetime.datetime.now(datetime.UTC)
    return now.replace(second=0, microsecond=0) - datetime.timedelta(minutes=5)


def already_seeded() -> bool:
    from clients.models import Client

    return Client.objects.filter(ref__startswith=PREFIX).exists()


def seed(scale_name: str, *, anchor: datetime.datetime | None = None, log=None) -> dict[str, float]:
    """Build the data set; returns seconds per step. Refuses a database that already has one."""
    from reports.synthetic import custody, org, people, treatment

    scale = SCALES[scale_name]
    anchor = anchor or default_anchor()
    timings: dict[str, float] = {}

    def step(name, function, *args):
        started = time.perf_counter()
        function(*args)
        timings[name] = round(time.perf_counter() - started, 2)
        if log:
            log(f"{name}: {timings[name]} s")

    with transaction.atomic(), pghistory.context(source="seed_synthetic", scale=scale_name):
        with connection.cursor() as cursor:
            # Check foreign keys per statement: deferred checks queue one event per row until commit.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(_FUNCTIONS)
        world = org.World(scale=scale, anchor=anchor)
        step("organisation and staff", org.build, world)
        step("clients and search keys", people.build, world)
        step("custody tests and required assessments", custody.build, world)
        step("referrals", treatment.referrals, world)
        step("DRR orders, appointments and tests", treatment.drr, world)
        step("relations", org.relations, world)
        org.audit(world, scale_name)
    if not connection.in_atomic_block:  # VACUUM cannot run in a transaction (a test's, for instance)
        with connection.cursor() as cursor:
            started = time.perf_counter()
            # Statistics for the planner, and the visibility map for index-only scans (visibility checks).
            cursor.execute("VACUUM ANALYZE")
            timings["vacuum analyze"] = round(time.perf_counter() - started, 2)
    return timings
