"""Conditional cautions with a drug rehabilitation condition (domain.md §3.4): issue the caution with its sessions,
reschedule or record each session, and on a missed session report the failure to the police (drafted from the
record) for a prosecution decision. Every session attended concludes the caution as complied.

Each service is keyword-only `conditional_caution_<verb>(*, user, ...)`, locks the caution it changes, raises
ValidationError keyed by spec field (ConditionalCaution.rule_errors, the import's rules too), writes its own
audit event and returns the caution.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from assessments.models.caution import (
    SESSIONS,
    Attendance,
    CautionSession,
    ConditionalCaution,
    Outcome,
)
from clients.models import ClientRelation
from clients.services import client_relate
from dip import audit, permissions
from dip.models import AuditEvent

A = AuditEvent.Action
FUTURE_TOLERANCE = datetime.timedelta(minutes=5)


def may_record(user) -> bool:
    return permissions.can_work_court_routes(user)


def _rows(sessions: list[CautionSession]) -> list[tuple[datetime.datetime, str]]:
    return [(s.scheduled_at, s.attendance) for s in sessions]


def _check(caution: ConditionalCaution, sessions: list[CautionSession]) -> None:
    errors = caution.rule_errors(_rows(sessions))
    today = timezone.localdate()
    for field in ("issued_on", "failure_reported_on"):
        value = getattr(caution, field)
        if value is not None and value > today:
            errors.setdefault(field, []).append("The date must be today or in the past")
    if errors:
        raise ValidationError(errors)


def draft_failure_report(caution: ConditionalCaution, sessions: list[CautionSession]) -> str:
    return render_to_string("assessments/caution/report.txt", {"caution": caution, "sessions": sessions}).strip() + "\n"


def _locked(caution: ConditionalCaution) -> tuple[ConditionalCaution, list[CautionSession]]:
    caution = ConditionalCaution.objects.select_for_update(of=("self",)).select_related("client").get(pk=caution.pk)
    return caution, list(CautionSession.objects.filter(caution=caution).order_by("number"))


@transaction.atomic
def conditional_caution_issue(
    *, user, client, issued_on: datetime.date, offence: str, condition: str, sessions: list[datetime.datetime],
) -> ConditionalCaution:
    """The caution, its condition and its sessions scheduled (1 or 3, in time order)."""
    if not may_record(user):
        raise PermissionDenied
    caution = ConditionalCaution(client=client, area=user.team.area, issued_on=issued_on, offence=offence.strip(),
                                 condition=condition, team=user.team)
    rows = [CautionSession(number=n, scheduled_at=moment) for n, moment in enumerate(sessions, 1)]
    _check(caution, rows)
    caution.save()
    for row in rows:
        row.caution = caution
    CautionSession.objects.bulk_create(rows)
    client_relate(client=client, team=user.team, reason=ClientRelation.Reason.RECORDED)
    audit.record(None, A.CREATE, caution, user=user, client=client, detail={"condition": condition})
    return caution


@transaction.atomic
def conditional_caution_record_session(
    *, user, caution: ConditionalCaution, number: int, scheduled_at: datetime.datetime, attendance: str = "",
) -> ConditionalCaution:
    """Reschedule a session, or record that it was attended or missed (once its time has come). The last
    attendance of a condition kept in full concludes it as complied; a missed one drafts the failure report."""
    if not may_record(user):
        raise PermissionDenied
    caution, sessions = _locked(caution)
    if caution.outcome:
        raise ValidationError("The caution is concluded: its sessions can no longer change")
    session = next((s for s in sessions if s.number == number), None)
    if session is None:
        raise ValidationError({"number": ["No such session"]})
    if attendance and scheduled_at > timezone.now() + FUTURE_TOLERANCE:
        raise ValidationError({"attendance": ["Record attendance once the session's time has come"]})
    session.scheduled_at, session.attendance = scheduled_at, attendance
    session.recorded_at = timezone.now() if attendance else None
    if len(sessions) == SESSIONS.get(caution.condition) and all(s.attendance == Attendance.ATTENDED for s in sessions):
        caution.outcome, caution.concluded_on = Outcome.COMPLIED, timezone.localdate()
    if any(s.attendance == Attendance.MISSED for s in sessions):
        caution.report_text = draft_failure_report(caution, sessions)
    else:  # a missed session corrected to attended: no failure left to report
        caution.report_text = ""
    _check(caution, sessions)
    session.save()
    caution.save()
    audit.record(None, A.UPDATE, caution, user=user, client=caution.client,
                 detail={"session": number, "attendance": attendance, "scheduled_at": scheduled_at.isoformat()})
    return caution


@transaction.atomic
def conditional_caution_report_failure(
    *, user, caution: ConditionalCaution, report_text: str, failure_reported_on: datetime.date | None,
) -> ConditionalCaution:
    """Save the checked failure report; with the date it went to the police the caution concludes as failed."""
    if not may_record(user):
        raise PermissionDenied
    caution, sessions = _locked(caution)
    if not any(s.attendance == Attendance.MISSED for s in sessions):
        raise ValidationError("No session was missed: there is no failure to report")
    if caution.failure_reported_on and caution.outcome == Outcome.FAILED and failure_reported_on is None:
        raise ValidationError({"failure_reported_on": ["The failure has been reported: the date stays"]})
    caution.report_text, caution.failure_reported_on = report_text, failure_reported_on
    if failure_reported_on is not None:
        caution.outcome, caution.concluded_on = Outcome.FAILED, failure_reported_on
    _check(caution, sessions)
    caution.save()
    audit.record(None, A.UPDATE, caution, user=user, client=caution.client,
                 detail={"step": "report", "failure_reported_on": str(failure_reported_on or "")})
    return caution


@transaction.atomic
def conditional_caution_record_prosecution(*, user, caution: ConditionalCaution, prosecution_decision: str) -> ConditionalCaution:
    """The police's decision after a failure: prosecution for the original offence, or no further action."""
    if not may_record(user):
        raise PermissionDenied
    caution, sessions = _locked(caution)
    caution.prosecution_decision = prosecution_decision
    _check(caution, sessions)
    caution.save()
    audit.record(None, A.UPDATE, caution, user=user, client=caution.client,
                 detail={"step": "prosecution", "prosecution_decision": prosecution_decision})
    return caution
