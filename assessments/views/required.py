"""Required assessments: impose (RA1), vary (RA2), attendance (RA3), follow-up (RA4/RA5), outcome,
the police notification's statement, and the printable notices (HTML and PDF).

Thin views: every rule is in assessments/services/required.py. Reading needs a person-level role; changing
needs a custody drug worker or team manager of a custody team. Out-of-scope objects are 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.forms import required as forms
from assessments.models.required import PoliceNotification, RAAppointment, RAStatus, RequiredAssessment
from assessments.pdf import pdf_response
from assessments.services import required as services
from clients.access import ask_for_reason, get_client_for_user, reason_for_view
from dip import audit, permissions
from dip.models import AuditEvent

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
    from testing.models import DrugTest

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


def _run(form, action) -> bool:
    """Call the service; on a rule's ValidationError put its messages on the form's fields."""
    try:
        action()
    except ValidationError as error:
        form.add_service_errors(error)
        return False
    return True


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
    from testing.models import DrugTest

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
    return render(request, "assessments/required/ra_detail.html", {
        "ra": ra, "client": ra.client, "appointments": appointments, "open": services.open_appointment(ra),
        "can_change": permissions.can_impose_required_assessment(request.user),
        "statuses": RAStatus, "can_outcome": ra.status in services.OUTCOME_STATUSES,
    })


# --- Decision on a positive test -----------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def ra_impose(request: HttpRequest, test_pk: int) -> HttpResponse:
    _require_custody(request.user)
    test = _test_for(request.user, test_pk)
    if not services.can_decide(test):
        audit.record(request, A.VIEW, test, client=test.client)
        return redirect("assessments:ra-list", client_pk=test.client_id)
    form = forms.ImposeForm(request.POST or None, user=request.user)
    earliest = test.earliest_assessment_date
    context = {"test": test, "client": test.client, "earliest": earliest}
    if request.method == "POST":
        ra = None

        def impose():
            nonlocal ra
            ra = services.impose(
                drug_test=test, user=request.user, imposed_at=form.cleaned_data["imposed_at"],
                scheduled_at=form.cleaned_data["scheduled_at"],
                location=form.cleaned_data["location"], assessor=form.cleaned_data["assessor"],
                imposing_officer=form.cleaned_data["imposing_officer"],
            )
        if form.is_valid() and _run(form, impose):
            audit.record(request, A.CREATE, ra, client=test.client)
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
        def record():
            services.record_not_imposed(drug_test=test, user=request.user, reason=form.cleaned_data["reason"],
                                        detail=form.cleaned_data["detail"])
        if form.is_valid() and _run(form, record):
            audit.record(request, A.CREATE, test, client=test.client, reason="required assessment not imposed")
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
        if form.is_valid() and _run(form, lambda: action(ra, form)):
            audit.record(request, A.UPDATE, ra, client=ra.client)
            messages.success(request, success)
            return redirect(ra)
        audit.record(request, A.VIEW, ra, client=ra.client, reason="not saved")
        return _form_page(request, template, form, context, status=400)
    audit.record(request, A.VIEW, ra, client=ra.client)
    return _form_page(request, template, form, context)


@require_http_methods(["GET", "POST"])
def ra_vary(request: HttpRequest, pk: int) -> HttpResponse:
    def action(ra, form):
        services.vary(ra=ra, user=request.user, scheduled_at=form.cleaned_data["scheduled_at"],
                      location=form.cleaned_data["location"],
                      assessor=form.cleaned_data["assessor"], reason=form.cleaned_data["reason"])
    return _chain_step(request, pk, forms.VaryForm, "ra_vary.html", action,
                       "Appointment varied. Print the RA2 notice for the person.", needs_user=True)


@require_http_methods(["GET", "POST"])
def ra_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    def action(ra, form):
        services.record_attendance(ra=ra, user=request.user, attendance=form.cleaned_data["attendance"])
    return _chain_step(request, pk, forms.AttendanceForm, "ra_attendance.html", action, "Attendance recorded.")


@require_http_methods(["GET", "POST"])
def ra_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    def action(ra, form):
        services.decide_follow_up(ra=ra, user=request.user, required=form.cleaned_data["required"],
                                  scheduled_at=form.cleaned_data["scheduled_at"],
                                  location=form.cleaned_data.get("location") or "",
                                  assessor=form.cleaned_data.get("assessor"))
    return _chain_step(request, pk, forms.FollowUpForm, "ra_follow_up.html", action,
                       "Follow-up decision recorded. Print the notice for the person.", needs_user=True)


@require_http_methods(["GET", "POST"])
def ra_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    def action(ra, form):
        services.record_outcome(ra=ra, user=request.user, outcome=form.cleaned_data["outcome"])
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
        def save():
            services.edit_statement(notification=notification, user=request.user,
                                    statement=form.cleaned_data["statement"])
        if form.is_valid() and _run(form, save):
            audit.record(request, A.UPDATE, notification, client=notification.client)
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

    def sent():
        services.record_sent(notification=notification, user=request.user, sent_at=sent_form.cleaned_data["sent_at"],
                             sent_to=sent_form.cleaned_data["sent_to"])
    if sent_form.is_valid() and _run(sent_form, sent):
        audit.record(request, A.UPDATE, notification, client=notification.client, reason="police notified")
        messages.success(request, "Recorded: the police have been notified.")
        return redirect(notification.appointment.required_assessment)
    audit.record(request, A.VIEW, notification, client=notification.client, reason="police notification not saved")
    form = forms.StatementForm(initial={"statement": notification.statement})
    context = {"notification": notification, "client": notification.client, "sent_form": sent_form,
               "ra": notification.appointment.required_assessment, "can_change": True}
    return _form_page(request, "statement.html", form, context, status=400)


@require_POST
def ra_prosecution(request: HttpRequest, pk: int) -> HttpResponse:
    _require_custody(request.user)
    notification = _notification_for(request.user, pk)
    form = forms.ProsecutionForm(request.POST)

    def save():
        services.record_prosecution(notification=notification, user=request.user,
                                    prosecution=form.cleaned_data["prosecution"])
    if form.is_valid() and _run(form, save):
        audit.record(request, A.UPDATE, notification, client=notification.client, reason="prosecution decision")
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
