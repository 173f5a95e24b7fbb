"""Required assessments: impose (RA1), vary (RA2), attendance (RA3), follow-up (RA4/RA5), outcome,
the police notification's statement, and the printable notices (HTML and PDF).

Thin views: access helper -> form -> service -> redirect. Every rule, and the audit event of every change,
is in assessments/services/required.py; a view audits only what it shows (a GET, or a form sent back with
its errors). Reading needs a person-level role; changing needs a custody drug worker or team manager of a
custody team. Out-of-scope objects are 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.forms import required as forms
from assessments.models.assessment import Assessment
from assessments.models.required import PoliceNotification, RAAppointment, RAStatus, RequiredAssessment
from assessments.pdf import pdf_response
from assessments.services import required as services
from assessments.services import withdrawal
from clients.access import ask_for_reason, get_client_for_user, reason_for_view
from dip import audit, dates, permissions
from dip.forms import add_service_errors
from dip.models import AuditEvent
from testing.models import DrugTest

A = AuditEvent.Action


def _require_reader(user) -> None:
    permissions.require(permissions.sees_person_records, user)


def _require_custody(user) -> None:
    permissions.require(permissions.can_impose_required_assessment, user)


MAX_PK = 2**63 - 1  # a larger id in the URL would be a database error (500), not a 404


def _check_pk(*pks) -> None:
    if any(pk > MAX_PK for pk in pks):
        raise Http404("No such record")


def _ra_for(user, pk) -> RequiredAssessment:
    _check_pk(pk)
    queryset = (
        RequiredAssessment.objects.visible_to(user)
        .select_related("client", "drug_test__custody_suite", "team")
        .prefetch_related(Prefetch(
            "appointments",
            queryset=RAAppointment.objects.select_related("assessor", "police_notification").order_by("id"),
        ))
    )
    return get_object_or_404(queryset, pk=pk)


def _test_for(user, pk):
    _check_pk(pk)
    queryset = DrugTest.objects.visible_to(user).select_related("client", "custody_suite", "required_assessment")
    return get_object_or_404(queryset, pk=pk)


def _notification_for(user, pk) -> PoliceNotification:
    _check_pk(pk)
    queryset = PoliceNotification.objects.visible_to(user).select_related(
        "client", "appointment__required_assessment__drug_test__custody_suite", "assessor", "sent_by"
    )
    return get_object_or_404(queryset, pk=pk)


def _reason(request, client) -> str | None:
    """Why this view of the record happens (audited); None when a data protection officer must say first."""
    return reason_for_view(request, client)


def _form_page(request, template, form, context, status=200):
    return render(request, f"assessments/required/{template}", {"form": form, **context}, status=status)


def _run(form, action):
    """Call the service (once the form is valid); on a rule's ValidationError put its messages on the form.

    Returns what the service returned, or None when it refused.
    """
    if not form.is_valid():
        return None
    try:
        return action()
    except ValidationError as error:
        add_service_errors(form, error)
        return None


# --- Lists and details ---------------------------------------------------------------------------

@require_GET
def ra_list(request: HttpRequest, client_pk: int) -> HttpResponse:
    """The client's required assessments, and their positive tests still awaiting an assessment decision."""
    _require_reader(request.user)
    _check_pk(client_pk)
    client = get_client_for_user(request.user, client_pk)
    if (reason := _reason(request, client)) is None:
        return ask_for_reason(request, client)
    assessments = list(RequiredAssessment.objects.visible_to(request.user).filter(client=client)
                       .select_related("drug_test__custody_suite"))
    audit.record(request, A.VIEW, client, reason=reason, detail={"page": "required assessments"})
    return render(request, "assessments/required/ra_list.html", {
        "client": client, "assessments": assessments, "awaiting": _awaiting_decision(request.user, client),
    })


def _awaiting_decision(user, client) -> list:
    tests = (DrugTest.objects.visible_to(user).awaiting_assessment_decision()
             .filter(client=client, required_assessment__isnull=True).select_related("custody_suite", "client"))
    return [t for t in tests.order_by("-requested_at")[:50] if t.required_assessment_refusal() is None]


@require_GET
def ra_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request.user)
    ra = _ra_for(request.user, pk)
    if (reason := _reason(request, ra.client)) is None:
        return ask_for_reason(request, ra.client)
    audit.record(request, A.VIEW, ra, client=ra.client, reason=reason)
    appointments = services.appointments_of(ra)
    can_change = permissions.can_impose_required_assessment(request.user)
    linked = list(Assessment.objects.visible_to(request.user).openable_by(request.user).filter(required_assessment=ra)
                  .order_by("created_at", "pk"))  # the assessment(s) that fulfil it: the link both ways
    return render(request, "assessments/required/ra_detail.html", {
        "ra": ra, "client": ra.client, "appointments": appointments, "assessments": linked,
        "next_steps": _next_steps(ra, appointments, linked) if can_change else [],
    })


