"""The required-assessment chain (Drugs Act 2005 ss9-17): every transition goes through here.

reference/domain.md §3.2: imposed (RA1) -> varied (RA2) -> attendance (RA3) -> follow-up required
(RA4) or not (RA5) -> outcome. A failure to attend or remain creates the police notification with
a drafted evidential statement. Each service is keyword-only `<entity>_<verb>(*, user, ...)`, takes no
request or form, checks the state (locking the row, so a second tab meets the new state), raises
ValidationError keyed by field, writes its own audit event and returns the object.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from assessments.models.required import (
    FAILURES,
    NOT_IMPOSED_REASONS,
    Attendance,
    PoliceNotification,
    RAAppointment,
    RAStatus,
    RequiredAssessment,
)
from clients.models import ClientRelation
from clients.services import client_relate
from dip import audit, dates
from dip.models import AuditEvent
from testing.models import DrugTest
from testing.services import drug_test_decision_record

A = AuditEvent.Action

# Which appointment is open (awaiting attendance or variation) in each status.
OPEN_KIND = {RAStatus.IMPOSED: RAAppointment.Kind.INITIAL, RAStatus.FOLLOW_UP_REQUIRED: RAAppointment.Kind.FOLLOW_UP}
OUTCOME_STATUSES = {RAStatus.FOLLOW_UP_NOT_REQUIRED, RAStatus.FOLLOW_UP_ATTENDED}


# --- What this chain needs from testing.DrugTest (one place to adapt) ---------------------------

def test_is_positive(test) -> bool:
    """Positive for a specified Class A drug; a disputed positive stays positive until the laboratory says not."""
    return test.is_positive


def lab_sent_at(test) -> datetime.datetime | None:
    return test.sent_to_laboratory_at if test.disputed else None


# --- Reading the chain ---------------------------------------------------------------------------

def appointments_of(ra: RequiredAssessment) -> list[RAAppointment]:
    """All appointments, oldest first (uses a prefetch when there is one)."""
    return sorted(ra.appointments.all(), key=lambda a: a.id)


def open_appointment(ra: RequiredAssessment) -> RAAppointment | None:
    """The appointment awaiting attendance (or a new time after a cancellation), if the status has one."""
    kind = OPEN_KIND.get(ra.status)
    latest = [a for a in appointments_of(ra) if a.kind == kind]
    return latest[-1] if latest else None


def can_decide(test) -> bool:
    """Whether an assessment decision can still be made for this test (none recorded on it yet)."""
    return not test.assessment_decision and not hasattr(test, "required_assessment")


# --- Transitions --------------------------------------------------------------------------------

def _check_eligible(test) -> None:
    if refusal := test.required_assessment_refusal():  # the import asks the same rule
        raise ValidationError({"drug_test": refusal})


def _check_initial_time(test, scheduled_at, not_before) -> None:
    if scheduled_at < not_before:
        raise ValidationError({"scheduled_at": "The appointment must be after the notice is given"})
    if test.disputed and lab_sent_at(test) is None:
        raise ValidationError(
            {"scheduled_at": "The test is disputed: record when the sample was sent to the laboratory first"}
        )
    if refusal := test.initial_assessment_refusal(timezone.localdate(scheduled_at)):  # the laboratory clock, once
        raise ValidationError({"scheduled_at": refusal})


@transaction.atomic
def required_assessment_impose(
    *, user, drug_test, imposed_at, scheduled_at, location, assessor=None, imposing_officer=""
) -> RequiredAssessment:
    """s9: require attendance at the initial assessment (RA1), with the follow-up requirement attached (s10)."""
    test = DrugTest.objects.select_for_update().select_related("client").get(pk=drug_test.pk)
    if not can_decide(test):
        raise ValidationError({"drug_test": "An assessment decision has already been recorded for this test"})
    _check_eligible(test)
    if imposed_at < test.requested_at:
        raise ValidationError({"imposed_at": "The requirement cannot be imposed before the test was requested"})
    _check_initial_time(test, scheduled_at, imposed_at)
    ra = RequiredAssessment.objects.create(
        client=test.client, drug_test=test, team=user.team, imposed_at=imposed_at,
        imposing_officer=imposing_officer, created_by=user,
    )
    RAAppointment.objects.create(
        required_assessment=ra, kind=RAAppointment.Kind.INITIAL, scheduled_at=scheduled_at, location=location,
        assessor=assessor, notice=RAAppointment.Notice.RA1, notice_issued_at=imposed_at,
    )
    _decided(test, "imposed", user=user, at=imposed_at)
    _relate(ra.client, user)
    audit.record(None, A.CREATE, ra, client=ra.client, user=user)
    return ra


@transaction.atomic
def required_assessment_record_not_imposed(*, user, drug_test, reason, detail="") -> DrugTest:
    """The decision not to impose, with its reason, on the test itself (testing.DrugTest.assessment_decision)."""
    test = DrugTest.objects.select_for_update().select_related("client").get(pk=drug_test.pk)
    if not can_decide(test):
        raise ValidationError({"reason": "An assessment decision has already been recorded for this test"})
    if not test_is_positive(test):
        raise ValidationError({"reason": "Only a positive test needs an assessment decision"})
    labels = dict(NOT_IMPOSED_REASONS)
    if reason not in labels:
        raise ValidationError({"reason": "Select why it was not imposed"})
    if reason == "other" and not detail.strip():
        raise ValidationError({"detail": "Say why the requirement was not imposed"})
    text = labels[reason] + (f": {detail.strip()}" if detail.strip() else "")
    _decided(test, "not_imposed", user=user, reason=text)
    _relate(test.client, user)
    audit.record(None, A.CREATE, test, client=test.client, user=user, reason="required assessment not imposed")
    return test


def _decided(test, decision, *, user, reason="", at=None) -> None:
    """Record the decision on the test through the testing app's own service (it checks the whole record)."""
    try:
        drug_test_decision_record(user=user, test=test, decision=decision, reason=reason, at=at)
    except ValidationError as error:
        # A rule about the test itself, not this form: show it at the top of the page.
        raise ValidationError([f"The test record needs correcting first: {m}" for m in error.messages]) from error


