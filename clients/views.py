"""Client records: search, create (with duplicate check), view, edit, aliases, consent, access log, emergency access.

Every page that shows or changes a person's record writes exactly one audit event. Search terms
arrive only in POST bodies (never URLs) and are not logged or audited: the audit keeps counts and ids.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.crypto import salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clients import consent, search, services
from clients.access import ask_for_reason, check_pk, get_client_for_user, reason_for_view
from clients.actions import actions_for
from clients.forms import AliasForm, BreakGlassForm, ClientForm, ConsentForm, SearchForm, ViewReasonForm
from clients.models import Client, ClientAlias, Consent
from clients.timeline import entries_for
from dip import audit, permissions
from dip.forms import add_service_errors
from dip.models import AuditEvent

ACCESS_PAGE_SIZE = 50


def _require_reader(request: HttpRequest) -> None:
    permissions.require(permissions.sees_person_records, request.user)


def _require_casework(request: HttpRequest) -> None:
    permissions.require(permissions.can_change_case_records, request.user)


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


@require_http_methods(["GET", "POST"])
def client_search(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    form = SearchForm(request.POST if request.method == "POST" else None)
    results = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        query = search.Query(name=data["name"], date_of_birth=data["date_of_birth"], pnc_id=data["pnc_id"],
                             nhs_number=data["nhs_number"])
        results = search.search(request.user, query)
        audit.record(request, AuditEvent.Action.SEARCH, "clients.client",
                     detail={"results": len(results)}, client_ids=[m.client.pk for m in results])
    context = {"form": form, "results": results, "can_create": permissions.can_change_case_records(request.user)}
    return render(request, "clients/client_search.html", context, status=_status(form))


@require_http_methods(["GET", "POST"])
def client_create(request: HttpRequest) -> HttpResponse:
    _require_casework(request)
    initial = {"area": request.user.team.area_id} if request.user.team_id else {}
    form = ClientForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = search.duplicates(
            request.user, given_name=data["given_name"], family_name=data["family_name"],
            date_of_birth=data["date_of_birth"], pnc_id=data["pnc_id"], nhs_number=data["nhs_number"],
        )
        seen = _seen_token(duplicates)
        if not duplicates or (data.get("confirm_new") and request.POST.get("seen") == seen):
            try:
                client = services.client_create(user=request.user, **_identity(form))
            except ValidationError as error:
                add_service_errors(form, error)
                return render(request, "clients/client_form.html", {"form": form, "creating": True}, status=400)
            request.session.pop(HIDDEN_MATCHES_KEY, None)
            messages.success(request, "Client record created")
            return redirect(client)
        form.offer_confirm()
        audit.record(request, AuditEvent.Action.SEARCH, "clients.client",
                     detail={"duplicate_check": [m.client.pk for m in duplicates]},
                     client_ids=[m.client.pk for m in duplicates if m.visible])
        # A record outside the user's scope is not revealed (access-model.md): only that a possible match
        # exists in another team, with the emergency-access route, which knows the match from the session.
        hidden = [m.client.pk for m in duplicates if not m.visible]
        if hidden:
            request.session[HIDDEN_MATCHES_KEY] = hidden
        context = {"form": form, "duplicates": [m for m in duplicates if m.visible], "hidden_match": bool(hidden),
                   "seen": seen}
        return render(request, "clients/client_form.html", context, status=200)
    return render(request, "clients/client_form.html", {"form": form, "creating": True}, status=_status(form))


HIDDEN_MATCHES_KEY = "dip_hidden_matches"


def _seen_token(duplicates) -> str:
    """Proves the worker was shown this check's outcome, without putting the matches' ids in the page."""
    ids = ",".join(str(pk) for pk in sorted(m.client.pk for m in duplicates))
    return salted_hmac("clients.duplicate-check", ids).hexdigest()


@require_GET
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_client_for_user(request.user, pk)
    reason = reason_for_view(request, client)
    if reason is None:
        return ask_for_reason(request, client)
    audit.record(request, AuditEvent.Action.VIEW, client, reason=reason)
    consents = list(Consent.objects.visible_to(request.user).filter(client=client).select_related("recorded_by"))
    in_force = consent.in_force(consents)
    context = {
        "client": client,
        "aliases": list(ClientAlias.objects.visible_to(request.user).filter(client=client).order_by("family_name", "pk")),
        "consent_rows": [(label, in_force.get(scope)) for scope, label in Consent.Scope.choices],
        "consents": consents,
        "superseded": consent.superseded(consents),
        "timeline": entries_for(client, request.user),
        "actions": actions_for(client, request.user),
        "can_change": permissions.can_change_case_records(request.user),
        "access_reason": reason,
    }
    return render(request, "clients/client_detail.html", context)


def _identity(form: ClientForm, names=None) -> dict:
    """The record's fields from a valid ClientForm (not the duplicate-check confirmation)."""
    return {name: form.cleaned_data[name] for name in (names or ClientForm.Meta.fields)}


