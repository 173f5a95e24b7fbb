"""Drug-test pages: record the DT1, see it, and one small form for each later step.

Custody drug workers and team managers of custody teams record and change tests at their area's
suites; anyone who may see the client may read a test; everything else is 404 (reference/access-model.md).
Every page writes exactly one audit event.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from clients.access import get_client_for_user
from dip import audit, permissions
from dip.forms import add_service_errors
from dip.models import AuditEvent
from testing import forms, services
from testing.actions import drug_test_page
from testing.models import DrugTest, local_date

LIST_LIMIT = 200  # a suite does not test more than this in a day; the date filter narrows older days


def _require_recorder(user) -> None:
    permissions.require(permissions.can_record_drug_test, user)


def _tests(user):
    return DrugTest.objects.visible_to(user).select_related("client", "custody_suite", "trigger_offence")


def _test_to_change(user, pk: int) -> DrugTest:
    """A test the user may change: visible, and at a suite in the user's area (another area's test is 404)."""
    _require_recorder(user)
    return get_object_or_404(_tests(user).in_area(user.team.area_id), pk=pk)


def _status(form) -> int:
    return 400 if form.errors else 200


@require_http_methods(["GET", "POST"])
def drugtest_create(request: HttpRequest, client_pk: int) -> HttpResponse:
    _require_recorder(request.user)
    client = get_client_for_user(request.user, client_pk)
    form = forms.DrugTestForm(request.POST or None, instance=DrugTest(client=client), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            test = services.drug_test_record(user=request.user, test=form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Drug test recorded: {test.result_display}")
            return redirect(test)
    audit.record(request, AuditEvent.Action.VIEW, client, detail={"page": "record drug test"})
    context = {"form": form, "client": client, "title": "Record a drug test"}
    return render(request, "testing/drugtest_form.html", context, status=_status(form))


@require_GET
def drugtest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    test = get_object_or_404(_tests(request.user).select_related("recorded_by"), pk=pk)
    audit.record(request, AuditEvent.Action.VIEW, test, client=test.client)
    can_change = permissions.can_change_drug_test(request.user, test)
    next_steps = drug_test_page.actions_for(test, request.user) if can_change else []
    return render(request, "testing/drugtest_detail.html", {"test": test, "can_change": can_change, "next_steps": next_steps})


@require_http_methods(["GET", "POST"])
def drugtest_edit(request: HttpRequest, pk: int) -> HttpResponse:
    test = _test_to_change(request.user, pk)
    form = forms.DrugTestForm(request.POST or None, instance=test, user=request.user)
    return _save_step(request, test, form, title="Change drug test", done="Drug test updated")


STEPS = {
    "result": (forms.ResultForm, "Record the result", "Result recorded"),
    "dispute": (forms.DisputeForm, "Record that the result is disputed", "Dispute recorded"),
    "laboratory": (forms.LaboratoryForm, "Record the sample sent to the laboratory", "Sample sent to the laboratory"),
    "confirmation": (forms.ConfirmationForm, "Record the laboratory result", "Laboratory result recorded"),
}


@require_http_methods(["GET", "POST"])
def drugtest_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    form_class, title, done = STEPS[step]
    test = _test_to_change(request.user, pk)
    form = form_class(request.POST or None, instance=test)
    return _save_step(request, test, form, title=title, done=done, step=step)


def _save_step(request, test: DrugTest, form, *, title: str, done: str, step: str = "edit") -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            services.drug_test_update(user=request.user, test=form.instance, step=step)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(test)
    audit.record(request, AuditEvent.Action.VIEW, test, client=test.client, detail={"page": step})
    context = {"form": form, "client": test.client, "test": test, "title": title}
    return render(request, "testing/drugtest_form.html", context, status=_status(form))


@require_GET
def drugtest_list(request: HttpRequest) -> HttpResponse:
    """Tests at the user's suites (a DPO: at the area's suites), newest first, for one day (today by default)."""
    user = request.user
    permissions.require(permissions.can_view_drug_test_list, user)
    if permissions.can_record_drug_test(user):
        tests = _tests(user).at_suites_of(user)
    else:  # the data protection officer
        tests = _tests(user).in_area(user.team.area_id)
    form = forms.ListFilterForm(request.GET or None)
    day = local_date(timezone.now())
    if form.is_valid() and form.cleaned_data["on"]:
        day = form.cleaned_data["on"]
    rows = list(tests.requested_on(day)[: LIST_LIMIT + 1])
    audit.record(request, AuditEvent.Action.VIEW, "testing.drugtest list", detail={"day": day.isoformat(), "count": len(rows)},
                 client_ids=[t.client_id for t in rows[:LIST_LIMIT]])
    # A data protection officer sees who was tested only on a test's own page, after giving a reason.
    context = {"form": form, "tests": rows[:LIST_LIMIT], "more": len(rows) > LIST_LIMIT, "day": day,
               "names": not permissions.must_give_view_reason(user)}
    return render(request, "testing/drugtest_list.html", context, status=_status(form))
