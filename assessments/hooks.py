"""What custody-suite assessments show elsewhere: the client page's timeline and actions, and the work queue.

Imported by `autodiscover_modules("hooks")` (DipConfig.ready()); every provider uses a constant
number of queries.
"""

import datetime
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from assessments import hooks_bail, hooks_caution  # noqa: F401  (court work registers its own providers)
from assessments.models.assessment import Assessment
from assessments.models.required import PoliceNotification, RAAppointment, RequiredAssessment
from clients import actions, timeline
from dip import permissions, work_queue
from testing import actions as drug_test_actions
from testing.models import DrugTest, local_date

LONDON = ZoneInfo("Europe/London")

KIND = "Required assessment"
QUEUE_LIMIT = 100  # a queue longer than this is a management problem, not a list to scroll


def _mine(user, prefix: str) -> Q:
    """Work of the user's team, or assigned to the user as assessor."""
    return Q(**{f"{prefix}team_id": user.team_id}) | Q(assessor_id=user.pk)


def _name(client) -> str:
    return f"{client.given_name} {client.family_name}"


def awaiting_decision_section(user):
    """Order 10: today's positive tests of adults at the user's suites with no required-assessment decision.

    The decision is DrugTest.assessment_decision, set by the required-assessment workflow
    (assessments/services/required.py: imposed, or not imposed with a reason); its impose page clears the item.
    """
    if not permissions.can_impose_required_assessment(user):
        return None
    today = local_date(timezone.now())
    tests = (
        DrugTest.objects.visible_to(user).at_suites_of(user).requested_on(today)
        .awaiting_assessment_decision().filter(required_assessment__isnull=True)
        .select_related("client").order_by("requested_at")[:QUEUE_LIMIT]
    )
    items = [
        work_queue.Item(
            label=f"{test.client}, tested {timezone.localtime(test.requested_at):%H:%M}", client_id=test.client_id,
            url=reverse("assessments:ra-impose", kwargs={"test_pk": test.pk}),
            action="Decide on a required assessment",
            hint=test.result_display,
        )
        for test in tests
        if test.required_assessment_refusal() is None
    ]
    return work_queue.Section("Today's positive tests awaiting an assessment decision", items,
                   empty="No positive test today is waiting for a decision.")



def due_assessments(user):
    """Order 20: initial and follow-up appointments due today or overdue, with no attendance recorded."""
    if not permissions.can_impose_required_assessment(user):
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
            client_id=appointment.required_assessment.client_id,
            url=reverse("assessments:ra-attendance", kwargs={"pk": appointment.required_assessment_id}),
            action="Record attendance", due=local, overdue=overdue,
            hint=f"{'Was due' if overdue else 'Due'} {local:%-d %B %Y %H:%M}{where}",
        ))
    return work_queue.Section("Required assessments due today and overdue", items,
                              empty="No required assessment is due.")


def failures_to_notify(user):
    """Order 30: failures to attend or remain whose statement has not been sent to the police."""
    if not permissions.can_impose_required_assessment(user):
        return None
    notifications = (
        PoliceNotification.objects.visible_to(user).filter(sent_at__isnull=True).filter(_mine(user, ""))
        .filter(appointment__required_assessment__withdrawn_at__isnull=True)  # withdrawn: nothing to notify
        .select_related("client", "appointment").order_by("created_at")[:QUEUE_LIMIT]
    )
    items = [
        work_queue.Item(
            label=f"{_name(n.client)}, {n.appointment.get_attendance_display().lower()}"
                  f" ({n.appointment.get_kind_display().lower()})",
            url=reverse("assessments:ra-statement", kwargs={"pk": n.pk}), action="Check and send the statement",
            client_id=n.client_id,
            due=n.created_at, hint=f"Appointment {timezone.localtime(n.appointment.scheduled_at):%-d %B %Y %H:%M}",
        )
        for n in notifications
    ]
    return work_queue.Section("Failures to notify to the police", items, empty="No failure to notify.")


work_queue.register(awaiting_decision_section, order=10)
work_queue.register(due_assessments, order=20)
work_queue.register(failures_to_notify, order=30)


def timeline_entries(client, user):
    """Imposition, each notice and attendance, the police notification and its decision, the follow-up decision
    and the outcome: two queries."""
    assessments = RequiredAssessment.objects.visible_to(user).filter(client=client).prefetch_related(
        Prefetch("appointments", queryset=RAAppointment.objects.select_related("police_notification").order_by("id"))
    )
    for ra in assessments:
        url = reverse("assessments:ra-detail", kwargs={"pk": ra.pk})
        yield timeline.Entry(ra.imposed_at, KIND, "Required assessment imposed (RA1)", ra.get_status_display(), url)
        for a in ra.appointments.all():
            if a.notice != "RA1":
                yield timeline.Entry(a.notice_issued_at, KIND, f"{a.notice}: {a.get_kind_display().lower()} "
                                     f"{timezone.localtime(a.scheduled_at):%-d %B %Y %H:%M}", "", url)
            if a.attendance and a.attendance_recorded_at:
                yield timeline.Entry(a.attendance_recorded_at, "Required assessment",
                                     f"{a.get_kind_display()}: {a.get_attendance_display().lower()}", "", url)
            yield from _notification_entries(getattr(a, "police_notification", None), a)
        if ra.ra5_issued_at:
            yield timeline.Entry(ra.ra5_issued_at, KIND, "Follow-up not required (RA5)", "", url)
        if ra.outcome and ra.outcome_recorded_at:
            yield timeline.Entry(ra.outcome_recorded_at, KIND, f"Outcome: {ra.get_outcome_display()}", "", url)
        if ra.withdrawn_at:
            yield timeline.Entry(ra.withdrawn_at, KIND, "Requirement withdrawn", f"{ra.withdrawal_reason}. Appointment "
                                 f"cancelled and notice withdrawn; person told {ra.get_client_told_display().lower()}.", url)