def _client_for_change(request: HttpRequest, pk: int) -> Client:
    _require_casework(request)
    return get_client_for_user(request.user, pk)


def _audit_view(request: HttpRequest, client: Client) -> None:
    audit.record(request, AuditEvent.Action.VIEW, client, reason=reason_for_view(request, client) or "")


@require_http_methods(["GET", "POST"])
def client_edit(request: HttpRequest, pk: int) -> HttpResponse:
    client = _client_for_change(request, pk)
    saved_name = str(client)  # a rejected form changes the instance; the heading keeps the saved name
    form = ClientForm(request.POST or None, instance=client)
    if request.method == "POST" and form.is_valid():
        changed = [name for name in form.changed_data if name in ClientForm.Meta.fields]
        try:
            services.client_update(user=request.user, client=client, changes=_identity(form, changed))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Client record updated")
            return redirect(client)
    _audit_view(request, client)
    context = {"form": form, "client": client, "saved_name": saved_name}
    return render(request, "clients/client_form.html", context, status=_status(form))


@require_http_methods(["GET", "POST"])
def alias_add(request: HttpRequest, pk: int) -> HttpResponse:
    client = _client_for_change(request, pk)
    form = AliasForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.client_alias_add(user=request.user, client=client, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Alias added")
            return redirect(client)
    _audit_view(request, client)
    return render(request, "clients/alias_form.html", {"form": form, "client": client}, status=_status(form))


@require_POST
def alias_remove(request: HttpRequest, pk: int, alias_pk: int) -> HttpResponse:
    _require_casework(request)
    check_pk(pk, alias_pk)
    alias = get_object_or_404(ClientAlias.objects.visible_to(request.user).select_related("client"), pk=alias_pk, client_id=pk)
    services.client_alias_remove(user=request.user, alias=alias)
    messages.success(request, "Alias removed")
    return redirect(alias.client)


@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    client = _client_for_change(request, pk)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(user=request.user, client=client, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Consent decision recorded")
            return redirect(client)
    _audit_view(request, client)
    return render(request, "clients/consent_form.html", {"form": form, "client": client}, status=_status(form))


@require_GET
def client_access(request: HttpRequest, pk: int) -> HttpResponse:
    """Who has accessed this record: for a team manager or a data protection officer."""
    permissions.require(permissions.can_view_access_log, request.user)
    client = get_client_for_user(request.user, pk)
    reason = reason_for_view(request, client)
    if reason is None:
        return ask_for_reason(request, client)
    audit.record(request, AuditEvent.Action.VIEW, client, reason=reason, detail={"page": "access log"})
    events = audit.events_about(client.pk).order_by("-at", "-id")
    page = Paginator(events, ACCESS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "clients/client_access.html", {"client": client, "page": page})


@require_http_methods(["GET", "POST"])
def break_glass(request: HttpRequest) -> HttpResponse:
    """Emergency access to one client outside the user's scope, for a limited time, with a reason."""
    _require_reader(request)
    # From the new-client duplicate check: the possible matches in other teams, never shown to the user.
    matches = request.session.get(HIDDEN_MATCHES_KEY) if request.GET.get("from") == "duplicate-check" else None
    form = BreakGlassForm(request.POST or None, for_possible_match=bool(matches))
    if request.method == "POST" and form.is_valid() and matches:
        clients = services.find_possible_matches_for_break_glass(matches)
        for client in clients:
            services.access_break_glass(user=request.user, client=client, reason=form.cleaned_data["reason"],
                                        detail=form.cleaned_data["detail"])
        request.session.pop(HIDDEN_MATCHES_KEY, None)
        if clients:
            messages.success(request, "You have access to the possible match for 24 hours. Your reason has been recorded.")
            return redirect(clients[0])
        return redirect("clients:client-search")
    if request.method == "POST" and form.is_valid():
        client = services.find_for_break_glass(form.cleaned_data["identifier"])
        if client is None:
            form.add_error("identifier", "No single client has that reference, PNC ID or NHS number")
        else:
            services.access_break_glass(user=request.user, client=client, reason=form.cleaned_data["reason"],
                                        detail=form.cleaned_data["detail"])
            messages.success(request, "You have access to this record for 24 hours. Your reason has been recorded.")
            return redirect(client)
    return render(request, "clients/break_glass.html", {"form": form, "for_possible_match": bool(matches)},
                  status=_status(form))


@require_http_methods(["GET", "POST"])
def view_reason(request: HttpRequest, pk: int) -> HttpResponse:
    """A data protection officer says why they open a client's record before seeing it."""
    permissions.require(permissions.must_give_view_reason, request.user)
    client = get_client_for_user(request.user, pk)
    form = ViewReasonForm(request.POST or None)
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = client.get_absolute_url()
    if request.method == "POST" and form.is_valid():
        services.access_view_reason_give(user=request.user, client=client, detail=form.cleaned_data["detail"])
        return redirect(next_url)
    return render(request, "clients/view_reason.html", {"form": form, "client": client}, status=_status(form))
