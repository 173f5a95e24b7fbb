"""Read-side assembly for the DRR pages: the order at a glance, the caseload in one query, the progress report."""

import datetime
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, IntegerField, Min, OuterRef, Subquery
from django.utils import timezone

from supervision import clocks, enforcement
from supervision.models import DrrAppointment, DrrOrder, DrrReview, DrrTest, DrrWarning, Outcome

DUE_OUTCOMES = (Outcome.ATTENDED, Outcome.ACCEPTABLE_ABSENCE, Outcome.UNACCEPTABLE_ABSENCE)


def attendance(appointments) -> dict:
    """Counts of recorded outcomes; compliance = attended + acceptable over those due (metrics P3-P5)."""
    counts = {value: 0 for value in Outcome.values}
    for a in appointments:
        if a.outcome:
            counts[a.outcome] += 1
    due = sum(counts[o] for o in DUE_OUTCOMES)
    attended, acceptable = counts[Outcome.ATTENDED], counts[Outcome.ACCEPTABLE_ABSENCE]
    return {
        "counts": counts, "due": due,
        "attendance": round(100 * attended / due) if due else None,
        "compliance": round(100 * (attended + acceptable) / due) if due else None,
    }


def order_overview(order: DrrOrder, today: datetime.date | None = None) -> dict:
    """Everything the order page shows, in five queries whatever the order's size."""
    today = today or timezone.localdate()
    now = timezone.now()
    appointments = list(order.appointments.select_related("outcome_recorded_by"))
    tests = list(order.tests.all())
    warnings = list(order.warnings.select_related("failure"))
    breaches = list(order.breaches.select_related("failure"))
    reviews = list(order.reviews.all())
    taken_days = [clocks.local_date(t.taken_at) for t in tests if t.outcome == DrrTest.Outcome.TAKEN]
    weeks = clocks.order_weeks(order.start_date, order.end_date, today, taken_days,
                               low_band_or_residential=order.low_band_or_residential,
                               later_per_week=order.later_tests_per_week)
    upcoming = [a for a in appointments if a.scheduled_at >= now and not a.outcome]
    return {
        "appointments": appointments, "tests": tests, "warnings": warnings, "breaches": breaches, "reviews": reviews,
        "next_appointment": upcoming[0] if upcoming else None,
        "to_record": [a for a in appointments if a.scheduled_at < now and not a.outcome],
        "awaiting_evidence": [a for a in appointments if a.outcome == Outcome.AWAITING_EVIDENCE],
        "attendance": attendance(appointments),
        "weeks": weeks, "short_weeks": sum(w.short for w in weeks),
        "actions": enforcement.pending_actions(appointments, warnings, breaches),
        "warning_status": enforcement.warning_status(warnings, today),
        "next_review": next((r for r in reviews if r.hearing_date >= today and not r.outcome), None),
        "positive_recorded": any(t.result == DrrTest.Result.POSITIVE for t in tests),
        "today": today, "now": now,
    }


def _per_order(queryset, aggregate):
    """A correlated subquery: one aggregate of the order's rows (no join fan-out, still one SQL query)."""
    return Subquery(
        queryset.filter(drr_order=OuterRef("pk")).order_by().values("drr_order").annotate(v=aggregate).values("v")[:1]
    )


@dataclass
class CaseloadRow:
    order: DrrOrder
    next_appointment_at: datetime.datetime | None
    attended_4w: int
    due_4w: int
    unacceptable_12m: int
    warning_status: str
    action: enforcement.Action | None
    next_review_on: datetime.date | None
    evidence_due: datetime.date | None

    @property
    def attendance_4w(self) -> str:
        return f"{self.attended_4w} of {self.due_4w}" if self.due_4w else "None due"


