"""Prison release pick-up pages (community drug workers): the period, each hand-over step, the area's list.

Thin views: access helper -> form -> service -> redirect. Every page writes one audit event.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from clients.access import ask_for_reason, check_pk, get_client_for_user, reason_for_view
from dip import audit, permissions
from dip.models import AuditEvent
from throughcare import forms
from throughcare.access import apply_errors, releases_for
from throughcare.models import Stage
from throughcare.services import prison as services

PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
def release_create(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = get_client_for_user(request.user, client_pk)
    if not services.may_record(request.user):
        raise PermissionDenied
    form = forms.PrisonReleaseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            release = services.prison_release_create(user=request.user, client=client, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Prison period recorded for {client}")
            return redirect(release)
    audit.record(request, AuditEvent.Action.VIEW, client, reason="record a prison period")
    return render(request, "throughcare/release_form.html", {"client": client, "form": form}, status=400 if form.errors else 200)


def _release(request, pk: int):
    check_pk(pk)
    return get_object_or_404(releases_for(request.user).select_related("client", "area", "recorded_by_team"), pk=pk)


@require_GET
def release_detail(request: HttpRequest, pk: int) -> HttpResponse:
    release = _release(request, pk)
    reason = reason_for_view(request, release.client)
    if reason is None:
        return ask_for_reason(request, release.client)
    audit.record(request, AuditEvent.Action.VIEW, release, client=release.client, reason=reason)
    today = timezone.localdate()
    context = {
        "release": release, "today": today, "stage": release.stage_on(today), "Stage": Stage,
        "days": release.days_since_release(today), "overdue": release.pick_up_overdue(today),
        "steps": _steps(request.user, release), "titles": forms.STEP_TITLES,
    }
    return render(request, "throughcare/release_detail.html", context)


def _steps(user, release) -> list[str]:
    """The steps a worker may record now, in the hand-over's order."""
    if not services.may_record(user):
        return []
    if release.release_date is None:
        return ["period", "plan", "alert", "release"]
    rest = ["contact"] if release.first_contact_date is None else (["treatment"] if release.first_treatment_date is None else [])
    return ["period", *rest]  # the period itself can always be corrected


@require_http_methods(["GET", "POST"])
def release_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in forms.STEP_FORMS:
        raise Http404
    release = _release(request, pk)
    if not services.may_record(request.user):
        raise PermissionDenied
    form_class = forms.STEP_FORMS[step]
    initial = {name: getattr(release, name) for name in form_class.base_fields}
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.prison_release_record(user=request.user, release=release, step=step, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            done = "Prison period changed" if step == "period" else forms.STEP_TITLES[step].replace("Record", "Recorded")
            messages.success(request, f"{done}: {release.client}")
            return redirect(release)
    audit.record(request, AuditEvent.Action.VIEW, release, client=release.client, reason=step)
    context = {"release": release, "form": form, "title": forms.STEP_TITLES[step], "step": step}
    if step == "plan":
        context["consents"] = {
            field: services.consent_in_force(release.client, scope) for field, (scope, _label) in services.RECIPIENTS.items()
        }
    return render(request, "throughcare/release_step.html", context, status=400 if form.errors else 200)


@require_GET
def release_list(request: HttpRequest) -> HttpResponse:
    """The community team's releases to its area not yet picked up, soonest first."""
    user = request.user
    permissions.require(permissions.can_keep_prison_releases, user)
    queryset = (
        releases_for(user).in_area(user.team.area_id).filter(first_contact_date__isnull=True)
        .select_related("client").order_by("release_date", "expected_release_date", "id")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    audit.record(request, AuditEvent.Action.VIEW, "throughcare.release-list", detail={"page": page.number})
    today = timezone.localdate()
    rows = [
        {"release": r, "stage": Stage(r.stage_on(today)).label, "days": r.days_since_release(today),
         "overdue": r.pick_up_overdue(today)}
        for r in page
    ]
    return render(request, "throughcare/release_list.html", {"page": page, "rows": rows})