# Attended (initial or follow-up): the assessment itself can be recorded, linked to the requirement.
ATTENDED = {RAStatus.INITIAL_ATTENDED, RAStatus.FOLLOW_UP_NOT_REQUIRED, RAStatus.FOLLOW_UP_REQUIRED,
            RAStatus.FOLLOW_UP_ATTENDED}


def _next_steps(ra: RequiredAssessment, appointments, linked) -> list[dict]:
    """The links of what can be done next; none (and no heading) once the chain has nothing left to do."""
    def step(label, name, hidden="", **kwargs):
        return {"label": label, "url": reverse(f"assessments:{name}", kwargs=kwargs or {"pk": ra.pk}), "hidden": hidden}

    steps = []
    if withdrawal.withdrawal_refusal(ra) is None:  # first: the requirement has no basis any more
        steps.append(step("Withdraw the requirement: the laboratory did not confirm the positive result", "ra-withdraw"))
    open_appointment = services.open_appointment(ra)
    if open_appointment and not open_appointment.attendance:
        steps.append(step("Record attendance (RA3)", "ra-attendance"))
    if open_appointment:
        steps.append(step("Vary the appointment (RA2)", "ra-vary"))
    if ra.status == RAStatus.INITIAL_ATTENDED:
        steps.append(step("Record whether a follow-up is required (RA4 or RA5)", "ra-follow-up"))
    if ra.status in ATTENDED and not linked:
        start = reverse("assessments:assessment-start", kwargs={"client_pk": ra.client_id})
        steps.append({"label": "Record the assessment", "url": f"{start}?required_assessment={ra.pk}",
                      "hidden": "that fulfils this requirement"})
    if ra.status in services.OUTCOME_STATUSES:
        steps.append(step("Record the outcome", "ra-outcome"))
    for a in appointments:
        notification = getattr(a, "police_notification", None)
        if notification and not notification.sent_at and not ra.withdrawn_at:
            steps.append(step("Check the statement and notify the police", "ra-statement", pk=notification.pk,
                              hidden=f"of the {a.get_kind_display().lower()} on {dates.date(a.scheduled_at)}"))
    return steps


# --- Decision on a positive test -----------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def ra_impose(request: HttpRequest, test_pk: int) -> HttpResponse:
    _require_custody(request.user)
    test = _test_for(request.user, test_pk)
    if not services.can_decide(test):  # decided meanwhile (another tab, the Back button): say so
        audit.record(request, A.VIEW, test, client=test.client)
        messages.info(request, "An assessment decision has already been recorded for this test: nothing was changed.")
        return redirect("assessments:ra-list", client_pk=test.client_id)
    form = forms.ImposeForm(request.POST or None, user=request.user)
    earliest = test.earliest_assessment_date
    context = {"test": test, "client": test.client, "earliest": earliest}
    if request.method == "POST":
        ra = _run(form, lambda: services.required_assessment_impose(
            user=request.user, drug_test=test, imposed_at=form.cleaned_data["imposed_at"],
            scheduled_at=form.cleaned_data["scheduled_at"],
            location=form.cleaned_data["location"], assessor=form.cleaned_data["assessor"],
            imposing_officer=form.cleaned_data["imposing_officer"],
        ))
        if ra is not None:
            messages.success(request, "Required assessment imposed. Print the RA1 notice for the person.")
            return redirect(ra)
        audit.record(request, A.VIEW, test, client=test.client, reason="impose required assessment: not saved")
        return _form_page(request, "ra_impose.html", form, context, status=400)
    audit.record(request, A.VIEW, test, client=test.client)
    return _form_page(request, "ra_impose.html", form, context)


@require_http_methods(["GET", "POST"])
def ra_not_imposed(request: HttpRequest, test_pk: int) -> HttpResponse:
    _require_custody(request.user)
    test = _test_for(request.user, test_pk)
    form = forms.NotImposedForm(request.POST or None)
    context = {"test": test, "client": test.client}
    if request.method == "POST":
        if _run(form, lambda: services.required_assessment_record_not_imposed(
            user=request.user, drug_test=test, reason=form.cleaned_data["reason"], detail=form.cleaned_data["detail"],
        )):
            messages.success(request, "Decision recorded: required assessment not imposed.")
            return redirect("assessments:ra-list", client_pk=test.client_id)
        audit.record(request, A.VIEW, test, client=test.client, reason="required assessment not imposed: not saved")
        return _form_page(request, "ra_not_imposed.html", form, context, status=400)
    audit.record(request, A.VIEW, test, client=test.client)
    return _form_page(request, "ra_not_imposed.html", form, context)