def caseload(orders, today: datetime.date | None = None) -> list[CaseloadRow]:
    """Each order with its clocks, in one query however long the caseload."""
    today = today or timezone.localdate()
    now = timezone.now()
    four_weeks_ago = now - datetime.timedelta(weeks=4)
    year_ago = clocks.add_months(today, -12)
    appts = DrrAppointment.objects.all()
    open_failures = appts.filter(outcome=Outcome.UNACCEPTABLE_ABSENCE, outcome_recorded_at__isnull=False,
                                 warnings__isnull=True, breaches__isnull=True)
    rows = orders.annotate(
        next_appointment_at=_per_order(appts.filter(scheduled_at__gte=now, outcome=""), Min("scheduled_at")),
        attended_4w=_per_order(appts.filter(scheduled_at__gte=four_weeks_ago, scheduled_at__lt=now,
                                            outcome=Outcome.ATTENDED), Count("id", output_field=IntegerField())),
        due_4w=_per_order(appts.filter(scheduled_at__gte=four_weeks_ago, scheduled_at__lt=now, outcome__in=DUE_OUTCOMES),
                          Count("id", output_field=IntegerField())),
        unacceptable_12m=_per_order(appts.filter(outcome=Outcome.UNACCEPTABLE_ABSENCE,
                                                 scheduled_at__date__gte=year_ago), Count("id")),
        warning_days=ArraySubquery(DrrWarning.objects.filter(drr_order=OuterRef("pk")).order_by("issued_on")
                                   .values("issued_on")),
        first_open_failure_at=_per_order(open_failures, Min("scheduled_at")),
        first_evidence_at=_per_order(appts.filter(outcome=Outcome.AWAITING_EVIDENCE), Min("scheduled_at")),
        next_review_on=_per_order(DrrReview.objects.filter(hearing_date__gte=today, outcome=""), Min("hearing_date")),
    )
    result = []
    for order in rows:
        action = None
        if order.first_open_failure_at:
            # The oldest unanswered failure decides the clock, against every warning (as on the order page): an
            # earlier warning may be the one in force on the failure day.
            day = clocks.local_date(order.first_open_failure_at)
            kind = enforcement.action_for(day, order.warning_days)
            action = enforcement.Action(kind, None, enforcement.due_for(kind, day))
        last_warning_on = order.warning_days[-1] if order.warning_days else None
        warning = (f"Warning in force to {clocks.add_months(last_warning_on, 12) - datetime.timedelta(days=1):%-d %b %Y}"
                   if last_warning_on and clocks.warning_in_force(last_warning_on, today) else "None in force")
        evidence = clocks.evidence_due(clocks.local_date(order.first_evidence_at)) if order.first_evidence_at else None
        result.append(CaseloadRow(order, order.next_appointment_at, order.attended_4w or 0, order.due_4w or 0,
                                  order.unacceptable_12m or 0, warning, action, order.next_review_on, evidence))
    return result


SORT_KEYS = {
    "name": lambda r: (r.order.client.family_name, r.order.client.given_name, r.order.pk),
    "next_appointment": lambda r: (r.next_appointment_at is None, r.next_appointment_at or timezone.now()),
    "breach": lambda r: (r.action is None, r.action.due if r.action else datetime.date.max),
    "review": lambda r: (r.next_review_on is None, r.next_review_on or datetime.date.max),
    "absences": lambda r: -r.unacceptable_12m,
}


def progress_report(order: DrrOrder, review: DrrReview) -> dict:
    """What the written report before a review says from the record: since the previous review (or the start)."""
    previous = order.reviews.filter(hearing_date__lt=review.hearing_date).order_by("-hearing_date").first()
    since = previous.hearing_date if previous else order.start_date
    start = datetime.datetime.combine(since, datetime.time(), tzinfo=clocks.LONDON)
    end = datetime.datetime.combine(review.hearing_date, datetime.time(), tzinfo=clocks.LONDON)
    appointments = list(order.appointments.filter(scheduled_at__gte=start, scheduled_at__lt=end))
    tests = list(order.tests.filter(taken_at__gte=start, taken_at__lt=end).exclude(outcome=""))
    warnings = list(order.warnings.filter(issued_on__gte=since, issued_on__lt=review.hearing_date))
    breaches = list(order.breaches.filter(initiated_on__gte=since, initiated_on__lt=review.hearing_date))
    taken = [t for t in tests if t.outcome == DrrTest.Outcome.TAKEN]
    return {
        "since": since, "previous": previous, "appointments": appointments, "attendance": attendance(appointments),
        "tests": tests, "taken": len(taken), "positive": sum(t.result == DrrTest.Result.POSITIVE for t in taken),
        "not_taken": len(tests) - len(taken), "warnings": warnings, "breaches": breaches,
    }
