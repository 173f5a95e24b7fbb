"""What supervision shows elsewhere: the client page timeline and actions, and the probation work queue.

Imported by `autodiscover_modules("hooks")` (DipConfig.ready()), which registers them (end of the module).
Each provider uses a constant number of queries.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from clients import actions, timeline
from clients.timeline import Entry
from dip import work_queue
from supervision import access, clocks, enforcement
from supervision.models import DrrAppointment, DrrOrder, DrrReview, DrrTest, DrrWarning, Outcome

QUEUE_LIMIT = 50
REVIEW_DAYS = 14


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=clocks.LONDON)


def timeline_entries(client, user):
    """The client's DRR orders the user may read (start and end). One query."""
    if not (access.can_read_orders(user) or access.can_give_provider_view(user)):
        return []
    provider = not access.can_read_orders(user)
    entries = []
    for order in DrrOrder.objects.visible_to(user).filter(client=client):
        url = reverse("supervision:provider-order" if provider else "supervision:order-detail", kwargs={"pk": order.pk})
        entries.append(Entry(at=order.start_date, recorded_at=order.created_at, kind="DRR order",
                             title="Drug Rehabilitation Requirement",
                             detail=f"{order.get_order_type_display()}, {order.court}, to {order.end_date:%-d %B %Y}",
                             url=url))
        if order.termination_date:
            entries.append(Entry(at=order.termination_date, recorded_at=order.created_at, kind="DRR order",
                                 title="DRR order ended",
                                 detail=order.get_termination_reason_display(), url=url))
    return entries


def client_actions(client, user):
    """The client page's link to record an order. No query."""
    if access.can_supervise_order(user):
        yield actions.Action("Record a DRR order", reverse("supervision:order-create", kwargs={"client_pk": client.pk}))


def _caseload(user):
    """The orders whose work is this user's: an officer's own, a team manager's team's."""
    orders = DrrOrder.objects.visible_to(user).current()
    return orders if access.can_manage_caseload(user) else orders.filter(responsible_officer=user)


def _appointments(user):
    return DrrAppointment.objects.filter(drr_order__in=_caseload(user)).select_related("drr_order__client")


def outcomes_section(user):
    """Order 70: past appointments with no outcome yet. One query."""
    if not access.can_supervise_order(user):
        return None
    rows = _appointments(user).filter(scheduled_at__lt=timezone.now(), outcome="").order_by("scheduled_at")[:QUEUE_LIMIT]
    items = [work_queue.Item(
        label=f"{a.drr_order.client}, {timezone.localtime(a.scheduled_at):%-d %B %H:%M}", client_id=a.drr_order.client_id,
        url=reverse("supervision:appointment-outcome", kwargs={"pk": a.pk}), action="Record the outcome",
        due=a.scheduled_day, hint=a.get_kind_display()) for a in rows]
    return work_queue.Section("Appointment outcomes to record", items, empty="No outcome to record.")


def evidence_section(user):
    """Order 71: absences awaiting evidence; overdue once the 5-working-day window has closed. One query."""
    if not access.can_supervise_order(user):
        return None
    today = timezone.localdate()
    rows = _appointments(user).filter(outcome=Outcome.AWAITING_EVIDENCE).order_by("scheduled_at")[:QUEUE_LIMIT]
    items = [work_queue.Item(
        label=f"{a.drr_order.client}, absent {a.scheduled_day:%-d %B}", client_id=a.drr_order.client_id,
        url=reverse("supervision:appointment-outcome", kwargs={"pk": a.pk}), action="Decide on the absence",
        due=a.evidence_due, overdue=today > a.evidence_due, hint=f"Evidence window closes {a.evidence_due:%-d %B %Y}",
    ) for a in rows]
    return work_queue.Section("Evidence windows", items, empty="No absence is awaiting evidence.")


