"""Drug tests under the order (directed, then their outcome) and review hearings with the progress report."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from clients.access import ask_for_reason, reason_for_view
from dip import audit
from dip.models import AuditEvent
from supervision import access, forms, pdf, selectors, services
from supervision.models import DrrTest
from supervision.views.common import audit_view, errors_onto, form_page

POSITIVE_NOTE = ("A positive result alone is not a failure to comply with the order. The responsible officer is told "
                 "of every result on a statutory basis: no consent is needed.")


@require_http_methods(["GET", "POST"])
def test_direct(request: HttpRequest, pk: int) -> HttpResponse:
    order = access.get_order(request.user, pk, change=True)
    form = forms.TestDirectForm(request.POST or None, initial={
        "taken_at": timezone.now().replace(second=0, microsecond=0),
        "directed_by": DrrTest.DirectedBy.RESPONSIBLE_OFFICER})
    if request.method == "POST" and form.is_valid():
        try:
            services.test_direct(user=request.user, order=order, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "Test directed")
            return redirect(order)
    return form_page(request, form, order=order, title="Direct a drug test", button="Save", page="direct test")


@require_http_methods(["GET", "POST"])
def test_result(request: HttpRequest, pk: int) -> HttpResponse:
    test = access.get_test(request.user, pk)
    order = test.drr_order
    form = forms.TestResultForm(request.POST or None, initial={
        "outcome": test.outcome, "result": test.result, "substances": test.substances})
    if request.method == "POST" and form.is_valid():
        try:
            test = services.test_record(user=request.user, test=test, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            note = f" {POSITIVE_NOTE}" if test.result == DrrTest.Result.POSITIVE else ""
            messages.success(request, f"Test recorded: {test.result_display}.{note}")
            return redirect(order)
    when = timezone.localtime(test.taken_at)
    return form_page(request, form, order=order, obj=test, title="Record the test", button="Save",
                     intro=f"Test directed for {when:%-d %B %Y %H:%M}. {POSITIVE_NOTE}", page="test result")


@require_http_methods(["GET", "POST"])
def review_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    order = access.get_order(request.user, pk, change=True)
    form = forms.ReviewForm(request.POST or None, initial={"court": order.court})
    if request.method == "POST" and form.is_valid():
        try:
            services.review_schedule(user=request.user, order=order, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "Review hearing scheduled")
            return redirect(order)
    return form_page(request, form, order=order, title="Schedule a review hearing", button="Save", page="schedule review")


@require_http_methods(["GET", "POST"])
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The written progress report: generated from the record, the officer's narrative and recommendation edited here."""
    review = access.get_review(request.user, pk, change=True)
    order = review.drr_order
    form = forms.ReviewReportForm(request.POST or None, initial={"progress": review.progress,
                                                                 "recommendation": review.recommendation})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        submit = data.pop("submit_report")
        try:
            services.review_update(user=request.user, review=review, submit=submit, **data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "Progress report saved")
            return redirect("supervision:review-report-print", pk=review.pk)
    extra = {"review": review, "report": selectors.progress_report(order, review)}
    return form_page(request, form, order=order, obj=review, title="Progress report", button="Save report",
                     extra=extra, page="progress report")


def _report_context(review) -> dict:
    order = review.drr_order
    return {"review": review, "order": order, "client": order.client, "report": selectors.progress_report(order, review)}


@require_GET
def review_report_print(request: HttpRequest, pk: int) -> HttpResponse:
    review = access.get_review(request.user, pk, change=False)
    redirect_response = audit_view(request, review, review.drr_order, page="progress report print")
    if redirect_response is not None:
        return redirect_response
    return render(request, "supervision/report_print.html", _report_context(review))


@require_GET
def review_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    review = access.get_review(request.user, pk, change=False)
    reason = reason_for_view(request, review.drr_order.client)
    if reason is None:
        return ask_for_reason(request, review.drr_order.client)
    audit.record(request, AuditEvent.Action.PRINT, review, client=review.drr_order.client_id, reason=reason,
                 detail={"page": "progress report", "format": "pdf"})
    return pdf.pdf_response("supervision/report_pdf.html", _report_context(review), f"progress-report-{review.pk}.pdf")


@require_http_methods(["GET", "POST"])
def review_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    review = access.get_review(request.user, pk, change=True)
    form = forms.ReviewOutcomeForm(request.POST or None, initial={"outcome": review.outcome})
    if request.method == "POST" and form.is_valid():
        try:
            services.review_update(user=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "Review outcome recorded")
            return redirect(review.drr_order)
    return form_page(request, form, order=review.drr_order, obj=review, title="Record the review's outcome",
                     button="Save", page="review outcome")


@require_http_methods(["GET", "POST"])
def provider_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The treatment provider enters its view for the progress report; it sees nothing else of the order."""
    review = access.get_review(request.user, pk, provider=True)
    order = review.drr_order
    form = forms.ProviderViewForm(request.POST or None, initial={"provider_view": review.provider_view})
    if request.method == "POST" and form.is_valid():
        services.review_provider_view(user=request.user, review=review, **form.cleaned_data)
        messages.success(request, "Your view is recorded for the progress report")
        return redirect("supervision:provider-order", pk=order.pk)
    audit.record(request, AuditEvent.Action.VIEW, review, client=order.client_id, detail={"page": "provider view"})
    context = {"form": form, "order": order, "client": order.client, "title": f"Your view for the review on "
               f"{review.hearing_date:%-d %B %Y}", "button": "Save your view", "provider": True}
    return render(request, "supervision/form.html", context, status=400 if form.errors else 200)