# --- The chain -----------------------------------------------------------------------------------

def _chain_step(request, pk, form_class, template, action, success, *, needs_user=False):
    """GET shows the form; POST validates, runs the service and goes back to the assessment."""
    _require_custody(request.user)
    ra = _ra_for(request.user, pk)
    kwargs = {"user": request.user} if needs_user else {}
    form = form_class(request.POST or None, **kwargs)
    context = {"ra": ra, "client": ra.client, "open": services.open_appointment(ra)}
    if request.method == "POST":
        if _run(form, lambda: action(ra, form)):
            messages.success(request, success)
            return redirect(ra)
        audit.record(request, A.VIEW, ra, client=ra.client, reason="not saved")
        return _form_page(request, template, form, context, status=400)
    audit.record(request, A.VIEW, ra, client=ra.client)
    return _form_page(request, template, form, context)


@require_http_methods(["GET", "POST"])
def ra_vary(request: HttpRequest, pk: int) -> HttpResponse:
    def action(ra, form):
        return services.required_assessment_vary(
            user=request.user, ra=ra, scheduled_at=form.cleaned_data["scheduled_at"], location=form.cleaned_data["location"],
            assessor=form.cleaned_data["assessor"], reason=form.cleaned_data["reason"],
        )
    return _chain_step(request, pk, forms.VaryForm, "ra_vary.html", action,
                       "Appointment varied. Print the RA2 notice for the person.", needs_user=True)


@require_http_methods(["GET", "POST"])
def ra_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    def action(ra, form):
        return services.required_assessment_record_attendance(
            user=request.user, ra=ra, attendance=form.cleaned_data["attendance"]
        )
    return _chain_step(request, pk, forms.AttendanceForm, "ra_attendance.html", action, "Attendance recorded.")


@require_http_methods(["GET", "POST"])
def ra_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    def action(ra, form):
        return services.required_assessment_decide_follow_up(
            user=request.user, ra=ra, required=form.cleaned_data["required"], scheduled_at=form.cleaned_data["scheduled_at"],
            location=form.cleaned_data.get("location") or "", assessor=form.cleaned_data.get("assessor"),
        )
    return _chain_step(request, pk, forms.FollowUpForm, "ra_follow_up.html", action,
                       "Follow-up decision recorded. Print the notice for the person.", needs_user=True)


