"""Assessment pages: start, task list (or the completed record), one page per section, check and submit.

Each request writes exactly one audit event: the service's for a change, the view's for what it shows.
Drafts are opened only by their author; completed assessments by anyone who may see the client;
continuity notes only through readable_by().
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.forms.assessment import (
    SECTIONS,
    SECTIONS_BY_SLUG,
    ConsentForm,
    NotesForm,
    SharingBasisForm,
    next_section,
    section_form,
)
from assessments.models.assessment import Assessment, SharingBasis
from assessments.services import assessment as service
from clients.access import get_client_for_user
from dip import audit, permissions
from dip.forms import add_service_errors
from dip.models import AuditEvent


def _require_casework(user) -> None:
    permissions.require(permissions.can_change_case_records, user)
    if user.team_id is None:
        raise PermissionDenied


def _assessments(user):
    return (
        Assessment.objects.visible_to(user).openable_by(user)
        .select_related("client", "client__area", "team", "assessor", "custody_suite", "required_assessment")
    )


def _draft_for(user, pk: int) -> Assessment:
    """The user's own draft, or their own assessment submitted meanwhile (the caller answers _submitted);
    anything else is 404 (a completed assessment's section pages do not exist)."""
    _require_casework(user)
    return get_object_or_404(_assessments(user).filter(assessor_id=user.pk), pk=pk)


def _submitted(request: HttpRequest, assessment: Assessment) -> HttpResponse:
    """A section, check or discard page of one's own assessment already submitted (a second tab, Back, a bookmark):
    still "not found" (those pages no longer exist), but saying why and where the record is."""
    audit.record(request, AuditEvent.Action.VIEW, assessment, client=assessment.client, reason="already submitted")
    return render(request, "assessments/assessment/submitted.html", {"assessment": assessment}, status=404)


@require_http_methods(["GET", "POST"])
def assessment_start(request: HttpRequest, client_pk: int) -> HttpResponse:
    _require_casework(request.user)
    client = get_client_for_user(request.user, client_pk)
    required = _required_assessment(request, client)
    if request.method == "POST":
        started = service.assessment_start(user=request.user, client=client, required_assessment=required)
        if not started.created:  # the user's existing draft, opened again
            audit.record(request, AuditEvent.Action.VIEW, started.assessment, client=client)
        return redirect(started.assessment)
    audit.record(request, AuditEvent.Action.VIEW, client, reason="start assessment")
    context = {
        "client": client,
        "draft": Assessment.objects.visible_to(request.user).drafts_of(request.user).filter(client=client).first(),
        "last": service.last_completed(client),
        "total": len(SECTIONS),
        "required": required,
    }
    return render(request, "assessments/assessment/start.html", context)


def _required_assessment(request: HttpRequest, client):
    """The required assessment of this client named by ?required_assessment= (that the user may see), or None."""
    from assessments.models.required import RequiredAssessment

    value = request.GET.get("required_assessment", "")
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    return RequiredAssessment.objects.visible_to(request.user).filter(client=client, pk=int(value)).first()


@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft's task list for its author; the read-only record once completed."""
    assessment = get_object_or_404(_assessments(request.user).with_flags(), pk=pk)
    audit.record(request, AuditEvent.Action.VIEW, assessment, client=assessment.client)
    if assessment.is_draft:
        problems = service.section_problems(assessment)
        tasks = [
            {"section": s, "done": s.slug in assessment.sections_done and s.slug not in problems,
             "problem": s.slug in problems}
            for s in SECTIONS
        ]
        context = {"assessment": assessment, "client": assessment.client, "tasks": tasks,
                   "done_count": sum(t["done"] for t in tasks)}
        return render(request, "assessments/assessment/task_list.html", context)
    notes = service.readable_notes([assessment], request.user)
    versions = (
        Assessment.objects.visible_to(request.user).completed().filter(client=assessment.client)
        .filter(pk__in=_version_chain_ids(assessment)).order_by("completed_at")
    )
    context = {
        "assessment": assessment, "client": assessment.client, "rows": _summary_rows(assessment),
        "note": notes.get(assessment.pk), "has_note_hidden": assessment.has_note and assessment.pk not in notes,
        "versions": versions, "can_correct": permissions.can_correct_assessment(request.user, assessment),
    }
    return render(request, "assessments/assessment/detail.html", context)


def _version_chain_ids(assessment: Assessment) -> list[int]:
    """This assessment, what it corrects and its corrections (one query via the supersedes chain)."""
    ids = {assessment.pk}
    if assessment.supersedes_id:
        ids.add(assessment.supersedes_id)
    if assessment.superseded_by_id:
        ids.add(assessment.superseded_by_id)
    return list(ids)


@require_http_methods(["GET", "POST"])
def assessment_section(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    spec = SECTIONS_BY_SLUG.get(section)
    if spec is None:
        raise Http404
    assessment = _draft_for(request.user, pk)
    if not assessment.is_draft:
        return _submitted(request, assessment)
    extra = _form_extras(spec, assessment)
    if request.method == "POST":
        form = section_form(spec, assessment, request.user, data=request.POST, **extra)
        if form.is_valid():
            try:
                service.assessment_save_section(user=request.user, assessment=assessment, section=spec.slug,
                                                **_answers(form))
            except service.AssessmentLocked:  # submitted from another tab meanwhile
                return _locked(request, assessment)
            following = next_section(spec.slug)
            if "later" in request.POST:
                messages.success(request, "Draft saved. You can come back to it from your work queue.")
                return redirect(assessment)
            if following is None:
                return redirect("assessments:assessment-check", pk=assessment.pk)
            return redirect("assessments:assessment-section", pk=assessment.pk, section=following.slug)
        status = 400
    else:
        form = section_form(spec, assessment, request.user, **extra)
        status = 200
    audit.record(request, AuditEvent.Action.VIEW, assessment, client=assessment.client, detail={"section": spec.slug})
    index = SECTIONS.index(spec)
    context = {"assessment": assessment, "client": assessment.client, "form": form, "section": spec,
               "number": index + 1, "total": len(SECTIONS)}
    return render(request, "assessments/assessment/section.html", context, status=status)


def _answers(form) -> dict:
    """A valid section form's values, as the service takes them: {answers: {field: value}, note_text}."""
    if isinstance(form, ConsentForm):
        return {"answers": {"consent_answers": form.answers()}}
    if isinstance(form, NotesForm):
        return {"answers": {}, "note_text": form.cleaned_data["text"]}
    return {"answers": {name: form.cleaned_data[name] for name in form._meta.fields if name in form.cleaned_data}}


def _locked(request: HttpRequest, assessment: Assessment) -> HttpResponse:
    audit.record(request, AuditEvent.Action.VIEW, assessment, client=assessment.client, reason="already completed")
    messages.success(request, "This assessment was already submitted, so it was not changed")
    return redirect(assessment)


def _form_extras(spec, assessment: Assessment) -> dict:
    if spec.slug == "consent":
        return {"in_force": service.consents_in_force(assessment.client)}
    if spec.slug == "notes":
        return {"note_text": service.draft_note_text(assessment)}
    return {}


@require_http_methods(["GET", "POST"])
def assessment_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers, then submit: the assessment becomes read-only."""
    assessment = _draft_for(request.user, pk)
    if not assessment.is_draft:
        return _submitted(request, assessment)
    status = 200
    if request.method == "POST":
        try:
            service.assessment_complete(user=request.user, assessment=assessment)
        except service.AssessmentLocked:
            return _locked(request, assessment)
        except ValidationError as error:
            problems = error.message_dict
            status = 400
        else:
            messages.success(request, "Assessment completed")
            return redirect(assessment)
    else:
        problems = service.section_problems(assessment)
    audit.record(request, AuditEvent.Action.VIEW, assessment, client=assessment.client, detail={"check": True})
    context = {
        "assessment": assessment, "client": assessment.client, "rows": _summary_rows(assessment),
        "note": service.draft_note_text(assessment), "problems": problems,
        "problem_sections": [SECTIONS_BY_SLUG[slug] for slug in problems], "submitted": request.method == "POST",
    }
    return render(request, "assessments/assessment/check.html", context, status=status)


@require_http_methods(["GET", "POST"])
def assessment_discard(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then delete one's own unfinished draft."""
    assessment = _draft_for(request.user, pk)
    if not assessment.is_draft:
        return _submitted(request, assessment)
    client = assessment.client
    if request.method == "POST":
        try:
            service.assessment_discard(user=request.user, assessment=assessment)
        except service.AssessmentLocked:
            return _locked(request, assessment)
        messages.success(request, "Draft assessment deleted")
        return redirect(client)
    audit.record(request, AuditEvent.Action.VIEW, assessment, client=client, detail={"discard": True})
    return render(request, "assessments/assessment/discard.html", {"assessment": assessment, "client": client})


@require_POST
def assessment_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a correction: a new draft version that copies the completed one."""
    _require_casework(request.user)
    assessment = get_object_or_404(_assessments(request.user).completed(), pk=pk)
    if assessment.team_id != request.user.team_id:
        raise PermissionDenied
    started = service.assessment_correct(user=request.user, assessment=assessment)
    if not started.created:  # the user's existing draft, opened again
        audit.record(request, AuditEvent.Action.VIEW, started.assessment, client=assessment.client,
                     detail={"corrects": assessment.pk})
    if not started.created and started.assessment.supersedes_id != assessment.pk:
        messages.success(request, "You already have a draft for this client: finish it before correcting another")
    return redirect(started.assessment)


@require_http_methods(["GET", "POST"])
def assessment_sharing(request: HttpRequest, client_pk: int) -> HttpResponse:
    """Record a legal basis for another team to read the continuity notes this team wrote."""
    _require_casework(request.user)
    client = get_client_for_user(request.user, client_pk)
    if not service.can_share_notes(client, request.user):
        raise PermissionDenied
    form = SharingBasisForm(request.POST or None, teams=service.sharing_recipients(client, request.user))
    if request.method == "POST" and form.is_valid():
        try:
            basis = service.sharing_basis_record(user=request.user, client=client, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Legal basis recorded: {basis.team.name} can read your team's notes")
            return redirect("assessments:assessment-sharing", client_pk=client.pk)
    audit.record(request, AuditEvent.Action.VIEW, client, reason="sharing of continuity notes")
    bases = (
        SharingBasis.objects.visible_to(request.user).filter(client=client, from_team_id=request.user.team_id)
        .select_related("team", "recorded_by")
    )
    context = {"client": client, "form": form, "bases": bases}
    return render(request, "assessments/assessment/sharing.html", context, status=400 if form.errors else 200)


def _summary_rows(assessment: Assessment) -> list[dict]:
    """[{section, rows: [(label, value)]}] for check-your-answers and the completed record."""
    sections = []
    for spec in SECTIONS:
        if spec.form is NotesForm:
            continue
        rows = []
        if spec.form is ConsentForm:
            from clients.models import Consent

            labels = dict(Consent.Scope.choices)
            decisions = dict(Consent.Decision.choices)
            for scope, answer in (assessment.consent_answers or {}).items():
                rows.append((labels.get(scope, scope), f"{decisions.get(answer['decision'])} on {answer['decided_on']}"))
            if not rows:
                rows.append(("Consent", "No new decisions"))
        else:
            for name in spec.form._meta.fields:
                field = spec.form.base_fields[name]
                rows.append((field.label, _display(assessment, name)))
        sections.append({"section": spec, "rows": rows})
    return sections


def _display(assessment: Assessment, name: str) -> str:
    value = getattr(assessment, name)
    if value in (None, ""):
        return "Not answered"
    display = getattr(assessment, f"get_{name}_display", None)
    if display is not None:
        return display()
    if hasattr(value, "strftime"):
        return value.strftime("%-d %B %Y")
    return str(value)
