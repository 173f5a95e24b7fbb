"""Access helpers for views: fetch a person-level object through visible_to, or 404; reasons for viewing.

Any page that shows a client's record (in any app) should do:

    client = get_client_for_user(request.user, pk)
    reason = reason_for_view(request, client)
    if reason is None:                       # a data protection officer must first say why
        return ask_for_reason(request, client)
    audit.record(request, AuditEvent.Action.VIEW, obj, client=client, reason=reason)

`reason_for_view` costs no query for a client from `get_client_for_user` (which annotates the
user's active grant), one otherwise. It returns "" for a worker within their normal scope, the
reason given for emergency access ("break the glass") when that is what lets the user in, and
for a data protection officer the reason they gave for this client (valid for VIEW_REASON_HOURS);
None when a data protection officer has not yet given one.
"""

import datetime

from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from clients.models import AccessGrant, Client
from dip import permissions

BREAK_GLASS_HOURS = 24
VIEW_REASON_HOURS = 8


MAX_PK = 2**63 - 1  # PostgreSQL bigint; a larger id in a URL is simply not found


def check_pk(*pks: int) -> None:
    if any(pk > MAX_PK for pk in pks):
        raise Http404


def get_client_for_user(user, pk: int) -> Client:
    """The client if this user may see them; 404 otherwise, so existence is not revealed."""
    check_pk(pk)
    return get_object_or_404(with_active_grant(Client.objects.visible_to(user).select_related("area"), user), pk=pk)


def with_active_grant(clients, user):
    """Annotate each client with this user's active grant (reason, detail), so reason_for_view needs no query."""
    grants = AccessGrant.objects.filter(client=OuterRef("pk"), user_id=user.pk, expires_at__gt=timezone.now()).order_by(
        "-granted_at", "-pk"
    )
    return clients.annotate(
        active_grant_reason=Subquery(grants.values("reason")[:1]), active_grant_detail=Subquery(grants.values("detail")[:1])
    )


def active_grant(user, client) -> AccessGrant | None:
    return (
        AccessGrant.objects.filter(user_id=user.pk, client=client, expires_at__gt=timezone.now())
        .order_by("-granted_at", "-pk").first()
    )


def grant_text(grant: AccessGrant) -> str:
    return f"{grant.get_reason_display()}: {grant.detail}"


def reason_for_view(request: HttpRequest, client: Client) -> str | None:
    """The reason to audit with this view of `client`, or None when a DPO must first give one."""
    if hasattr(client, "active_grant_reason"):  # fetched by get_client_for_user: no query
        if client.active_grant_reason:
            label = AccessGrant.Reason(client.active_grant_reason).label
            return f"{label}: {client.active_grant_detail}"
    else:
        grant = active_grant(request.user, client)
        if grant is not None:
            return grant_text(grant)
    if permissions.must_give_view_reason(request.user):
        return None
    return ""


def ask_for_reason(request: HttpRequest, client: Client) -> HttpResponse:
    """Send a data protection officer to say why they open this record, then back to this page."""
    url = reverse("clients:view-reason", kwargs={"pk": client.pk})
    return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")


def expires_after(hours: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(hours=hours)