@require_http_methods(["GET", "POST"])
def ra_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw the requirement after the laboratory did not confirm the disputed positive."""
    def action(ra, form):
        return withdrawal.required_assessment_withdraw(user=request.user, ra=ra, client_told=form.cleaned_data["client_told"])
    return _chain_step(request, pk, forms.WithdrawForm, "ra_withdraw.html", action,
                       "Requirement withdrawn: the appointment is cancelled and the notice withdrawn.")


@require_http_methods(["GET", "POST"])
def ra_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    def action(ra, form):
        return services.required_assessment_record_outcome(user=request.user, ra=ra, outcome=form.cleaned_data["outcome"])
    return _chain_step(request, pk, forms.OutcomeForm, "ra_outcome.html", action, "Outcome recorded.")


# --- Notices (RA1, RA2, RA4, RA5): print-friendly HTML and PDF -----------------------------------

def _notice_context(request, pk, appointment_pk=None):
    _require_reader(request.user)
    ra = _ra_for(request.user, pk)
    if appointment_pk is None:  # RA5
        if ra.ra5_issued_at is None:
            raise Http404("No RA5 notice was issued")
        return ra, {"ra": ra, "client": ra.client, "form_code": "RA5"}
    appointment = next((a for a in services.appointments_of(ra) if a.pk == appointment_pk), None)
    if appointment is None:
        raise Http404("No such notice")
    return ra, {"ra": ra, "client": ra.client, "appointment": appointment, "form_code": appointment.notice}


def _notice(request, pk, appointment_pk=None, pdf=False):
    ra, context = _notice_context(request, pk, appointment_pk)
    if (reason := _reason(request, ra.client)) is None:
        return ask_for_reason(request, ra.client)
    audit.record(request, A.PRINT, ra, client=ra.client, reason=reason, detail={"form": context["form_code"], "pdf": pdf})
    if pdf:
        return pdf_response("assessments/required/notice_pdf.html", context, f"{context['form_code']}-{ra.ref}.pdf")
    return render(request, "assessments/required/notice_print.html", context)


@require_GET
def ra_notice(request: HttpRequest, pk: int, appointment_pk: int) -> HttpResponse:
    return _notice(request, pk, appointment_pk)


@require_GET
def ra_notice_pdf(request: HttpRequest, pk: int, appointment_pk: int) -> HttpResponse:
    return _notice(request, pk, appointment_pk, pdf=True)


@require_GET
def ra_ra5(request: HttpRequest, pk: int) -> HttpResponse:
    return _notice(request, pk)


@require_GET
def ra_ra5_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _notice(request, pk, pdf=True)


# --- The police notification and its statement ---------------------------------------------------

@require_http_methods(["GET", "POST"])
def ra_statement(request: HttpRequest, pk: int) -> HttpResponse:
    """Check and edit the drafted statement, then print it and record when it was sent."""
    _require_reader(request.user)
    if request.method == "POST":
        _require_custody(request.user)
    notification = _notification_for(request.user, pk)
    form = forms.StatementForm(request.POST or None, initial={"statement": notification.statement})
    sent_form = forms.SentForm()
    context = {"notification": notification, "client": notification.client,
               "ra": notification.appointment.required_assessment, "sent_form": sent_form,
               "can_change": permissions.can_impose_required_assessment(request.user),
               "prosecution_form": forms.ProsecutionForm(initial={"prosecution": notification.prosecution})}
    if request.method == "POST":
        if _run(form, lambda: services.police_notification_edit_statement(
            user=request.user, notification=notification, statement=form.cleaned_data["statement"],
        )):
            messages.success(request, "Statement saved.")
            return redirect(notification)
        audit.record(request, A.VIEW, notification, client=notification.client, reason="statement not saved")
        return _form_page(request, "statement.html", form, context, status=400)
    if (reason := _reason(request, notification.client)) is None:
        return ask_for_reason(request, notification.client)
    audit.record(request, A.VIEW, notification, client=notification.client, reason=reason)
    return _form_page(request, "statement.html", form, context)


@require_POST
def ra_statement_sent(request: HttpRequest, pk: int) -> HttpResponse:
    _require_custody(request.user)
    notification = _notification_for(request.user, pk)
    sent_form = forms.SentForm(request.POST)
    if _run(sent_form, lambda: services.police_notification_record_sent(
        user=request.user, notification=notification, sent_at=sent_form.cleaned_data["sent_at"],
        sent_to=sent_form.cleaned_data["sent_to"],
    )):
        messages.success(request, "Recorded: the police have been notified.")
        return redirect(notification.appointment.required_assessment)
    audit.record(request, A.VIEW, notification, client=notification.client, reason="police notification not saved")
    form = forms.StatementForm(initial={"statement": notification.statement})
    context = {"notification": notification, "client": notification.client, "sent_form": sent_form,
               "ra": notification.appointment.required_assessment, "can_change": True,
               "prosecution_form": forms.ProsecutionForm(initial={"prosecution": notification.prosecution})}
    return _form_page(request, "statement.html", form, context, status=400)


@require_POST
def ra_prosecution(request: HttpRequest, pk: int) -> HttpResponse:
    _require_custody(request.user)
    notification = _notification_for(request.user, pk)
    form = forms.ProsecutionForm(request.POST)
    if _run(form, lambda: services.police_notification_record_prosecution(
        user=request.user, notification=notification, prosecution=form.cleaned_data["prosecution"],
    )):
        messages.success(request, "Police decision recorded.")
        return redirect(notification)
    audit.record(request, A.VIEW, notification, client=notification.client, reason="prosecution decision not saved")
    context = {"notification": notification, "client": notification.client, "sent_form": forms.SentForm(),
               "ra": notification.appointment.required_assessment, "can_change": True, "prosecution_form": form}
    return _form_page(request, "statement.html", forms.StatementForm(initial={"statement": notification.statement}),
                      context, status=400)


def _statement_print(request, pk, pdf=False):
    _require_reader(request.user)
    notification = _notification_for(request.user, pk)
    if (reason := _reason(request, notification.client)) is None:
        return ask_for_reason(request, notification.client)
    audit.record(request, A.PRINT, notification, client=notification.client, reason=reason, detail={"pdf": pdf})
    context = {"notification": notification, "client": notification.client,
               "ra": notification.appointment.required_assessment, "form_code": "statement"}
    if pdf:
        return pdf_response("assessments/required/statement_pdf.html", context, f"statement-{notification.pk}.pdf")
    return render(request, "assessments/required/statement_print.html", context)


@require_GET
def ra_statement_print(request: HttpRequest, pk: int) -> HttpResponse:
    return _statement_print(request, pk)


@require_GET
def ra_statement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _statement_print(request, pk, pdf=True)
