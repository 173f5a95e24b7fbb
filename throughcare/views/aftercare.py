"""After-care pages (treatment provider workers): start (from a successful discharge, prefilled), see, end,
and record a group session for everyone in after-care with a service at once."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from clients.access import ask_for_reason, check_pk, get_client_for_user, reason_for_view
from dip import audit, permissions
from dip.models import AuditEvent, Provider
from referrals.models import referrals_for
from throughcare import forms
from throughcare.access import aftercare_for, apply_errors
from throughcare.services import aftercare as services

PAGE_SIZE = 50


def team_providers(user):
    return Provider.objects.filter(team_id=user.team_id).order_by("name")


def successful_referral(user, client, referral_pk: str | None):
    """The referral to prefill from: this client's, visible to the user, discharged successfully; else None."""
    if not referral_pk or not referral_pk.isdigit() or int(referral_pk) > 2**63 - 1:
        return None
    referral = referrals_for(user).filter(client=client, pk=int(referral_pk)).select_related("provider").first()
    return referral if referral is not None and referral.is_successful_completion else None


@require_http_methods(["GET", "POST"])
def aftercare_create(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = get_client_for_user(request.user, client_pk)
    if not services.may_record(request.user):
        raise PermissionDenied
    referral = successful_referral(request.user, client, request.GET.get("referral"))
    providers = team_providers(request.user)
    initial = {}
    if referral is not None:
        initial = {"started_on": referral.discharge_date, "provider": referral.provider_id}
    form = forms.AftercareForm(request.POST if request.method == "POST" else None, initial=initial, providers=providers)
    if request.method == "POST" and form.is_valid():
        try:
            episode = services.aftercare_create(user=request.user, client=client, referral=referral, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"After-care started for {client}")
            return redirect(episode)
    audit.record(request, AuditEvent.Action.VIEW, client, reason="start after-care")
    context = {"client": client, "form": form, "referral": referral}
    return render(request, "throughcare/aftercare_form.html", context, status=400 if form.errors else 200)


def _episode(request, pk: int):
    check_pk(pk)
    return get_object_or_404(aftercare_for(request.user).select_related("client", "provider", "referral"), pk=pk)


@require_GET
def aftercare_detail(request: HttpRequest, pk: int) -> HttpResponse:
    episode = _episode(request, pk)
    reason = reason_for_view(request, episode.client)
    if reason is None:
        return ask_for_reason(request, episode.client)
    audit.record(request, AuditEvent.Action.VIEW, episode, client=episode.client, reason=reason)
    sessions = list(episode.sessions.all())
    context = {
        "episode": episode, "sessions": sessions, "attended": sum(s.attended for s in sessions),
        "may_end": episode.is_open and services.may_record(request.user) and episode.provider.team_id == request.user.team_id,
    }
    return render(request, "throughcare/aftercare_detail.html", context)


@require_http_methods(["GET", "POST"])
def aftercare_end(request: HttpRequest, pk: int) -> HttpResponse:
    episode = _episode(request, pk)
    if not services.may_record(request.user) or episode.provider.team_id != request.user.team_id:
        raise PermissionDenied
    form = forms.EndForm(request.POST if request.method == "POST" else None)
    if not episode.is_open:
        form.is_valid()
        form.add_error(None, "This after-care has already ended")
    elif request.method == "POST" and form.is_valid():
        try:
            services.aftercare_end(user=request.user, episode=episode, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"After-care ended: {episode.client}")
            return redirect(episode)
    audit.record(request, AuditEvent.Action.VIEW, episode, client=episode.client, reason="end")
    context = {"episode": episode, "form": form}
    return render(request, "throughcare/aftercare_end.html", context, status=400 if form.errors else 200)


@require_GET
def aftercare_list(request: HttpRequest) -> HttpResponse:
    """The treatment team's open after-care, by service, with a link to record each service's group session."""
    user = request.user
    permissions.require(permissions.can_run_aftercare, user)
    queryset = (
        aftercare_for(user).filter(ended_on__isnull=True).select_related("client", "provider")
        .order_by("provider__name", "started_on", "id")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    audit.record(request, AuditEvent.Action.VIEW, "throughcare.aftercare-list", detail={"page": page.number})
    context = {"page": page, "providers": team_providers(user), "may_record": services.may_record(user)}
    return render(request, "throughcare/aftercare_list.html", context)


@require_http_methods(["GET", "POST"])
def group_session(request: HttpRequest, provider_pk: int) -> HttpResponse:
    """Attendance for a whole group at once: one row per open episode with the service (attended or not)."""
    check_pk(provider_pk)
    permissions.require(permissions.can_run_aftercare, request.user)
    provider = get_object_or_404(team_providers(request.user), pk=provider_pk)
    if not services.may_record(request.user):
        raise PermissionDenied
    episodes = list(
        aftercare_for(request.user).filter(provider=provider, ended_on__isnull=True)
        .select_related("client").order_by("client__family_name", "id")
    )
    form = forms.GroupSessionForm(request.POST if request.method == "POST" else None, episodes=episodes,
                                  initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        attended, absent = set(form.cleaned_data["attended"]), set(form.cleaned_data["not_in_group"])
        try:
            sessions = services.group_session_record(
                user=request.user, provider=provider, on=form.cleaned_data["on"], kind=form.cleaned_data["kind"],
                attendance={e.pk: e.pk in attended for e in episodes if e.pk not in absent},
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Session recorded for {len(sessions)} people ({len(attended)} attended)")
            return redirect("throughcare:aftercare-list")
    # One event for the page: it lists these clients (a change writes one event per client instead).
    audit.record(request, AuditEvent.Action.VIEW, provider, detail={"clients": [e.client_id for e in episodes]})
    context = {"provider": provider, "form": form, "episodes": episodes}
    return render(request, "throughcare/group_session.html", context, status=400 if form.errors else 200)
