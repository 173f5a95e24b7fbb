"""Assessment workflows: start (prefilled), save a section, complete, correct, discard, and read notes safely.

Services are keyword-only `assessment_<verb>(*, user, ...)`, take values (never a request or a bound form),
raise ValidationError keyed by field (or, for completion, by section), and audit their own changes.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.models import sections
from assessments.models.assessment import Assessment, AssessmentType, ContinuityNote, SharingBasis, Trigger
from clients import consent
from clients.models import Client, ClientRelation, Consent
from clients.services import client_relate
from dip import audit
from dip.models import AuditEvent, Team

A = AuditEvent.Action
LOCKED_MESSAGE = "This assessment is completed and cannot be changed"

# Copied from the client's last completed assessment into a new one: what usually still holds.
# Not copied: the context (a new event), current offences, consent (asked afresh), outcome, notes.
PREFILL_FIELDS = [
    "main_substance", "main_route", "main_days", "second_substance", "second_route", "second_days",
    "third_substance", "third_route", "third_days", "alcohol_units_daily", "alcohol_days",
    "injecting_status", "injecting_days", "shared_equipment", "previously_in_treatment",
    "currently_in_treatment", "current_provider", "last_treatment_ended_on", "accommodation", "employment",
    "has_children", "children_living_with_client", "children_services_involved", "pregnant",
    "mental_health_need", "mental_health_treatment", "overdose_risk", "self_harm_risk",
    "harm_to_others_risk", "safeguarding_risk", "risk_detail", "iom_ppo", "on_licence_or_order",
]
# A correction copies everything the worker answered.
CORRECTION_FIELDS = PREFILL_FIELDS + [
    "assessment_type", "assessed_on", "location", "custody_suite_id", "trigger", "current_offences",
    "consent_answers", "outcome", "care_plan_summary", "required_assessment_id",
]


class AssessmentLocked(ValidationError):
    """A completed assessment cannot change (another tab submitted it); correct it with a new version instead."""

    def __init__(self, message: str = LOCKED_MESSAGE):
        super().__init__(message)


def last_completed(client: Client) -> Assessment | None:
    return Assessment.objects.completed().filter(client=client).order_by("-completed_at", "-id").first()


def consents_in_force(client: Client) -> dict:
    """{scope: the Consent in force}, in one query (the rule: clients.consent.in_force)."""
    return consent.in_force(Consent.objects.filter(client=client))


@dataclass
class Started:
    assessment: Assessment
    created: bool


@transaction.atomic
def assessment_start(*, user, client: Client, supersedes: Assessment | None = None,
                     required_assessment=None) -> Started:
    """The user's draft for this client (a worker has one at a time), or a new one, prefilled (audited).

    `required_assessment`: the requirement this assessment fulfils (of this client); linked, and the type and
    trigger answered from it. An existing draft with no link gets it.
    """
    if required_assessment is not None and required_assessment.client_id != client.pk:
        raise ValidationError("That required assessment is another client's")
    existing = Assessment.objects.drafts_of(user).filter(client=client).first()
    if existing is not None:
        if required_assessment is not None and existing.required_assessment_id is None:
            existing.required_assessment = required_assessment
            existing.save(update_fields=["required_assessment", "updated_at"])
        return Started(existing, False)
    source = supersedes or last_completed(client)
    fields = CORRECTION_FIELDS if supersedes else PREFILL_FIELDS
    values = {name: getattr(source, name) for name in fields} if source else {}
    if required_assessment is not None:
        follow_up = required_assessment.follow_up_required is True
        values.update(required_assessment_id=required_assessment.pk, trigger=Trigger.REQUIRED_ASSESSMENT,
                      assessment_type=AssessmentType.FOLLOW_UP_RA if follow_up else AssessmentType.INITIAL_RA)
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                client=client, team=user.team, assessor=user, supersedes=supersedes, prefilled_from=source, **values,
            )
            if supersedes is not None:
                note = ContinuityNote.objects.filter(assessment=supersedes).first()
                if note is not None:
                    ContinuityNote.objects.create(assessment=assessment, client=client, team=user.team, text=note.text)
    except IntegrityError:  # a second click made the draft meanwhile
        return Started(Assessment.objects.drafts_of(user).get(client=client), False)
    client_relate(client=client, team=user.team, reason=ClientRelation.Reason.RECORDED)
    detail = {"corrects": supersedes.pk} if supersedes is not None else None
    audit.record(None, A.CREATE, assessment, client=client, user=user, detail=detail)
    return Started(assessment, True)


def assessment_correct(*, user, assessment: Assessment) -> Started:
    """Start a correction: a new draft version that copies the completed one."""
    if assessment.status != Assessment.Status.COMPLETED:
        raise ValidationError("Only a completed assessment is corrected")
    return assessment_start(user=user, client=assessment.client, supersedes=assessment)


@transaction.atomic
def assessment_discard(*, user, assessment: Assessment) -> Assessment:
    """Delete an unfinished draft and its notes (row history keeps a trace of both), audited."""
    _lock_draft(assessment)
    audit.record(None, A.DELETE, assessment, client=assessment.client_id, user=user)
    ContinuityNote.objects.filter(assessment=assessment).delete()
    assessment.delete()
    return assessment


def _lock_draft(assessment: Assessment) -> None:
    """Lock the row and check it is still a draft (another tab may have submitted it meanwhile)."""
    status = Assessment.objects.select_for_update().filter(pk=assessment.pk).values_list("status", flat=True).first()
    if status != Assessment.Status.DRAFT:
        raise AssessmentLocked()


def _require_draft(assessment: Assessment) -> None:
    if assessment.status != Assessment.Status.DRAFT:
        raise AssessmentLocked()


@transaction.atomic
def assessment_save_section(
    *, user, assessment: Assessment, section: str, answers: dict, note_text: str | None = None
) -> Assessment:
    """Store one section's answers ({field: value}) on a draft, and its note text, and mark the section done.

    Raises AssessmentLocked (a ValidationError) when the draft was submitted meanwhile (another tab).
    """
    _lock_draft(assessment)
    for name, value in answers.items():
        setattr(assessment, name, value)
    if note_text is not None:
        _save_note(assessment, note_text)
    if section not in assessment.sections_done:
        assessment.sections_done = [*assessment.sections_done, section]
    assessment.save()
    audit.record(None, A.UPDATE, assessment, client=assessment.client_id, user=user, detail={"section": section})
    return assessment


def _save_note(assessment: Assessment, text: str) -> None:
    text = text.strip()
    note = ContinuityNote.objects.filter(assessment=assessment).first()
    if note is None and text:
        ContinuityNote.objects.create(
            assessment=assessment, client_id=assessment.client_id, team_id=assessment.team_id, text=text
        )
    elif note is not None and text:
        note.text = text
        note.save(update_fields=["text", "updated_at"])
    elif note is not None:
        note.delete()


def draft_note_text(assessment: Assessment) -> str:
    """The author's own draft note (the author is in the writing team, so may always read it)."""
    note = ContinuityNote.objects.filter(assessment=assessment).only("text").first()
    return note.text if note else ""


