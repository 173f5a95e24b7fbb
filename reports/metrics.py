"""The commissioner report's metric functions (spec/metrics.md), aggregated in PostgreSQL.

Each function takes the period, the areas (a list of Area ids, or None for every area) and the
as-at date, runs a fixed number of queries however many rows there are (tested at two sizes), and
returns snapshot cells (reports/figures.py). Domain filters come from the apps' QuerySets; nothing
here loads rows into Python to count them.
"""

import datetime
from collections.abc import Callable

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery

from assessments.models import RAAppointment, RequiredAssessment
from clients.models import Client
from referrals.models import Referral
from reports import figures, metrics_drr
from reports.definitions import BY_ID
from reports.periods import Period
from reports.sql import local_date, local_midnight, people_breakdowns
from testing.models import DrugTest, positive_q

Areas = list[int] | None

# metrics.md R5: the outcomes that count as conversion to treatment or caseload.
R5_OUTCOMES = ["referred_structured_treatment", "cjit_caseload"]
ATTENDANCE_KNOWN = ["attended", "left_early", "failed_to_attend"]
FAILED = ["left_early", "failed_to_attend"]


def _in(queryset, field: str, areas: Areas):
    return queryset if areas is None else queryset.filter(**{f"{field}__in": areas})


def _requested(period: Period, areas: Areas):
    """Custody tests requested in the period at the areas' suites."""
    return _in(DrugTest.objects.all(), "custody_suite__area_id", areas).requested_between(period.start, period.end)


# --- Custody: drug testing on arrest ------------------------------------------------------------

def custody_tests(period: Period, areas: Areas, as_at: datetime.date) -> dict:
    """T1-T6 in one query."""
    tests = _requested(period, areas)
    positive = positive_q()
    opiates, cocaine = Q(opiates="positive"), Q(cocaine="positive")
    n = tests.aggregate(
        t1=Count("pk"),
        t2=Count("pk", filter=Q(outcome="result")),
        refused=Count("pk", filter=Q(outcome="refused")),
        positive=Count("pk", filter=positive),
        opiates_only=Count("pk", filter=positive & opiates & ~cocaine),
        cocaine_only=Count("pk", filter=positive & cocaine & ~opiates),
        both=Count("pk", filter=positive & opiates & cocaine),
        trigger_offence=Count("pk", filter=Q(basis="trigger_offence")),
        inspector_authorised=Count("pk", filter=Q(basis="inspector_authorised")),
    )
    return (
        figures.count("T1", n["t1"])
        | figures.count("T2", n["t2"])
        | figures.rate("T3", n["refused"], n["t1"])
        | figures.rate("T4", n["positive"], n["t2"])
        | figures.breakdown_counts(
            "T5", "substance",
            {"opiates only": n["opiates_only"], "cocaine only": n["cocaine_only"], "both": n["both"]},
        )
        | figures.breakdown_counts("T6", "basis", n)
    )


def people_tested(period: Period, areas: Areas, as_at: datetime.date) -> dict:
    """T7 and D1 (ethnicity not stated among them) in one query."""
    n = _requested(period, areas).filter(outcome="result").aggregate(
        people=Count("client", distinct=True),
        not_stated=Count("client", distinct=True, filter=Q(client__ethnicity__in=["Z", ""])),
    )
    return figures.count("T7", n["people"]) | figures.rate("D1", n["not_stated"], n["people"])


def people_tested_breakdown(period: Period, areas: Areas, as_at: datetime.date) -> dict:
    """T8: T7's people by age at their first tested sample in the period, sex and ethnicity; one query."""
    tested = _requested(period, areas).filter(outcome="result")
    first = tested.filter(client=OuterRef("pk")).order_by("requested_at").values("requested_at")[:1]
    people = Client.objects.filter(pk__in=tested.values("client")).annotate(_first_at=Subquery(first))
    counts = people_breakdowns(
        people, on=local_date("_first_at"), born="date_of_birth", sex="sex", ethnicity="ethnicity"
    )
    return _people("T8", counts)


def _people(metric: str, counts: dict[str, dict[str, int]]) -> dict:
    cells: dict = {}
    for breakdown in BY_ID[metric].breakdowns:
        cells |= figures.breakdown_counts(metric, breakdown, counts[breakdown])
    return cells


