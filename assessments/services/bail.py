"""Restriction on Bail at court (domain.md §3.3): the offer and response, the court's decision, the assessment
under the condition and its follow-up, the compliance report to the court, and the end at disposal or sentence.

Each service is keyword-only `bail_restriction_<verb>(*, user, ...)`, locks the row it changes (a second tab
meets the new state), raises ValidationError keyed by spec field (BailRestriction.rule_errors, the import's
rules too), writes its own audit event and returns the object.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from assessments.models.bail import (
    AssessmentAttendance,
    BailRestriction,
    Compliance,
    CourtDecision,
    FollowUp,
)
from clients.models import ClientRelation
from clients.services import client_relate
from dip import audit, permissions
from dip.models import AuditEvent

A = AuditEvent.Action
FUTURE_TOLERANCE = datetime.timedelta(minutes=5)  # clock skew between a court laptop and the server

# What each step records, and the fields a page may send for it.
STEPS = {
    "decision": ("court_decision", "decided_on"),
    "assessment": ("assessment_at", "assessment_attendance"),
    "follow-up": ("follow_up",),
    "report": ("report_text", "reported_to_court_on"),
    "end": ("ended_on",),
}
FACT_DATES = ("offered_on", "decided_on", "reported_to_court_on", "ended_on")


def may_record(user) -> bool:
    return permissions.can_work_court_routes(user)


def steps_open(restriction: BailRestriction) -> list[str]:
    """The steps that can be recorded now, in the restriction's order (the pages offer exactly these)."""
    if restriction.ended_on:
        return []
    if not restriction.court_decision:
        return ["decision"]
    steps = []
    if restriction.has_condition:
        steps.append("assessment")
        if restriction.assessment_attendance == AssessmentAttendance.ATTENDED:
            steps.append("follow-up")
        if restriction.compliance:
            steps.append("report")
    return [*steps, "end"]


def draft_report(restriction: BailRestriction) -> str:
    """The compliance report, drafted from the record for the worker to check before printing."""
    return render_to_string("assessments/bail/report.txt", {"rob": restriction}).strip() + "\n"


def _derive_compliance(restriction: BailRestriction) -> None:
    if restriction.assessment_attendance == AssessmentAttendance.FAILED_TO_ATTEND:
        restriction.compliance = Compliance.FAILED_TO_ATTEND_ASSESSMENT
    elif restriction.assessment_attendance == AssessmentAttendance.ATTENDED:
        restriction.compliance = {
            FollowUp.ENGAGED: Compliance.COMPLIANT, FollowUp.DISENGAGED: Compliance.DISENGAGED_FOLLOW_UP,
        }.get(restriction.follow_up, "")


def _check(restriction: BailRestriction) -> None:
    """The spec's rules, and what a page may not record: a date still to come, an assessment before the condition."""
    errors = restriction.rule_errors()
    today = timezone.localdate()
    for field in FACT_DATES:
        value = getattr(restriction, field)
        if value is not None and value > today:
            errors.setdefault(field, []).append("The date must be today or in the past")
    if restriction.assessment_at is not None:
        if restriction.assessment_at > timezone.now() + FUTURE_TOLERANCE:
            errors.setdefault("assessment_at", []).append("Record attendance once the assessment's time has come")
        elif restriction.decided_on and timezone.localdate(restriction.assessment_at) < restriction.decided_on:
            errors.setdefault("assessment_at", []).append("The assessment must not be before the court imposed the condition")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def bail_restriction_offer(
    *, user, client, drug_test, court: str, eligibility: str, offered_on: datetime.date, response: str, charge: str = "",
) -> BailRestriction:
    """The offer of a relevant assessment at court after a positive custody test, and the defendant's response."""
    if not may_record(user):
        raise PermissionDenied
    restriction = BailRestriction(
        client=client, area=user.team.area, drug_test=drug_test, court=court.strip(), charge=charge.strip(),
        eligibility=eligibility, offered_on=offered_on, response=response, team=user.team,
    )
    _check(restriction)
    restriction.save()
    client_relate(client=client, team=user.team, reason=ClientRelation.Reason.RECORDED)
    audit.record(None, A.CREATE, restriction, user=user, client=client,
                 detail={"response": response, "eligibility": eligibility})
    return restriction


@transaction.atomic
def bail_restriction_record(*, user, restriction: BailRestriction, step: str, **values) -> BailRestriction:
    """Record one step (`STEPS`): the court's decision, the assessment, the follow-up, the report, the end."""
    if not may_record(user):
        raise PermissionDenied
    if step not in STEPS or set(values) - set(STEPS[step]):
        raise ValueError(f"step {step!r} does not record {sorted(values)}")
    restriction = (BailRestriction.objects.select_for_update(of=("self",))
                   .select_related("client", "drug_test").get(pk=restriction.pk))
    if step not in steps_open(restriction):
        raise ValidationError("This step cannot be recorded now: the record has moved on (look at it again)")
    before = restriction.compliance
    for field, value in values.items():
        setattr(restriction, field, value.strip() if isinstance(value, str) and field != "report_text" else value)
    if step in ("assessment", "follow-up"):
        if step == "assessment" and restriction.assessment_attendance != AssessmentAttendance.ATTENDED:
            restriction.follow_up = ""
        _derive_compliance(restriction)
    if step == "decision" and restriction.court_decision != CourtDecision.BAIL_WITH_CONDITION:
        restriction.compliance = ""
    if restriction.compliance != before and restriction.reported_to_court_on is None:
        restriction.report_text = draft_report(restriction) if restriction.compliance else ""
    _check(restriction)
    restriction.save()
    audit.record(None, A.UPDATE, restriction, user=user, client=restriction.client,
                 detail={"step": step, **{k: str(v) for k, v in values.items() if k != "report_text"}})
    return restriction