def _locked(ra: RequiredAssessment) -> RequiredAssessment:
    return RequiredAssessment.objects.select_for_update().select_related("drug_test", "client").get(pk=ra.pk)


@transaction.atomic
def required_assessment_vary(*, user, ra, scheduled_at, location, assessor=None, reason="", issued_at=None) -> RAAppointment:
    """RA2: a new time (and place) for the open appointment; the old one is kept, marked cancelled."""
    ra = _locked(ra)
    current = open_appointment(ra)
    if current is None:
        raise ValidationError({"scheduled_at": "There is no appointment to vary at this stage"})
    issued_at = issued_at or timezone.now()
    if current.kind == RAAppointment.Kind.INITIAL:
        _check_initial_time(ra.drug_test, scheduled_at, issued_at)
    elif scheduled_at < issued_at:
        raise ValidationError({"scheduled_at": "The appointment must be after the notice is given"})
    if not current.attendance:
        current.attendance = Attendance.CANCELLED
        current.attendance_recorded_at = issued_at
        current.attendance_recorded_by = user
        current.save(update_fields=["attendance", "attendance_recorded_at", "attendance_recorded_by"])
    appointment = RAAppointment.objects.create(
        required_assessment=ra, kind=current.kind, scheduled_at=scheduled_at, location=location,
        assessor=assessor if assessor is not None else current.assessor, notice=RAAppointment.Notice.RA2,
        notice_issued_at=issued_at, variation_reason=reason,
    )
    _audit_step(ra, user, "vary")
    return appointment


@transaction.atomic
def required_assessment_record_attendance(*, user, ra, attendance, recorded_at=None) -> RAAppointment:
    """RA3. Attended moves the chain on; a failure also creates the police notification and its statement."""
    ra = _locked(ra)
    current = open_appointment(ra)
    if current is None or current.attendance:
        raise ValidationError({"attendance": "There is no appointment awaiting attendance at this stage"})
    recorded_at = recorded_at or timezone.now()
    if attendance != Attendance.CANCELLED and current.scheduled_at > recorded_at:
        raise ValidationError({"attendance": "Attendance can only be recorded once the appointment time has passed"})
    if recorded_at < current.notice_issued_at:
        raise ValidationError({"attendance": "Attendance cannot be recorded before the notice was given"})
    current.attendance = attendance
    current.attendance_recorded_at = recorded_at
    current.attendance_recorded_by = user
    current.save(update_fields=["attendance", "attendance_recorded_at", "attendance_recorded_by"])
    if attendance != Attendance.CANCELLED:  # a cancelled appointment waits for a new time (RA2)
        ra.status = ra.derived_status()
        ra.save(update_fields=["status"])
    if attendance in FAILURES:
        create_police_notification(ra, current)
    _audit_step(ra, user, "attendance")
    return current


def create_police_notification(ra: RequiredAssessment, appointment: RAAppointment) -> PoliceNotification:
    """The 'notify police' task for the assessor's team, with the statement drafted for checking."""
    notification, _ = PoliceNotification.objects.get_or_create(
        appointment=appointment,
        defaults={
            "client": ra.client, "team": ra.team or getattr(appointment.assessor, "team", None),
            "assessor": appointment.assessor, "statement": draft_statement(ra, appointment),
        },
    )
    return notification


def draft_statement(ra: RequiredAssessment, appointment: RAAppointment) -> str:
    """The evidential statement of the failure: which assessment, when, where, and the notice given."""
    notices = [a for a in appointments_of(ra) if a.kind == appointment.kind and a.id <= appointment.id]
    return render_to_string("assessments/required/statement.txt", {
        "ra": ra, "client": ra.client, "test": ra.drug_test, "appointment": appointment,
        "first_notice": notices[0] if notices else appointment, "variations": notices[1:],
        "assessor": appointment.assessor,
    }).strip() + "\n"


