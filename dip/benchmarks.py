"""Page benchmarks (reliability.md B4): every page timed in-process, reported as a ratio to `dip:hello`.

`dip:hello` is an authenticated page that does nothing (session, user, 2FA and the whole middleware
stack), measured in the same run and at the same data size, so ratios are comparable between
machines where absolute times are not. Data is generated at each size in a throw-away database.

Apps add pages and data in `<app>/bench.py`, found by `autodiscover_modules("bench")`:

    from dip.benchmarks import page, seeder

    page("testing:drugtest-list")                                   # as a custody worker
    page("testing:drugtest-detail", kwargs=lambda w: {"pk": w.drug_test.pk}, role="team_manager")

    @seeder
    def seed(world, client_ids, size):
        # records for the clients just added (ids), so that per-client and list data grow with `size`;
        # set attributes on `world` that your pages' kwargs use (e.g. world.drug_test).
        ...
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.utils.module_loading import autodiscover_modules

BASELINE = "dip:hello"


@dataclass(frozen=True)
class Page:
    name: str  # URL name
    role: str = "custody_worker"  # a key of dip.tests.matrix.ROLES
    kwargs: Callable | None = None  # world -> URL kwargs
    method: str = "get"
    data: Callable | None = None  # world -> POST data
    ok: frozenset = field(default=frozenset({200}))
    label: str = ""  # to register one URL twice, e.g. "clients:client-search POST"

    @property
    def key(self) -> str:
        return self.label or self.name


PAGES: dict[str, Page] = {}
SEEDERS: list[Callable] = []
_client_makers: list[Callable] = []
_scale_builders: list[Callable] = []


def page(name: str, **options) -> Page:
    registered = Page(name, **options)
    PAGES[registered.key] = registered
    return registered


def seeder(function: Callable) -> Callable:
    if function not in SEEDERS:
        SEEDERS.append(function)
    return function


def client_maker(function: Callable) -> Callable:
    """Register `function(world, count) -> [client ids in the bench area]` (clients/bench.py: dip names no app above it)."""
    if function not in _client_makers:
        _client_makers.append(function)
    return function


def scale_builder(function: Callable) -> Callable:
    """Register `function(scale, *, seed: bool) -> world` for `bench --scales` (reports/bench.py: only the top app
    sees every model). It seeds the synthetic data set when `seed`, then returns the world the pages' kwargs read."""
    if function not in _scale_builders:
        _scale_builders.append(function)
    return function


def build_scale(scale: str, *, seed: bool):
    if not _scale_builders:
        raise LookupError("no app registered a scale builder (reports/bench.py)")
    return _scale_builders[0](scale, seed=seed)


def add_clients(world, count: int) -> list[int]:
    """`count` more clients in every caseload, made by the registered maker; their ids in the bench area."""
    return [pk for maker in _client_makers for pk in maker(world, count)]


def discover() -> None:
    """Import every app's bench module, in INSTALLED_APPS order (dip's first, so the baseline leads the report)."""
    autodiscover_modules("bench")


@dataclass
class Timing:
    page: str
    size: int  # clients per caseload (--sizes) or clients in the data set (--scales)
    queries: int
    median_ms: float
    p95_ms: float
    ratio: float = 0.0
    p95_ratio: float = 0.0
    scale: str = ""  # the synthetic data set's scale (--scales), empty for generated sizes


def count_queries(http, method: str, url: str, data: dict | None, repeat: int = 3):
    """The last response, and the fewest SQL statements one of `repeat` requests ran.

    The fewest, because the session is written at most once a minute (dip.middleware), which would
    otherwise make a count differ between runs for reasons that have nothing to do with the data.
    """
    counts = []
    for _ in range(repeat):
        statements = []

        def counting(execute, sql, params, many, context, statements=statements):
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counting):
            response = getattr(http, method)(url, data) if data is not None else getattr(http, method)(url)
        counts.append(len(statements))
    return response, min(counts)


def time_request(http, method: str, url: str, data: dict | None, warmup: int, runs: int) -> tuple[float, float, int]:
    """Median and 95th percentile in milliseconds, and the status of the last response."""
    send = getattr(http, method)
    for _ in range(warmup):
        send(url, data) if data is not None else send(url)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        response = send(url, data) if data is not None else send(url)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return statistics.median(samples), p95, response.status_code
