"""Warnings (drafted letter, checked, edited and issued) and breach action (prefilled pack, HTML and PDF, court outcome)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from clients.access import ask_for_reason, reason_for_view
from dip import audit
from dip.models import AuditEvent
from supervision import access, clocks, forms, pdf, selectors, services
from supervision.views.common import audit_view, errors_onto, form_page


def _summary(order, failure) -> str:
    """The officer's summary, drafted from the record for the officer to edit."""
    overview = selectors.order_overview(order)
    counts = overview["attendance"]
    when = timezone.localtime(failure.scheduled_at)
    return (
        f"{order.client} failed without reasonable excuse to attend a {failure.get_kind_display().lower()} "
        f"appointment on {when:%-d %B %Y} at {when:%H:%M}. "
        f"{overview['warning_status']}. Since the order began, {counts['counts']['attended']} of {counts['due']} "
        f"appointments due were attended and {counts['counts']['unacceptable_absence']} absences were unacceptable. "
        "Breach action is started under Schedule 10 to the Sentencing Act 2020."
    )


@require_http_methods(["GET", "POST"])
def warning_issue(request: HttpRequest, pk: int) -> HttpResponse:
    failure = access.get_appointment(request.user, pk)
    order = failure.drr_order
    form = forms.WarningForm(request.POST or None, initial={
        "issued_on": timezone.localdate(), "letter": services.warning_letter(order, failure)})
    if request.method == "POST" and form.is_valid():
        try:
            warning = services.warning_issue(user=request.user, failure=failure, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "Warning issued and recorded")
            return redirect("supervision:warning-letter", pk=warning.pk)
    intro = ("Check the drafted letter and change it if needed. It must describe the failure, say that it is "
             "unacceptable, and that another failure within 12 months means a return to court.")
    return form_page(request, form, order=order, obj=failure, title="Issue a warning", button="Issue warning",
                     intro=intro, page="issue warning")


@require_GET
def warning_letter(request: HttpRequest, pk: int) -> HttpResponse:
    warning = access.get_warning(request.user, pk)
    order = warning.drr_order
    redirect_response = audit_view(request, warning, order, page="warning letter")
    if redirect_response is not None:
        return redirect_response
    return render(request, "supervision/warning_letter.html", {"warning": warning, "order": order, "client": order.client})


@require_http_methods(["GET", "POST"])
def breach_initiate(request: HttpRequest, pk: int) -> HttpResponse:
    failure = access.get_appointment(request.user, pk)
    order = failure.drr_order
    form = forms.BreachForm(request.POST or None, initial={
        "initiated_on": timezone.localdate(), "summary": _summary(order, failure)})
    if request.method == "POST" and form.is_valid():
        try:
            breach = services.breach_initiate(user=request.user, failure=failure, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "Breach action recorded: the breach pack is ready to print")
            return redirect("supervision:breach-pack", pk=breach.pk)
    deadline = clocks.breach_deadline(failure.scheduled_day)
    intro = f"Breach action must start by {deadline:%-d %B %Y} (10 working days after the failure)."
    return form_page(request, form, order=order, obj=failure, title="Start breach action", button="Start breach action",
                     intro=intro, page="start breach")


def _pack_context(breach) -> dict:
    order = breach.drr_order
    overview = selectors.order_overview(order)
    return {"breach": breach, "order": order, "client": order.client, **overview,
            "failures": [a for a in overview["appointments"] if a.is_failure],
            "working_days": clocks.workdays.working_days_between(breach.failure.scheduled_day, breach.initiated_on)}


@require_GET
def breach_pack(request: HttpRequest, pk: int) -> HttpResponse:
    breach = access.get_breach(request.user, pk)
    redirect_response = audit_view(request, breach, breach.drr_order, page="breach pack")
    if redirect_response is not None:
        return redirect_response
    context = {**_pack_context(breach), "can_change": access.can_supervise_order(request.user)}
    return render(request, "supervision/breach_pack.html", context)


@require_GET
def breach_pack_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    breach = access.get_breach(request.user, pk)
    order = breach.drr_order
    reason = reason_for_view(request, order.client)
    if reason is None:
        return ask_for_reason(request, order.client)
    audit.record(request, AuditEvent.Action.PRINT, breach, client=order.client_id, reason=reason,
                 detail={"page": "breach pack", "format": "pdf"})
    return pdf.pdf_response("supervision/breach_pack_pdf.html", _pack_context(breach), f"breach-pack-{breach.ref}.pdf")


@require_http_methods(["GET", "POST"])
def breach_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    breach = access.get_breach(request.user, pk, change=True)
    form = forms.BreachOutcomeForm(request.POST or None, initial={"court_date": breach.court_date,
                                                                   "outcome": breach.outcome})
    if request.method == "POST" and form.is_valid():
        try:
            services.breach_record_outcome(user=request.user, breach=breach, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "Court outcome recorded")
            return redirect(breach.drr_order)
    return form_page(request, form, order=breach.drr_order, obj=breach, title="Record the court's outcome",
                     button="Save outcome", page="breach outcome")

