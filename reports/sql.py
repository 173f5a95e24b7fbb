"""SQL expressions the metric functions share: local dates, age in whole years, age bands, ethnicity groups."""

import datetime
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import Case, Value, When
from django.db.models.functions import TruncDate

from reports.definitions import ETHNICITY_GROUPS

LONDON = ZoneInfo("Europe/London")


def local_midnight(day: datetime.date) -> datetime.datetime:
    """The aware instant a Europe/London calendar date starts (BST or GMT as it falls)."""
    return datetime.datetime.combine(day, datetime.time(), tzinfo=LONDON)


def local_date(field: str) -> TruncDate:
    """The Europe/London calendar date of a timestamp column."""
    return TruncDate(field, tzinfo=LONDON)


class AgeInYears(models.Func):
    """Whole years from `born` to `on` (two DATE expressions).

    Comparing month-and-day as MMDD text makes someone born on 29 February one year older on
    1 March in a common year and on 29 February in a leap year, as metrics.md says.
    """

    output_field = models.IntegerField()

    def __init__(self, on, born):
        super().__init__(on, born)

    def as_sql(self, compiler, connection, **extra):
        on_sql, on_params = compiler.compile(self.source_expressions[0])
        born_sql, born_params = compiler.compile(self.source_expressions[1])
        sql = (
            f"(EXTRACT(YEAR FROM {on_sql})::int - EXTRACT(YEAR FROM {born_sql})::int"
            f" - CASE WHEN TO_CHAR({on_sql}, 'MMDD') < TO_CHAR({born_sql}, 'MMDD') THEN 1 ELSE 0 END)"
        )
        return sql, [*on_params, *born_params, *on_params, *born_params]


def age_band(age: str) -> Case:
    """The report's age band of an integer age annotation."""
    bounds = [(18, "under 18"), (25, "18-24"), (30, "25-29"), (35, "30-34"), (40, "35-39"), (45, "40-44"), (50, "45-49")]
    return Case(
        *[When(**{f"{age}__lt": upper}, then=Value(label)) for upper, label in bounds],
        default=Value("50+"),
        output_field=models.CharField(),
    )


def ethnicity_group(field: str) -> Case:
    """The report's ethnicity group of an NHS code column; blank or Z is `not stated`."""
    return Case(
        *[
            When(**{f"{field}__in": list(codes)}, then=Value(group))
            for group, codes in ETHNICITY_GROUPS.items()
            if group != "not stated"
        ],
        default=Value("not stated"),
        output_field=models.CharField(),
    )


def people_breakdowns(queryset, *, on, born: str, sex: str, ethnicity: str, count: str = "pk") -> dict[str, dict[str, int]]:
    """Age band, sex and ethnicity group counts of the rows of `queryset`, in one query.

    `on` is the DATE expression of the event the age is taken at; `born`, `sex` and `ethnicity` name columns.
    """
    from django.db.models import Count, Q

    from reports.definitions import AGE_BANDS, SEXES

    annotated = queryset.annotate(_age=AgeInYears(on, models.F(born))).annotate(
        _band=age_band("_age"), _group=ethnicity_group(ethnicity)
    )
    wanted = {f"age_band|{b}": Count(count, filter=Q(_band=b)) for b in AGE_BANDS}
    wanted |= {f"sex|{s}": Count(count, filter=Q(**{sex: s})) for s in SEXES}
    wanted |= {f"ethnicity_group|{g}": Count(count, filter=Q(_group=g)) for g in ETHNICITY_GROUPS}
    # aggregate() keys may not hold spaces or "|" in every backend; map them to plain aliases and back.
    aliases = {f"n{i}": name for i, name in enumerate(wanted)}
    result = annotated.aggregate(**{alias: wanted[name] for alias, name in aliases.items()})
    breakdowns: dict[str, dict[str, int]] = {}
    for alias, name in aliases.items():
        breakdown, category = name.split("|")
        breakdowns.setdefault(breakdown, {})[category] = result[alias]
    return breakdowns


class WorkingDaysBetween(models.Func):
    """Working days strictly between two DATE expressions (Monday to Friday, less the given bank holidays).

    A breach is on time (metrics.md P10) when fewer than 10 working days lie strictly between the failure
    day (day 0) and the day it was initiated, i.e. it was initiated on or before the 10th working day.
    """

    output_field = models.IntegerField()

    def __init__(self, start, end, *, holidays: list):
        super().__init__(start, end)
        self.holidays = [day.isoformat() for day in sorted(holidays)]

    def as_sql(self, compiler, connection, **extra):
        start_sql, start_params = compiler.compile(self.source_expressions[0])
        end_sql, end_params = compiler.compile(self.source_expressions[1])
        sql = (
            f"(SELECT COUNT(*) FROM generate_series(({start_sql}) + 1, ({end_sql}) - 1, interval '1 day') AS g(day)"
            " WHERE EXTRACT(ISODOW FROM g.day) < 6 AND NOT (g.day::date = ANY(%s::date[])))"
        )
        return sql, [*start_params, *end_params, self.holidays]
