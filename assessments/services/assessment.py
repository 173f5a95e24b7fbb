"""Assessment workflows: start (prefilled), save a section, complete, correct, and read notes safely."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.models.assessment import Assessment, ContinuityNote, SharingBasis
from clients import consent
from clients.models import Client, ClientRelation, Consent
from clients.services import client_relate

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
    "consent_answers", "outcome", "care_plan_summary",
]


class AssessmentLocked(Exception):
    """A completed assessment cannot change; correct it with a new version instead."""


def last_completed(client: Client) -> Assessment | None:
    return Assessment.objects.completed().filter(client=client).order_by("-completed_at", "-id").first()


def consents_in_force(client: Client) -> dict:
    """{scope: the Consent in force}, in one query (the rule: clients.consent.in_force)."""
    return consent.in_force(Consent.objects.filter(client=client))


@dataclass
class Started:
    assessment: Assessment
    created: bool


def start_draft(client: Client, user, *, supersedes: Assessment | None = None) -> Started:
    """The user's draft for this client (a worker has one at a time), or a new one, prefilled."""
    existing = Assessment.objects.drafts_of(user).filter(client=client).first()
    if existing is not None:
        return Started(existing, False)
    source = supersedes or last_completed(client)
    fields = CORRECTION_FIELDS if supersedes else PREFILL_FIELDS
    values = {name: getattr(source, name) for name in fields} if source else {}
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
    return Started(assessment, True)


def start_correction(completed: Assessment, user) -> Started:
    if completed.status != Assessment.Status.COMPLETED:
        raise AssessmentLocked("Only a completed assessment is corrected")
    return start_draft(completed.client, user, supersedes=completed)


def discard_draft(assessment: Assessment) -> None:
    """Delete an unfinished draft and its notes (row history keeps a trace of both)."""
    with transaction.atomic():
        _lock_draft(assessment)
        ContinuityNote.objects.filter(assessment=assessment).delete()
        assessment.delete()


def _lock_draft(assessment: Assessment) -> None:
    """Lock the row and check it is still a draft (another tab may have submitted it meanwhile)."""
    status = Assessment.objects.select_for_update().filter(pk=assessment.pk).values_list("status", flat=True).first()
    if status != Assessment.Status.DRAFT:
        raise AssessmentLocked("This assessment is completed and cannot be changed")


def _require_draft(assessment: Assessment) -> None:
    if assessment.status != Assessment.Status.DRAFT:
        raise AssessmentLocked("This assessment is completed and cannot be changed")


def save_section(assessment: Assessment, slug: str, form) -> None:
    """Store one section's answers on a draft and mark the section as done."""
    from assessments.forms.assessment import ConsentForm, NotesForm

    with transaction.atomic():
        _lock_draft(assessment)
        if isinstance(form, ConsentForm):
            assessment.consent_answers = form.answers()
        elif isinstance(form, NotesForm):
            _save_note(assessment, form.cleaned_data["text"])
        else:
            form.save(commit=False)
        if slug not in assessment.sections_done:
            assessment.sections_done = [*assessment.sections_done, slug]
        assessment.save()


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


def section_problems(assessment: Assessment, user) -> dict:
    """{slug: [messages]} for every section whose stored answers would not pass its form."""
    from assessments.forms.assessment import SECTIONS

    in_force = consents_in_force(assessment.client)
    note_text = draft_note_text(assessment)
    problems = {}
    for section in SECTIONS:
        form = section_form(section, assessment, user, in_force=in_force, note_text=note_text)
        bound = section_form(section, assessment, user, data=form.as_data(), in_force=in_force, note_text=note_text)
        if not bound.is_valid():
            problems[section.slug] = [e for errors in bound.errors.values() for e in errors]
    return problems


def section_form(section, assessment: Assessment, user, data=None, *, in_force=None, note_text=""):
    from assessments.forms.assessment import ConsentForm, NotesForm

    kwargs = {"assessment": assessment, "user": user}
    if section.form is ConsentForm:
        kwargs["in_force"] = in_force
    if section.form is NotesForm:
        kwargs["note_text"] = note_text
    return section.form(data, **kwargs)


def complete(assessment: Assessment, user) -> dict:
    """Complete a draft: every section must be valid. Returns the problems (empty when completed).

    Consent answers become Consent rows (append-only; the latest decision per scope is in force).
    """
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        _require_draft(assessment)
        problems = section_problems(assessment, user)
        if problems:
            return problems
        for scope, answer in (assessment.consent_answers or {}).items():
            Consent.objects.create(
                client_id=assessment.client_id, scope=scope, decision=answer["decision"],
                decided_on=answer["decided_on"], recorded_by=user,
            )
        assessment.status = Assessment.Status.COMPLETED
        assessment.completed_at = timezone.now()
        assessment.save(update_fields=["status", "completed_at", "updated_at"])
    return {}


def readable_notes(assessments, user) -> dict:
    """{assessment id: note text} for the notes this user may read, in one query."""
    ids = [a.pk for a in assessments]
    notes = ContinuityNote.objects.readable_by(user).filter(assessment_id__in=ids).values_list("assessment_id", "text")
    return dict(notes)


def record_sharing_basis(*, client: Client, team, reason: str, detail: str, user) -> SharingBasis:
    """A legal basis (no consent needed) for `team` to read the notes the user's team wrote about this client."""
    return SharingBasis.objects.create(
        client=client, team=team, from_team_id=user.team_id, reason=reason, detail=detail, recorded_by=user,
    )


def can_share_notes(client: Client, user) -> bool:
    """Only a team that wrote an assessment of the client shares its notes."""
    return bool(
        user.can_change_case_records and user.team_id
        and Assessment.objects.filter(client=client, team_id=user.team_id).exists()
    )


def sharing_recipients(client: Client, user):
    """Teams that may receive the notes: other teams related to the client."""
    from dip.models import Team

    return (
        Team.objects.filter(client_relations__client=client).exclude(pk=user.team_id)
        .select_related("area").distinct().order_by("area__name", "name")
    )