def _notification_entries(notification, appointment):
    """The statutory notification of a failure (ss12, 14) once sent, and the police's decision on it."""
    if notification is None or not notification.sent_at:
        return
    url = notification.get_absolute_url()
    missed = f"{appointment.get_kind_display().lower()} {appointment.get_attendance_display().lower()}"
    yield timeline.Entry(notification.sent_at, "Police notification", f"Police notified: {missed}",
                         f"Told {notification.sent_to}" if notification.sent_to else "", url)
    if notification.prosecution != PoliceNotification.Prosecution.PENDING and notification.prosecution_recorded_at:
        yield timeline.Entry(notification.prosecution_recorded_at, "Police notification",
                             f"Police decision: {notification.get_prosecution_display().lower()}", "", url)


@timeline.register
def custody_timeline(client, user) -> list:
    return list(timeline_entries(client, user))


# The DIR-style assessment ------------------------------------------------------------------


def assessment_entries(client, user):
    """Completed assessments, and the user's own drafts (other workers' drafts are private)."""
    rows = (
        Assessment.objects.visible_to(user).filter(client=client)
        .filter(Q(status=Assessment.Status.COMPLETED) | Q(assessor_id=user.pk))
        .select_related("team")
        .only("pk", "status", "assessment_type", "outcome", "completed_at", "created_at", "supersedes_id", "team__name")
    )
    for a in rows:
        if a.is_draft:
            yield timeline.Entry(at=a.created_at, kind="Assessment", title="Draft assessment (not finished)",
                                 detail="Your draft", url=reverse("assessments:assessment-detail", kwargs={"pk": a.pk}))
            continue
        title = "Assessment corrected" if a.supersedes_id else "Assessment completed"
        parts = [p for p in (a.get_assessment_type_display(), a.get_outcome_display(), a.team.name) if p]
        yield timeline.Entry(at=a.completed_at, kind="Assessment", title=title, detail=", ".join(parts),
                             url=reverse("assessments:assessment-detail", kwargs={"pk": a.pk}))


def drafts_section(user):
    """Order 50: the user's drafts not finished, each linking to continue it."""
    if not permissions.can_change_case_records(user):
        return None
    drafts = (
        Assessment.objects.visible_to(user).drafts_of(user).select_related("client")
        .only("pk", "created_at", "updated_at", "client__given_name", "client__family_name").order_by("updated_at")
    )
    items = [
        work_queue.Item(
            label=f"{d.client.given_name} {d.client.family_name}", client_id=d.client_id,
            url=reverse("assessments:assessment-detail", kwargs={"pk": d.pk}),
            action="Continue draft assessment",
            hint=f"Last saved {d.updated_at.astimezone(LONDON):%-d %B %Y %H:%M}",
        )
        for d in drafts
    ]
    return work_queue.Section(title="Draft assessments not finished", items=items, empty="No draft assessments.")


timeline.register(assessment_entries)
work_queue.register(drafts_section, order=50)


@actions.register(order=20)
def required_assessment_actions(client, user):
    if permissions.sees_person_records(user):
        yield actions.Action("Required assessments", reverse("assessments:ra-list", kwargs={"client_pk": client.pk}))


@actions.register(order=30)
def assessment_actions(client, user):
    """Continue the user's own draft or start one (one query)."""
    if not permissions.can_change_case_records(user):
        return
    draft = Assessment.objects.visible_to(user).drafts_of(user).filter(client=client).only("pk").first()
    if draft:
        yield actions.Action("Continue draft assessment", reverse("assessments:assessment-detail", kwargs={"pk": draft.pk}))
    else:
        yield actions.Action("Start an assessment", reverse("assessments:assessment-start", kwargs={"client_pk": client.pk}))


@drug_test_actions.register(order=10)
def drug_test_next_steps(test, user):
    """The test's required assessment, or the decision on one (one query)."""
    ra = RequiredAssessment.objects.filter(drug_test=test).only("pk").first()
    if ra is not None:
        yield drug_test_actions.Action("View the required assessment", reverse("assessments:ra-detail", kwargs={"pk": ra.pk}))
    elif test.awaits_assessment_decision:
        kwargs = {"test_pk": test.pk}
        yield drug_test_actions.Action("Impose a required assessment", reverse("assessments:ra-impose", kwargs=kwargs))
        yield drug_test_actions.Action("Record that a required assessment was not imposed",
                                       reverse("assessments:ra-not-imposed", kwargs=kwargs))