@transaction.atomic
def required_assessment_decide_follow_up(
    *, user, ra, required, scheduled_at=None, location="", assessor=None, decided_at=None
) -> RequiredAssessment:
    """s13: the initial assessor requires the follow-up (RA4, with its time, place and warning) or releases it (RA5)."""
    ra = _locked(ra)
    if ra.follow_up_decided_at is not None:
        raise ValidationError({"required": "The follow-up has already been decided: nothing was changed"})
    if ra.status != RAStatus.INITIAL_ATTENDED:
        raise ValidationError({"required": "The follow-up is decided at the end of an attended initial assessment"})
    decided_at = decided_at or timezone.now()
    ra.follow_up_required = required
    ra.follow_up_decided_at = decided_at
    if required:
        if scheduled_at is None:
            raise ValidationError({"scheduled_at": "Enter the date and time of the follow-up assessment"})
        if scheduled_at < decided_at:
            raise ValidationError({"scheduled_at": "The follow-up assessment must be after the notice is given"})
        RAAppointment.objects.create(
            required_assessment=ra, kind=RAAppointment.Kind.FOLLOW_UP, scheduled_at=scheduled_at, location=location,
            assessor=assessor, notice=RAAppointment.Notice.RA4, notice_issued_at=decided_at,
        )
    else:
        ra.ra5_issued_at = decided_at
    ra.status = ra.derived_status()
    ra.save(update_fields=["follow_up_required", "follow_up_decided_at", "ra5_issued_at", "status"])
    _audit_step(ra, user, "follow-up")
    return ra


@transaction.atomic
def required_assessment_record_outcome(*, user, ra, outcome) -> RequiredAssessment:
    ra = _locked(ra)
    if ra.status == RAStatus.COMPLETED:
        raise ValidationError({"outcome": "The outcome has already been recorded: nothing was changed"})
    if ra.status not in OUTCOME_STATUSES:
        raise ValidationError(
            {"outcome": "The outcome is recorded after the follow-up is decided not required, or attended"}
        )
    ra.outcome = outcome
    ra.outcome_recorded_at = timezone.now()
    ra.status = ra.derived_status()
    ra.save(update_fields=["outcome", "outcome_recorded_at", "status"])
    _audit_step(ra, user, "outcome")
    return ra


@transaction.atomic
def police_notification_edit_statement(*, user, notification, statement) -> PoliceNotification:
    notification = PoliceNotification.objects.select_for_update().get(pk=notification.pk)
    if notification.sent_at:
        raise ValidationError({"statement": "The statement has been sent: it can no longer be changed"})
    if not statement.strip():
        raise ValidationError({"statement": "Enter the statement"})
    notification.statement = statement
    notification.statement_edited_at = timezone.now()
    notification.save(update_fields=["statement", "statement_edited_at"])
    audit.record(None, A.UPDATE, notification, client=notification.client_id, user=user)
    return notification


@transaction.atomic
def police_notification_record_sent(*, user, notification, sent_at, sent_to) -> PoliceNotification:
    notification = PoliceNotification.objects.select_for_update().select_related("appointment").get(pk=notification.pk)
    if notification.sent_at:
        raise ValidationError({"sent_at": "The police have already been notified"})
    now = timezone.now()
    if sent_at > now:  # name both times: "a few minutes ahead" is usually a clock or a typing slip
        raise ValidationError({"sent_at": f"The time the police were notified ({dates.date_time(sent_at)}) "
                                          f"cannot be in the future: it is now {dates.time(now)}"})
    if sent_at < notification.appointment.scheduled_at:
        raise ValidationError({"sent_at": "The police cannot be notified before the missed appointment"})
    notification.sent_at = sent_at
    notification.sent_to = sent_to
    notification.sent_by = user
    notification.save(update_fields=["sent_at", "sent_to", "sent_by"])
    audit.record(None, A.UPDATE, notification, client=notification.client_id, user=user, reason="police notified")
    return notification


@transaction.atomic
def police_notification_record_prosecution(*, user, notification, prosecution) -> PoliceNotification:
    """The police's decision on the failure (charged or no further action), once they have been told of it."""
    notification = PoliceNotification.objects.select_for_update().get(pk=notification.pk)
    if not notification.sent_at:
        raise ValidationError({"prosecution": "Record that the police were notified first"})
    notification.prosecution = prosecution
    notification.prosecution_recorded_at = timezone.now()
    notification.save(update_fields=["prosecution", "prosecution_recorded_at"])
    audit.record(None, A.UPDATE, notification, client=notification.client_id, user=user, reason="prosecution decision")
    return notification


def _audit_step(ra: RequiredAssessment, user, step: str) -> None:
    audit.record(None, A.UPDATE, ra, client=ra.client_id, user=user, detail={"step": step})


def _relate(client, user) -> None:
    if user is not None and user.team_id:
        client_relate(client=client, team=user.team, reason=ClientRelation.Reason.RECORDED)