def enforcement_section(user):
    """Order 72: warnings and breaches due, with their deadlines. Two queries."""
    if not access.can_supervise_order(user):
        return None
    today = timezone.localdate()
    failures = list(_appointments(user).filter(outcome=Outcome.UNACCEPTABLE_ABSENCE, outcome_recorded_at__isnull=False,
                                               warnings__isnull=True, breaches__isnull=True)
                    .order_by("scheduled_at")[:QUEUE_LIMIT])
    warning_days: dict[int, list] = {}
    for order_id, issued_on in DrrWarning.objects.filter(
            drr_order_id__in={f.drr_order_id for f in failures}).values_list("drr_order_id", "issued_on"):
        warning_days.setdefault(order_id, []).append(issued_on)
    items = []
    for failure in failures:
        kind = enforcement.action_for(failure.scheduled_day, warning_days.get(failure.drr_order_id, []))
        due = enforcement.due_for(kind, failure.scheduled_day)
        name = "warning-issue" if kind == enforcement.WARNING else "breach-initiate"
        items.append(work_queue.Item(
            label=f"{failure.drr_order.client}, absent {failure.scheduled_day:%-d %B}",
            client_id=failure.drr_order.client_id,
            url=reverse(f"supervision:{name}", kwargs={"pk": failure.pk}),
            action="Issue the warning" if kind == enforcement.WARNING else "Start breach action",
            due=due, overdue=today > due,
            hint=("Warning due" if kind == enforcement.WARNING else "Breach due") + f" by {due:%-d %B %Y}"))
    items.sort(key=lambda i: i.due)
    return work_queue.Section("Warnings and breaches due", items, empty="No warning or breach is due.")


def tests_section(user):
    """Order 73: current orders whose tests this order week are short of the schedule so far. Two queries."""
    if not access.can_supervise_order(user):
        return None
    today = timezone.localdate()
    orders = list(_caseload(user).filter(start_date__lte=today, end_date__gte=today).select_related("client")
                  .order_by("pk")[:QUEUE_LIMIT * 4])
    since = _midnight(today - datetime.timedelta(days=7))
    taken: dict[int, list] = {}
    for order_id, at in DrrTest.objects.filter(drr_order__in=orders, outcome=DrrTest.Outcome.TAKEN,
                                               taken_at__gte=since).values_list("drr_order_id", "taken_at"):
        taken.setdefault(order_id, []).append(clocks.local_date(at))
    items = []
    for order in orders:
        week_number = (today - order.start_date).days // 7 + 1
        week_start = order.start_date + datetime.timedelta(weeks=week_number - 1)
        required = clocks.tests_required(week_number, low_band_or_residential=order.low_band_or_residential,
                                         later_per_week=order.later_tests_per_week)
        done = sum(week_start <= day <= today for day in taken.get(order.pk, []))
        if done < required:
            items.append(work_queue.Item(
                label=f"{order.client}, order week {week_number}", client_id=order.client_id,
                url=reverse("supervision:test-direct", kwargs={"pk": order.pk}), action="Direct a test",
                due=week_start + datetime.timedelta(days=6), hint=f"{done} of {required} tests taken this week"))
    return work_queue.Section("Tests missing this week", items[:QUEUE_LIMIT], empty="Every order's tests are on schedule.")


def reviews_section(user):
    """Order 74: review hearings in the next 14 days. One query."""
    if not access.can_supervise_order(user):
        return None
    today = timezone.localdate()
    rows = (DrrReview.objects.filter(drr_order__in=_caseload(user), hearing_date__gte=today,
                                     hearing_date__lt=today + datetime.timedelta(days=REVIEW_DAYS), outcome="")
            .select_related("drr_order__client").order_by("hearing_date")[:QUEUE_LIMIT])
    items = [work_queue.Item(
        label=f"{r.drr_order.client}, review {r.hearing_date:%-d %B}", client_id=r.drr_order.client_id,
        url=reverse("supervision:review-report", kwargs={"pk": r.pk}), action="Write the progress report",
        due=r.hearing_date, hint="Report submitted" if r.report_submitted_at else "Report not submitted yet") for r in rows]
    return work_queue.Section("Reviews in the next 14 days", items, empty="No review hearing in the next 14 days.")


timeline.register(timeline_entries)
actions.register(client_actions, order=50)
for _order, _section in enumerate((outcomes_section, evidence_section, enforcement_section, tests_section,
                                   reviews_section), start=70):
    work_queue.register(_section, order=_order)