# --- Required assessment -----------------------------------------------------------------------

def required_assessments(period: Period, areas: Areas, as_at: datetime.date) -> dict:
    """R1 and R5 in one query."""
    imposed = _in(RequiredAssessment.objects.all(), "drug_test__custody_suite__area_id", areas).filter(
        imposed_at__gte=period.start_at, imposed_at__lt=period.end_at
    )
    attended = RAAppointment.objects.filter(
        required_assessment=OuterRef("pk"), kind=RAAppointment.Kind.INITIAL, attendance="attended"
    )
    n = imposed.annotate(_attended=Exists(attended)).aggregate(
        r1=Count("pk"),
        attended=Count("pk", filter=Q(_attended=True)),
        converted=Count("pk", filter=Q(_attended=True, outcome__in=R5_OUTCOMES)),
    )
    return figures.count("R1", n["r1"]) | figures.rate("R5", n["converted"], n["attended"])


def assessment_appointments(period: Period, areas: Areas, as_at: datetime.date) -> dict:
    """R2, R3, R4 and D2 in one query (appointments by the local date they were scheduled for)."""
    scheduled = _in(
        RAAppointment.objects.all(), "required_assessment__drug_test__custody_suite__area_id", areas
    ).filter(scheduled_at__gte=period.start_at, scheduled_at__lt=period.end_at)
    initial, follow_up = Q(kind=RAAppointment.Kind.INITIAL), Q(kind=RAAppointment.Kind.FOLLOW_UP)
    n = scheduled.aggregate(
        initial_attended=Count("pk", filter=initial & Q(attendance="attended")),
        initial_known=Count("pk", filter=initial & Q(attendance__in=ATTENDANCE_KNOWN)),
        initial_failed=Count("pk", filter=initial & Q(attendance__in=FAILED)),
        follow_attended=Count("pk", filter=follow_up & Q(attendance="attended")),
        follow_known=Count("pk", filter=follow_up & Q(attendance__in=ATTENDANCE_KNOWN)),
        not_recorded=Count("pk", filter=initial & Q(attendance="", scheduled_at__lt=local_midnight(as_at))),
    )
    return (
        figures.rate("R2", n["initial_attended"], n["initial_known"])
        | figures.count("R3", n["initial_failed"])
        | figures.rate("R4", n["follow_attended"], n["follow_known"])
        | figures.count("D2", n["not_recorded"])
    )


# --- Treatment pathway and outcomes (referrals/querysets.py building blocks) --------------------

def _referrals(areas: Areas):
    return _in(Referral.objects.all(), "area_id", areas)


def referrals_made(period: Period, areas: Areas, as_at: datetime.date) -> dict:
    """E1 with its sources, and E5; two queries."""
    made = _referrals(areas).referred_between(period.start, period.end)
    sources = BY_ID["E1"].categories("source")
    n = made.aggregate(e1=Count("pk"), **{f"s_{s}": Count("pk", filter=Q(source=s)) for s in sources})
    converted = made.converted(as_at).count()
    return (
        figures.count("E1", n["e1"])
        | figures.breakdown_counts("E1", "source", {s: n[f"s_{s}"] for s in sources})
        | figures.rate("E5", converted, n["e1"])
    )


def treatment_starts(period: Period, areas: Areas, as_at: datetime.date) -> dict:
    """E2, E3 and E4; three queries."""
    started = _referrals(areas).started_between(period.start, period.end)
    e2 = started.count()
    e3 = started.waited_at_most().count()
    return figures.count("E2", e2) | figures.rate("E3", e3, e2) | figures.median("E4", started.median_wait_days(), e2)


def treatment_starts_breakdown(period: Period, areas: Areas, as_at: datetime.date) -> dict:
    """E6: E2's starts by age at treatment start, sex and ethnicity; one query."""
    started = _referrals(areas).started_between(period.start, period.end)
    counts = people_breakdowns(
        started, on=F("treatment_start_date"), born="client__date_of_birth", sex="client__sex",
        ethnicity="client__ethnicity",
    )
    return _people("E6", counts)


