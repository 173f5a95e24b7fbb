"""Conditional caution pages (custody drug workers): issue, each session, the failure report (check, print, PDF),
the police's prosecution decision, and the area's open cautions.

Thin views: access helper -> form -> service -> redirect. Reading needs a person-level role and the client in
scope (another area's caution is 404); recording needs `can_work_court_routes`. Every page writes one audit event.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from assessments.forms import caution as forms
from assessments.models.caution import CautionSession, ConditionalCaution, Outcome
from assessments.pdf import pdf_response
from assessments.services import caution as services
from clients.access import ask_for_reason, check_pk, get_client_for_user, reason_for_view
from dip import audit, permissions
from dip.forms import add_service_errors
from dip.models import AuditEvent

A = AuditEvent.Action
PAGE_SIZE = 50


def _caution(request, pk: int) -> ConditionalCaution:
    check_pk(pk)
    queryset = (ConditionalCaution.objects.visible_to(request.user).select_related("client", "area")
                .prefetch_related(Prefetch("sessions", queryset=CautionSession.objects.order_by("number"))))
    return get_object_or_404(queryset, pk=pk)


def _require_recorder(user) -> None:
    permissions.require(permissions.can_work_court_routes, user)


@require_http_methods(["GET", "POST"])
def caution_create(request: HttpRequest, client_pk: int) -> HttpResponse:
    _require_recorder(request.user)
    client = get_client_for_user(request.user, client_pk)
    form = forms.IssueForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            caution = services.conditional_caution_issue(user=request.user, client=client, **form.service_values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Conditional caution recorded for {client}")
            return redirect(caution)
    audit.record(request, A.VIEW, client, reason="record a conditional caution")
    return render(request, "assessments/caution/issue.html", {"client": client, "form": form},
                  status=400 if form.errors else 200)


def _actions(user, caution, sessions) -> dict:
    if not services.may_record(user):
        return {}
    missed = any(s.attendance == "missed" for s in sessions)
    return {
        "sessions": not caution.outcome,
        "report": missed and caution.outcome != Outcome.COMPLIED,
        "prosecution": caution.outcome == Outcome.FAILED,
    }


@require_GET
def caution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require(permissions.sees_person_records, request.user)
    caution = _caution(request, pk)
    reason = reason_for_view(request, caution.client)
    if reason is None:
        return ask_for_reason(request, caution.client)
    audit.record(request, A.VIEW, caution, client=caution.client, reason=reason)
    sessions = caution.session_list()
    context = {"caution": caution, "sessions": sessions, "stage": caution.stage_of(sessions),
               "may": _actions(request.user, caution, sessions)}
    return render(request, "assessments/caution/detail.html", context)


@require_http_methods(["GET", "POST"])
def caution_session(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    _require_recorder(request.user)
    caution = _caution(request, pk)
    session = next((s for s in caution.session_list() if s.number == number), None)
    if session is None:
        raise Http404("No such session")
    initial = {"scheduled_at": session.scheduled_at, "attendance": session.attendance}
    form = forms.SessionForm(request.POST if request.method == "POST" else None, initial=initial)
    if caution.outcome:
        add_service_errors(form, ValidationError("The caution is concluded: its sessions can no longer change"))
    elif request.method == "POST" and form.is_valid():
        try:
            saved = services.conditional_caution_record_session(user=request.user, caution=caution, number=number,
                                                                **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error, {"sessions": "scheduled_at", "concluded_on": None, "outcome": None})
        else:
            messages.success(request, f"Session {number} saved")
            if form.cleaned_data["attendance"] == "missed":  # the failure report is drafted: check it
                return redirect("assessments:caution-report", pk=pk)
            return redirect(saved)
    audit.record(request, A.VIEW, caution, client=caution.client, reason=f"session {number}")
    context = {"caution": caution, "session": session, "form": form, "title": f"Session {number}"}
    return render(request, "assessments/caution/step.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def caution_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Check the drafted failure report, print it, and record when it went to the police."""
    _require_recorder(request.user)
    caution = _caution(request, pk)
    initial = {"report_text": caution.report_text, "failure_reported_on": caution.failure_reported_on}
    form = forms.FailureReportForm(request.POST if request.method == "POST" else None, initial=initial)
    if not caution.report_text:
        add_service_errors(form, ValidationError("No session was missed: there is no failure to report"))
    elif request.method == "POST" and form.is_valid():
        try:
            saved = services.conditional_caution_report_failure(user=request.user, caution=caution, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Failure report saved")
            return redirect(saved)
    audit.record(request, A.VIEW, caution, client=caution.client, reason="failure report")
    context = {"caution": caution, "form": form, "title": "Check the failure report", "report": True}
    return render(request, "assessments/caution/step.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def caution_prosecution(request: HttpRequest, pk: int) -> HttpResponse:
    _require_recorder(request.user)
    caution = _caution(request, pk)
    form = forms.ProsecutionForm(request.POST if request.method == "POST" else None,
                                 initial={"prosecution_decision": caution.prosecution_decision})
    if caution.outcome != Outcome.FAILED:
        add_service_errors(form, ValidationError("A prosecution decision follows a failure reported to the police"))
    elif request.method == "POST" and form.is_valid():
        try:
            saved = services.conditional_caution_record_prosecution(user=request.user, caution=caution,
                                                                    **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Prosecution decision saved")
            return redirect(saved)
    audit.record(request, A.VIEW, caution, client=caution.client, reason="prosecution decision")
    context = {"caution": caution, "form": form, "title": "Record the prosecution decision"}
    return render(request, "assessments/caution/step.html", context, status=400 if form.errors else 200)


def _report(request, pk: int, *, pdf: bool) -> HttpResponse:
    permissions.require(permissions.sees_person_records, request.user)
    caution = _caution(request, pk)
    if not caution.report_text:
        raise Http404("No failure report has been drafted for this caution")
    reason = reason_for_view(request, caution.client)
    if reason is None:
        return ask_for_reason(request, caution.client)
    audit.record(request, A.PRINT, caution, client=caution.client, reason=reason, detail={"pdf": pdf})
    context = {"caution": caution, "client": caution.client}
    if pdf:
        return pdf_response("assessments/caution/report_pdf.html", context, f"caution-failure-{caution.pk}.pdf")
    return render(request, "assessments/caution/report_print.html", context)


@require_GET
def caution_report_print(request: HttpRequest, pk: int) -> HttpResponse:
    return _report(request, pk, pdf=False)


@require_GET
def caution_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _report(request, pk, pdf=True)


@require_GET
def caution_list(request: HttpRequest) -> HttpResponse:
    """The area's cautions not yet concluded, then those awaiting the prosecution decision; latest first."""
    user = request.user
    _require_recorder(user)
    queryset = (ConditionalCaution.objects.visible_to(user).in_area(user.team.area_id)
                .filter(prosecution_decision="").exclude(outcome=Outcome.COMPLIED)
                .select_related("client").prefetch_related("sessions").order_by("-issued_on", "-id"))
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    audit.record(request, A.VIEW, "assessments.caution-list", detail={"page": page.number},
                 client_ids=[c.client_id for c in page])
    return render(request, "assessments/caution/list.html", {"page": page})
