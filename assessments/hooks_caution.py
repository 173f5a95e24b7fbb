"""Conditional cautions elsewhere: the work queue (sessions due today, missed sessions to report), the client page's
action and timeline. Imported by assessments/hooks.py; each provider uses a constant number of queries."""

import datetime

from django.urls import reverse
from django.utils import timezone

from assessments.models.caution import Attendance, CautionSession, ConditionalCaution
from clients import actions, timeline
from dip import permissions, work_queue

QUEUE_LIMIT = 100
KIND = "Conditional caution"


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def sessions_due_section(user):
    """Order 36: caution sessions of the user's area due today (local date) or overdue, not yet recorded. One query."""
    if not permissions.can_work_court_routes(user):
        return None
    today = timezone.localdate()
    sessions = (
        CautionSession.objects.filter(attendance="", scheduled_at__lt=_start_of(today + datetime.timedelta(days=1)),
                                      caution__outcome="", caution__area_id=user.team.area_id)
        .filter(caution__in=ConditionalCaution.objects.visible_to(user))
        .select_related("caution__client").order_by("scheduled_at", "id")[:QUEUE_LIMIT]
    )
    items = []
    for s in sessions:
        local = timezone.localtime(s.scheduled_at)
        overdue = local.date() < today
        items.append(work_queue.Item(
            label=f"{s.caution.client}, caution session {s.number}", due=local, overdue=overdue,
            client_id=s.caution.client_id,
            url=reverse("assessments:caution-session", kwargs={"pk": s.caution_id, "number": s.number}),
            action="Record the session", hint=f"{'Was due' if overdue else 'Due'} {local:%-d %B %Y %H:%M}",
        ))
    return work_queue.Section("Caution sessions due today and overdue", items, empty="No caution session is due.")


def missed_to_report_section(user):
    """Order 38: cautions with a missed session whose failure is not yet reported to the police. One query."""
    if not permissions.can_work_court_routes(user):
        return None
    cautions = (ConditionalCaution.objects.visible_to(user).in_area(user.team.area_id).missed_not_reported()
                .select_related("client").order_by("issued_on", "id")[:QUEUE_LIMIT])
    items = [
        work_queue.Item(
            label=f"{c.client}, caution of {c.issued_on:%-d %b %Y}", overdue=True, client_id=c.client_id,
            url=reverse("assessments:caution-report", kwargs={"pk": c.pk}),
            action="Check and send the failure report", hint=f"{c.get_condition_display()}: a session was missed",
        )
        for c in cautions
    ]
    return work_queue.Section("Missed caution sessions to report to the police", items,
                              empty="No missed caution session waits to be reported.")


work_queue.register(sessions_due_section, order=36)
work_queue.register(missed_to_report_section, order=38)


@timeline.register
def caution_entries(client, user):
    """The caution, each recorded session and the outcome. One query: every caution has at least one session."""
    entries = []
    sessions = (CautionSession.objects.filter(caution__client=client)
                .filter(caution__in=ConditionalCaution.objects.visible_to(user))
                .select_related("caution").order_by("caution_id", "number"))
    for s in sessions:
        c, url = s.caution, s.caution.get_absolute_url()
        if s.number == 1:
            entries.append(timeline.Entry(_start_of(c.issued_on), KIND, f"Conditional caution: {c.offence}",
                                          c.get_condition_display(), url))
            if c.outcome:
                entries.append(timeline.Entry(_start_of(c.concluded_on), KIND, f"Caution: {c.get_outcome_display()}",
                                              c.get_prosecution_decision_display(), url))
        if s.attendance:
            entries.append(timeline.Entry(s.scheduled_at, KIND, f"Caution session {s.number}",
                                          Attendance(s.attendance).label, url))
    return entries


@actions.register(order=26)
def caution_actions(client, user):
    if permissions.can_work_court_routes(user):
        yield actions.Action("Record a conditional caution",
                             reverse("assessments:caution-create", kwargs={"client_pk": client.pk}))