def section_problems(assessment: Assessment) -> dict:
    """{section slug: [messages]} for every section whose stored answers are missing or break its rules."""
    return sections.section_problems(assessment)


@transaction.atomic
def assessment_complete(*, user, assessment: Assessment) -> Assessment:
    """Complete a draft: every section must be valid, else ValidationError({section slug: [messages]}).

    Consent answers become Consent rows (append-only; the latest decision per scope is in force).
    """
    assessment = Assessment.objects.select_for_update().select_related("client").get(pk=assessment.pk)
    _require_draft(assessment)
    if problems := section_problems(assessment):
        raise ValidationError(problems)
    for scope, answer in (assessment.consent_answers or {}).items():
        Consent.objects.create(
            client_id=assessment.client_id, scope=scope, decision=answer["decision"],
            decided_on=answer["decided_on"], recorded_by=user,
        )
    assessment.status = Assessment.Status.COMPLETED
    assessment.completed_at = timezone.now()
    assessment.save(update_fields=["status", "completed_at", "updated_at"])
    audit.record(None, A.UPDATE, assessment, client=assessment.client_id, user=user, detail={"completed": True})
    return assessment


def readable_notes(assessments, user) -> dict:
    """{assessment id: note text} for the notes this user may read, in one query."""
    ids = [a.pk for a in assessments]
    notes = ContinuityNote.objects.readable_by(user).filter(assessment_id__in=ids).values_list("assessment_id", "text")
    return dict(notes)


@transaction.atomic
def sharing_basis_record(*, user, client: Client, team, reason: str, detail: str) -> SharingBasis:
    """A legal basis (no consent needed) for `team` to read the notes the user's team wrote about this client."""
    if not can_share_notes(client, user):
        raise ValidationError("Only a team that wrote an assessment of the client shares its notes")
    basis = SharingBasis(client=client, team=team, from_team_id=user.team_id, reason=reason, detail=detail,
                         recorded_by=user)
    basis.full_clean()
    basis.save()
    audit.record(None, A.CREATE, basis, client=client, user=user, reason=basis.get_reason_display())
    return basis


def can_share_notes(client: Client, user) -> bool:
    """Only a team that wrote an assessment of the client shares its notes."""
    return bool(
        user.can_change_case_records and user.team_id
        and Assessment.objects.filter(client=client, team_id=user.team_id).exists()
    )


def sharing_recipients(client: Client, user):
    """Teams that may receive the notes: other teams related to the client."""
    return (
        Team.objects.filter(client_relations__client=client).exclude(pk=user.team_id)
        .select_related("area").distinct().order_by("area__name", "name")
    )
