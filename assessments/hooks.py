"""Required assessments on the client timeline and in the custody worker's work queue."""

import datetime

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from clients import timeline
from clients.models_custody import PoliceNotification, RAAppointment, RequiredAssessment
from dip import work_queue

KIND = "Required assessment"
QUEUE_LIMIT = 100  # a queue longer than this is a management problem, not a list to scroll


def _custody_user(user) -> bool:
    from clients.views_custody import is_custody

    return user.is_authenticated and is_custody(user)


def _mine(user, prefix: str) -> Q:
    """Work of the user's team, or assigned to the user as assessor."""
    return Q(**{f"{prefix}team_id": user.team_id}) | Q(assessor_id=user.pk)


def _name(client) -> str:
    return f"{client.given_name} {client.family_name}"


def due_assessments(user):
    """Order 20: initial and follow-up appointments due today or overdue, with no attendance recorded."""
    if not _custody_user(user):
        return None
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    start_of_tomorrow = datetime.datetime.combine(tomorrow, datetime.time(), tzinfo=timezone.get_current_timezone())
    appointments = (
        RAAppointment.objects.filter(attendance="", scheduled_at__lt=start_of_tomorrow)
        .filter(_mine(user, "required_assessment__"))
        .filter(required_assessment__in=RequiredAssessment.objects.visible_to(user))
        .select_related("required_assessment__client")
        .order_by("scheduled_at")[:QUEUE_LIMIT]
    )
    today = timezone.localdate()
    items = []
    for appointment in appointments:
        local = timezone.localtime(appointment.scheduled_at)
        overdue = local.date() < today
        where = f", {appointment.location}" if appointment.location else ""
        items.append(work_queue.Item(
            label=f"{_name(appointment.required_assessment.client)}, {appointment.get_kind_display().lower()}",
            url=reverse("clients:ra-attendance", kwargs={"pk": appointment.required_assessment_id}),
            action="Record attendance", due=local, overdue=overdue,
            hint=f"{'Was due' if overdue else 'Due'} {local:%d %B %Y %H:%M}{where}",
        ))
    return work_queue.Section("Required assessments due today and overdue", items,
                              empty="No required assessment is due.")


def failures_to_notify(user):
    """Order 30: failures to attend or remain whose statement has not been sent to the police."""
    if not _custody_user(user):
        return None
    notifications = (
        PoliceNotification.objects.visible_to(user).filter(sent_at__isnull=True).filter(_mine(user, ""))
        .select_related("client", "appointment").order_by("created_at")[:QUEUE_LIMIT]
    )
    items = [
        work_queue.Item(
            label=f"{_name(n.client)}, {n.appointment.get_attendance_display().lower()}"
                  f" ({n.appointment.get_kind_display().lower()})",
            url=reverse("clients:ra-statement", kwargs={"pk": n.pk}), action="Check and send the statement",
            due=n.created_at, hint=f"Appointment {timezone.localtime(n.appointment.scheduled_at):%d %B %Y %H:%M}",
        )
        for n in notifications
    ]
    return work_queue.Section("Failures to notify to the police", items, empty="No failure to notify.")


work_queue.register(due_assessments, order=20)
work_queue.register(failures_to_notify, order=30)


def timeline_entries(client, user):
    """Imposition, each notice and attendance, the follow-up decision and the outcome: two queries."""
    assessments = RequiredAssessment.objects.visible_to(user).filter(client=client).prefetch_related(
        Prefetch("appointments", queryset=RAAppointment.objects.order_by("id"))
    )
    for ra in assessments:
        url = reverse("clients:ra-detail", kwargs={"pk": ra.pk})
        yield timeline.Entry(ra.imposed_at, KIND, "Required assessment imposed (RA1)", ra.get_status_display(), url)
        for a in ra.appointments.all():
            if a.notice != "RA1":
                yield timeline.Entry(a.notice_issued_at, KIND, f"{a.notice}: {a.get_kind_display().lower()} "
                                     f"{timezone.localtime(a.scheduled_at):%d %B %Y %H:%M}", "", url)
            if a.attendance and a.attendance_recorded_at:
                yield timeline.Entry(a.attendance_recorded_at, "Required assessment",
                                     f"{a.get_kind_display()}: {a.get_attendance_display().lower()}", "", url)
        if ra.ra5_issued_at:
            yield timeline.Entry(ra.ra5_issued_at, KIND, "Follow-up not required (RA5)", "", url)
        if ra.outcome and ra.outcome_recorded_at:
            yield timeline.Entry(ra.outcome_recorded_at, KIND, f"Outcome: {ra.get_outcome_display()}", "", url)


@timeline.register
def custody_timeline(client, user) -> list:
    return list(timeline_entries(client, user))
