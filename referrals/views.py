"""Referral pages: make a referral, see it, work the provider's queue, and the manager's view of the area.

Thin views: access helper -> form -> service -> redirect. Every page writes one audit event.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from clients.access import get_client_for_user
from clients.models import Consent
from clients.services import consent_record
from dip import audit, permissions
from dip.forms import add_service_errors
from dip.models import AuditEvent, Provider
from referrals import actions as page_actions
from referrals import continuity, forms, services, transitions
from referrals.models import Referral, local_today, referrals_for

PAGE_SIZE = 50
LIST_RELATED = ("client", "provider", "referring_team__area")


def _require_casework(user) -> None:
    permissions.require(permissions.can_make_referral, user)


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = get_client_for_user(request.user, client_pk)
    _require_casework(request.user)
    prefill = continuity.prefill(request.user, client, request.GET.get("from_required_assessment"))
    in_force = services.treatment_consent(client)
    ask = in_force is None or in_force.decision != Consent.Decision.GIVEN
    form = forms.ReferralForm(request.POST if request.method == "POST" else None,
                              initial=prefill.initial if prefill else None, ask_consent=ask, decision_in_force=in_force)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if ask:
                in_force = _record_decision(request.user, client, data["consent_decision"], in_force)
            referral = services.referral_create(
                user=request.user,
                client=client,
                provider=data["provider"],
                source=data["source"],
                referral_date=data["referral_date"],
                requested_intervention=data["requested_intervention"],
                notes=data["notes"],
                required_assessment_id=prefill.required_assessment_id if prefill else None,
                legal_basis=data.get("legal_basis", ""),
                legal_basis_detail=data.get("legal_basis_detail", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            if ask:  # the decision just recorded is the one in force now: say so beside the question
                form.fields["consent_decision"].help_text = f"Decision recorded: {in_force}"
        else:
            messages.success(request, f"Referral sent to {referral.provider}")
            return redirect(referral)
    audit.record(request, AuditEvent.Action.VIEW, client, reason="make a referral")
    context = {"client": client, "form": form, "prefill": prefill}
    return render(request, "referrals/referral_form.html", context, status=400 if form.errors else 200)


def _record_decision(user, client, decision: str, in_force):
    """Record the client's answer as a consent decision, unless the same answer was recorded today already
    (a form sent again after another error must not add a row each time)."""
    today = local_today()
    if in_force is not None and (in_force.decision, in_force.decided_on) == (decision, today):
        return in_force
    return consent_record(user=user, client=client, scope=services.SHARE, decision=decision, decided_on=today)


@require_GET
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_object_or_404(
        referrals_for(request.user).select_related(*LIST_RELATED, "referred_by", "provider__area", "area"), pk=pk
    )
    changes = _changes(referral)
    audit.record(request, AuditEvent.Action.VIEW, referral, client=referral.client)
    context = {
        "referral": referral,
        "today": local_today(),
        "changes": changes,
        "actions": transitions.actions_for(request.user, referral),
        "next_steps": page_actions.actions_for(referral, request.user),
    }
    return render(request, "referrals/referral_detail.html", context)


def _changes(referral: Referral) -> list[dict]:
    """Each change of stage from the row history (pghistory events): what, when, by whom. One query."""
    events = referral.events.select_related("status_changed_by").order_by("pgh_id")
    out, last = [], None
    for event in events:
        stage = Referral(
            status=event.status,
            accepted_at=event.accepted_at,
            discharge_date=event.discharge_date,
        ).get_stage_display()
        if stage != last:
            by = event.status_changed_by
            out.append(
                {
                    "stage": stage,
                    "at": event.status_changed_at or event.pgh_created_at,
                    "by": (by.get_full_name() or by.username) if by else "Imported or recorded outside this service",
                }
            )
            last = stage
    return list(reversed(out))


@require_http_methods(["GET", "POST"])
def referral_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    act = transitions.ACTIONS.get(action)
    if act is None:
        raise Http404
    referral = get_object_or_404(referrals_for(request.user).select_related(*LIST_RELATED), pk=pk)
    if not transitions.may_act(request.user, referral, act):
        raise PermissionDenied
    form_class = forms.ACTION_FORMS[action]
    form = form_class(request.POST if request.method == "POST" else None, submit=act.label)
    # Moved on since the page was loaded (a second tab, the Back button, a bookmark): say so, change nothing.
    stale = referral.stage not in act.sources
    if stale:
        add_service_errors(form, ValidationError(transitions.stale_message(referral)))
    elif request.method == "POST" and form.is_valid():
        try:
            services.referral_transition(
                user=request.user,
                referral=referral,
                action=action,
                on=form.cleaned_data.get("on"),
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            referral.refresh_from_db()  # the service may have met a newer stage than this page loaded
            stale = referral.stage not in act.sources
        else:
            messages.success(request, f"{act.done}: {referral.client}")
            return redirect(referral)
    audit.record(request, AuditEvent.Action.VIEW, referral, client=referral.client, reason=action)
    context = {"referral": referral, "form": form, "action": act, "today": local_today(), "stale": stale}
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "referrals/referral_action.html", context, status=status)


@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    """The referrer's list: referrals made by the user's team, newest first, with where each one is now."""
    _require_casework(request.user)
    queryset = (
        referrals_for(request.user)
        .made_by_team(request.user.team)
        .select_related(*LIST_RELATED)
        .with_days_waiting(local_today())
        .order_by("-referral_date", "-id")
    )
    page = _page(request, queryset)
    audit.record(request, AuditEvent.Action.VIEW, "referrals.referral-list", detail={"page": page.number},
                 client_ids=[r.client_id for r in page])
    return render(request, "referrals/referral_list.html", {"page": page})


@require_GET
def provider_queue(request: HttpRequest) -> HttpResponse:
    """The provider team's queue: open referrals addressed to its services, longest waiting first."""
    user = request.user
    permissions.require(permissions.can_work_referral_queue, user)
    queryset = (
        referrals_for(user)
        .for_provider_team(user.team)
        .open()
        .select_related(*LIST_RELATED)
        .with_days_waiting(local_today())
        .order_by("status", "referral_date", "id")
    )
    page = _page(request, queryset)
    audit.record(request, AuditEvent.Action.VIEW, "referrals.queue", detail={"page": page.number},
                 client_ids=[r.client_id for r in page])
    return render(request, "referrals/provider_queue.html", {"page": page})


@require_GET
def area_open(request: HttpRequest) -> HttpResponse:
    """A team manager's view of the area's open (not yet started) referrals, longest waiting first, filterable."""
    user = request.user
    permissions.require(permissions.can_view_area_referrals, user)
    providers = Provider.objects.filter(area_id=user.team.area_id).select_related("area").order_by("name")
    form = forms.AreaFilterForm(request.GET or None, providers=providers)
    queryset = referrals_for(user).in_area(user.team.area_id).pending()
    if form.is_valid():
        if provider := form.cleaned_data.get("provider"):
            queryset = queryset.filter(provider=provider)
        if source := form.cleaned_data.get("source"):
            queryset = queryset.filter(source=source)
    else:
        queryset = queryset.none() if form.is_bound else queryset
    queryset = queryset.select_related(*LIST_RELATED).with_days_waiting(local_today()).order_by("-days_waiting", "id")
    page = _page(request, queryset)
    audit.record(request, AuditEvent.Action.VIEW, "referrals.area-open", detail={"page": page.number},
                 client_ids=[r.client_id for r in page])
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "form": form, "area": user.team.area, "query": query.urlencode()}
    return render(request, "referrals/area_open.html", context, status=400 if form.errors else 200)
