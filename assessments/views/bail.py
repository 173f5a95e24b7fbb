"""Restriction on Bail pages (custody drug workers at court): the offer, each later step, the compliance report
(check, print, PDF) and the area's open restrictions.

Thin views: access helper -> form -> service -> redirect. Reading needs a person-level role and the client in
scope (another area's record is 404); recording needs `can_work_court_routes`. Every page writes one audit event.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from assessments.forms import bail as forms
from assessments.models.bail import BailRestriction
from assessments.pdf import pdf_response
from assessments.services import bail as services
from clients.access import ask_for_reason, check_pk, get_client_for_user, reason_for_view
from dip import audit, permissions
from dip.forms import add_service_errors
from dip.models import AuditEvent
from testing.models import DrugTest

A = AuditEvent.Action
PAGE_SIZE = 50


def _restriction(request, pk: int) -> BailRestriction:
    check_pk(pk)
    queryset = BailRestriction.objects.visible_to(request.user).select_related("client", "area", "drug_test__custody_suite")
    return get_object_or_404(queryset, pk=pk)


def _qualifying_tests(user, client):
    return (DrugTest.objects.visible_to(user).filter(client=client).positive()
            .select_related("custody_suite").order_by("-requested_at", "-id"))


@require_http_methods(["GET", "POST"])
def bail_create(request: HttpRequest, client_pk: int) -> HttpResponse:
    permissions.require(permissions.can_work_court_routes, request.user)
    client = get_client_for_user(request.user, client_pk)
    tests = _qualifying_tests(request.user, client)
    initial = {}
    if (test := request.GET.get("test", "")).isdigit():
        initial["drug_test"] = int(test)
    form = forms.OfferForm(request.POST if request.method == "POST" else None, tests=tests, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            restriction = services.bail_restriction_offer(user=request.user, client=client, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Restriction on Bail offer recorded for {client}")
            return redirect(restriction)
    audit.record(request, A.VIEW, client, reason="record a Restriction on Bail offer")
    context = {"client": client, "form": form, "has_tests": bool(form.fields["drug_test"].choices)}
    return render(request, "assessments/bail/offer.html", context, status=400 if form.errors else 200)


@require_GET
def bail_detail(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require(permissions.sees_person_records, request.user)
    restriction = _restriction(request, pk)
    reason = reason_for_view(request, restriction.client)
    if reason is None:
        return ask_for_reason(request, restriction.client)
    audit.record(request, A.VIEW, restriction, client=restriction.client, reason=reason)
    steps = services.steps_open(restriction) if services.may_record(request.user) else []
    context = {"rob": restriction, "steps": [(step, forms.STEP_TITLES[step]) for step in steps]}
    return render(request, "assessments/bail/detail.html", context)


@require_http_methods(["GET", "POST"])
def bail_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in forms.STEP_FORMS:
        raise Http404
    permissions.require(permissions.can_work_court_routes, request.user)
    restriction = _restriction(request, pk)
    form_class = forms.STEP_FORMS[step]
    extra = {"restriction": restriction} if step == "decision" else {}
    initial = {name: getattr(restriction, name) for name in form_class.base_fields}
    form = form_class(request.POST if request.method == "POST" else None, initial=initial, **extra)
    if step not in services.steps_open(restriction):
        add_service_errors(form, ValidationError("This step cannot be recorded now: the record has moved on"))
    elif request.method == "POST" and form.is_valid():
        try:
            saved = services.bail_restriction_record(user=request.user, restriction=restriction, step=step,
                                                     **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Saved: {forms.STEP_TITLES[step][0].lower()}{forms.STEP_TITLES[step][1:]}")
            if step in ("assessment", "follow-up") and saved.compliance:  # a report to check is drafted
                return redirect("assessments:bail-step", pk=pk, step="report")
            return redirect(saved)
    audit.record(request, A.VIEW, restriction, client=restriction.client, reason=step)
    context = {"rob": restriction, "form": form, "title": forms.STEP_TITLES[step], "step": step}
    return render(request, "assessments/bail/step.html", context, status=400 if form.errors else 200)


def _report(request, pk: int, *, pdf: bool) -> HttpResponse:
    permissions.require(permissions.sees_person_records, request.user)
    restriction = _restriction(request, pk)
    if not restriction.report_text:
        raise Http404("No report has been drafted for this restriction")
    reason = reason_for_view(request, restriction.client)
    if reason is None:
        return ask_for_reason(request, restriction.client)
    audit.record(request, A.PRINT, restriction, client=restriction.client, reason=reason, detail={"pdf": pdf})
    context = {"rob": restriction, "client": restriction.client}
    if pdf:
        return pdf_response("assessments/bail/report_pdf.html", context, f"bail-compliance-{restriction.pk}.pdf")
    return render(request, "assessments/bail/report_print.html", context)


@require_GET
def bail_report_print(request: HttpRequest, pk: int) -> HttpResponse:
    return _report(request, pk, pdf=False)


@require_GET
def bail_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _report(request, pk, pdf=True)


@require_GET
def bail_list(request: HttpRequest) -> HttpResponse:
    """The area's restrictions not yet ended: awaiting a decision first, then the latest offers."""
    user = request.user
    permissions.require(permissions.can_work_court_routes, user)
    queryset = (BailRestriction.objects.visible_to(user).in_area(user.team.area_id).filter(ended_on__isnull=True)
                .select_related("client").order_by("-offered_on", "-id"))
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    audit.record(request, A.VIEW, "assessments.bail-list", detail={"page": page.number})
    return render(request, "assessments/bail/list.html", {"page": page})