def people_in_treatment(period: Period, areas: Areas, as_at: datetime.date) -> dict:
    """O1: distinct clients; one query."""
    n = _referrals(areas).in_treatment_during(period.start, period.end).aggregate(n=Count("client", distinct=True))
    return figures.count("O1", n["n"])


def discharges(period: Period, areas: Areas, as_at: datetime.date) -> dict:
    """O2-O4; two queries."""
    discharged = _referrals(areas).discharged_between(period.start, period.end)
    groups = discharged.reason_group_counts()
    o3 = groups["successful"]
    return (
        figures.count("O2", discharged.count())
        | figures.breakdown_counts("O2", "reason_group", groups)
        | figures.count("O3", o3)
        | figures.rate("O4", o3, o3 + groups["unplanned"])
    )


MetricFunction = Callable[[Period, Areas, datetime.date], dict]

# In the order of metrics.md (the DRR figures are in reports/metrics_drr.py).
FUNCTIONS: list[MetricFunction] = [
    custody_tests, people_tested, people_tested_breakdown, required_assessments, assessment_appointments,
    referrals_made, treatment_starts, treatment_starts_breakdown, people_in_treatment, discharges,
    *metrics_drr.FUNCTIONS,
]


def compute(period: Period, areas: Areas, as_at: datetime.date, functions: list[MetricFunction] | None = None) -> dict:
    """The snapshot of every metric (or of the given functions) for these areas."""
    snapshot: dict = {}
    for function in functions or FUNCTIONS:
        snapshot |= function(period, areas, as_at)
    return snapshot


def national_from_parts(period: Period, parts: list[dict], as_at: datetime.date) -> dict:
    """ALL from the per-area snapshots: additive figures added up, distinct people and medians computed again.

    A client counted in two areas counts once in ALL (metrics.md), which no sum of areas can give.
    """
    from reports.definitions import NON_ADDITIVE

    additive = {m.id for m in BY_ID.values() if m.additive}
    snapshot = figures.add_up(parts, additive)
    again = [f for f in FUNCTIONS if any(metric in NON_ADDITIVE for metric in _metrics_of(f))]
    snapshot |= {k: v for k, v in compute(period, None, as_at, again).items() if k.split("|")[0] in NON_ADDITIVE}
    return snapshot


# Which metrics each function gives (checked by a test against what it returns).
PRODUCES = {
    "custody_tests": ("T1", "T2", "T3", "T4", "T5", "T6"),
    "people_tested": ("T7", "D1"),
    "people_tested_breakdown": ("T8",),
    "required_assessments": ("R1", "R5"),
    "assessment_appointments": ("R2", "R3", "R4", "D2"),
    "referrals_made": ("E1", "E5"),
    "treatment_starts": ("E2", "E3", "E4"),
    "treatment_starts_breakdown": ("E6",),
    "people_in_treatment": ("O1",),
    "discharges": ("O2", "O3", "O4"),
    **metrics_drr.PRODUCES,
}


def _metrics_of(function: MetricFunction) -> tuple[str, ...]:
    return PRODUCES[function.__name__]


# The PDF's headline comparisons and 12-month charts use these (all additive, so ALL adds areas up).
TREND_FUNCTIONS: list[MetricFunction] = [
    custody_tests, referrals_made, treatment_starts, discharges, metrics_drr.drr_appointments,
]
TREND_MONTHS = 13  # the last 12 months and the same month a year earlier


def trend(period: Period, areas: Areas, as_at: datetime.date) -> dict[str, dict]:
    """Month label -> additive cells of TREND_FUNCTIONS, for the period and the 12 months before it."""
    additive = {m.id for m in BY_ID.values() if m.additive}
    months = {}
    for back in range(TREND_MONTHS - 1, -1, -1):
        month = period.shifted(-back)
        cells = compute(month, areas, as_at, TREND_FUNCTIONS)
        months[month.label] = {k: v for k, v in cells.items() if k.split("|")[0] in additive}
    return months


def add_up_trends(parts: list[dict[str, dict]]) -> dict[str, dict]:
    labels = list(parts[0]) if parts else []
    additive = {m.id for m in BY_ID.values() if m.additive}
    return {label: figures.add_up([p.get(label, {}) for p in parts], additive) for label in labels}
