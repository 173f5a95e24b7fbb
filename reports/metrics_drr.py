"""The DRR figures P1-P12 (spec/metrics.md), aggregated in PostgreSQL on supervision's models.

Attribution is the order's area. Same contract as reports/metrics.py: a fixed number of queries however
much data there is, cells for the snapshot, nothing counted in Python.
"""

import datetime

from django.db.models import Count, F, Q

from dip import workdays
from reports import figures
from reports.definitions import BY_ID
from reports.periods import Period
from reports.sql import WorkingDaysBetween, local_date
from supervision.clocks import BREACH_WORKING_DAYS
from supervision.models import DrrAppointment, DrrBreach, DrrOrder, DrrTest, DrrWarning

Areas = list[int] | None
# metrics.md P12: the successful endings.
SUCCESSFUL_ENDINGS = ["completed", "revoked_good_progress"]


def _in(queryset, field: str, areas: Areas):
    return queryset if areas is None else queryset.filter(**{f"{field}__in": areas})


def _between(field: str, period: Period) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lt": period.end})


def drr_orders(period: Period, areas: Areas, as_at: datetime.date) -> dict:
    """P1 (by order type), P2, P11 (by reason) and P12, in one query."""
    started, ended = _between("start_date", period), _between("termination_date", period)
    types, reasons = BY_ID["P1"].categories("order_type"), BY_ID["P11"].categories("reason")
    n = _in(DrrOrder.objects.all(), "area_id", areas).aggregate(
        p1=Count("pk", filter=started),
        p2=Count("pk", filter=Q(pk__in=DrrOrder.objects.open_on(period.last_day).values("pk"))),
        p11=Count("pk", filter=ended),
        successful=Count("pk", filter=ended & Q(termination_reason__in=SUCCESSFUL_ENDINGS)),
        **{f"type_{t}": Count("pk", filter=started & Q(order_type=t)) for t in types},
        **{f"reason_{r}": Count("pk", filter=ended & Q(termination_reason=r)) for r in reasons},
    )
    return (
        figures.count("P1", n["p1"])
        | figures.breakdown_counts("P1", "order_type", {t: n[f"type_{t}"] for t in types})
        | figures.count("P2", n["p2"])
        | figures.count("P11", n["p11"])
        | figures.breakdown_counts("P11", "reason", {r: n[f"reason_{r}"] for r in reasons})
        | figures.rate("P12", n["successful"], n["p11"] - n["reason_transferred"])
    )


def drr_appointments(period: Period, areas: Areas, as_at: datetime.date) -> dict:
    """P3, P4 and P5 in one query (appointments by the local date they were scheduled for)."""
    scheduled = _in(DrrAppointment.objects.all(), "drr_order__area_id", areas).filter(
        scheduled_at__gte=period.start_at, scheduled_at__lt=period.end_at
    )
    n = scheduled.aggregate(
        attended=Count("pk", filter=Q(outcome="attended")),
        acceptable=Count("pk", filter=Q(outcome="acceptable_absence")),
        unacceptable=Count("pk", filter=Q(outcome="unacceptable_absence")),
    )
    known = n["attended"] + n["acceptable"] + n["unacceptable"]
    return (
        figures.rate("P3", n["attended"], known)
        | figures.rate("P4", n["attended"] + n["acceptable"], known)
        | figures.count("P5", n["unacceptable"])
    )


def drr_tests(period: Period, areas: Areas, as_at: datetime.date) -> dict:
    """P6 and P7 in one query."""
    taken = _in(DrrTest.objects.all(), "drr_order__area_id", areas).filter(
        outcome="taken", taken_at__gte=period.start_at, taken_at__lt=period.end_at
    )
    n = taken.aggregate(p6=Count("pk"), positive=Count("pk", filter=Q(result="positive")))
    return figures.count("P6", n["p6"]) | figures.rate("P7", n["positive"], n["p6"])


def drr_enforcement(period: Period, areas: Areas, as_at: datetime.date) -> dict:
    """P8 (one query), P9 and P10 (one query: working days counted in SQL against the bank holidays)."""
    warnings = _in(DrrWarning.objects.all(), "drr_order__area_id", areas).filter(_between("issued_on", period)).count()
    holidays = [
        day for year in range(period.start.year - 3, period.end.year + 1) for day in workdays.bank_holidays(year)
    ]
    breaches = _in(DrrBreach.objects.all(), "drr_order__area_id", areas).filter(_between("initiated_on", period))
    n = breaches.annotate(
        _between=WorkingDaysBetween(local_date("failure__scheduled_at"), F("initiated_on"), holidays=holidays)
    ).aggregate(p9=Count("pk"), on_time=Count("pk", filter=Q(_between__lt=BREACH_WORKING_DAYS)))
    return figures.count("P8", warnings) | figures.count("P9", n["p9"]) | figures.rate("P10", n["on_time"], n["p9"])


FUNCTIONS = [drr_orders, drr_appointments, drr_tests, drr_enforcement]
PRODUCES = {
    "drr_orders": ("P1", "P2", "P11", "P12"),
    "drr_appointments": ("P3", "P4", "P5"),
    "drr_tests": ("P6", "P7"),
    "drr_enforcement": ("P8", "P9", "P10"),
}
