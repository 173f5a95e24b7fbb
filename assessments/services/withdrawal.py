"""Withdrawing an imposed requirement when the laboratory does not confirm a disputed positive (domain.md §3.1).

The requirement rests on a positive test (Drugs Act 2005 s9); once the confirmatory laboratory does not confirm
it, the test counts as negative and the requirement has no basis. Withdrawing it cancels the open appointment,
marks its notice withdrawn (the printed RA1/RA2/RA4 say so), records how the person was told, drops any unsent
police notification from the work queue, and puts the reason on the client's timeline.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.models.required import Attendance, RAStatus, RequiredAssessment
from assessments.services.required import _audit_step, _locked, appointments_of

REASON = "The laboratory did not confirm the disputed positive result"


def withdrawal_refusal(ra: RequiredAssessment) -> str | None:
    """Why this requirement cannot be withdrawn, or None when it can."""
    test = ra.drug_test
    if ra.withdrawn_at:
        return "The requirement has already been withdrawn"
    if ra.status == RAStatus.COMPLETED:
        return "The assessment has been completed and its outcome recorded: it cannot be withdrawn"
    if not (test.disputed and test.confirmation == test.Confirmation.NOT_CONFIRMED):
        return ("A requirement can be withdrawn only when the laboratory did not confirm a disputed positive result: "
                "record the laboratory's result on the drug test first")
    return None


@transaction.atomic
def required_assessment_withdraw(*, user, ra: RequiredAssessment, client_told: str) -> RequiredAssessment:
    """Withdraw the requirement; the open appointment is cancelled and the person has been told (how)."""
    ra = _locked(ra)
    if refusal := withdrawal_refusal(ra):
        raise ValidationError(refusal)
    if client_told not in {choice for choice, _ in RequiredAssessment._meta.get_field("client_told").choices}:
        raise ValidationError({"client_told": "Select how the person was told"})
    now = timezone.now()
    for appointment in appointments_of(ra):
        if not appointment.attendance:  # the appointment still to come: cancelled, so no failure can follow
            appointment.attendance = Attendance.CANCELLED
            appointment.attendance_recorded_at = now
            appointment.attendance_recorded_by = user
            appointment.save(update_fields=["attendance", "attendance_recorded_at", "attendance_recorded_by"])
    ra.withdrawn_at, ra.withdrawn_by, ra.withdrawal_reason, ra.client_told = now, user, REASON, client_told
    ra.status = RAStatus.WITHDRAWN
    ra.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason", "client_told", "status"])
    _audit_step(ra, user, "withdrawn")
    return ra
