"""Workflows on client records that span models or write audit events."""

from django.db import IntegrityError, transaction
from django.db.models import Q

from clients.access import BREAK_GLASS_HOURS, VIEW_REASON_HOURS, expires_after, grant_text
from clients.identifiers import normalise_nhs, normalise_pnc
from clients.models import AccessGrant, Client, ClientAlias, ClientRelation, Consent
from dip import audit
from dip.models import AuditEvent


def client_relate(*, client: Client, reason: str, team=None, area=None) -> None:
    """Record that a team (or, for custody work, an area) is related to the client. Idempotent.

    Every service that records an event about a client calls this, so that visible_to() follows.
    """
    try:
        with transaction.atomic():
            ClientRelation.objects.get_or_create(client=client, team=team, area=area, reason=reason)
    except IntegrityError:  # a concurrent request made the same relation
        pass


@transaction.atomic
def create_client(request, form) -> Client:
    """Save a new client; the creating team is related to them so that it keeps seeing them."""
    client = form.save()
    if request.user.team_id:
        client_relate(client=client, team=request.user.team, reason=ClientRelation.Reason.RECORDED)
    audit.record(request, AuditEvent.Action.CREATE, client)
    return client


@transaction.atomic
def update_client(request, form) -> Client:
    client = form.save()
    audit.record(request, AuditEvent.Action.UPDATE, client, detail={"fields": sorted(form.changed_data)})
    return client


@transaction.atomic
def add_alias(request, client: Client, form) -> ClientAlias:
    alias = form.save(commit=False)
    alias.client = client
    alias.save()
    audit.record(request, AuditEvent.Action.CREATE, alias, client=client)
    return alias


@transaction.atomic
def remove_alias(request, alias: ClientAlias) -> None:
    client = alias.client
    audit.record(request, AuditEvent.Action.DELETE, alias, client=client)
    alias.delete()


@transaction.atomic
def record_consent(request, client: Client, form) -> Consent:
    """A new decision (never an edit of an old one); the latest by date is in force."""
    consent = form.save(commit=False)
    consent.client = client
    consent.recorded_by = request.user
    consent.save()
    if request.user.team_id:
        client_relate(client=client, team=request.user.team, reason=ClientRelation.Reason.RECORDED)
    audit.record(request, AuditEvent.Action.CREATE, consent, client=client)
    return consent


def find_for_break_glass(identifier: str) -> Client | None:
    """The one client with this reference, PNC ID or NHS number, searching every area."""
    q = Q(ref__iexact=identifier[:64])
    for normalise, field in ((normalise_pnc, "pnc_id"), (normalise_nhs, "nhs_number")):
        try:
            q |= Q(**{field: normalise(identifier)})
        except Exception:  # noqa: BLE001 - not that kind of identifier
            continue
    found = list(Client.objects.filter(q)[:2])
    return found[0] if len(found) == 1 else None


@transaction.atomic
def break_glass(request, client: Client, *, reason: str, detail: str) -> AccessGrant:
    """Emergency access to one client for BREAK_GLASS_HOURS, audited with the reason.

    The managers of the teams related to the client see it in their work queue (clients/hooks.py).
    """
    grant = AccessGrant.objects.create(
        user=request.user, client=client, reason=reason, detail=detail, expires_at=expires_after(BREAK_GLASS_HOURS)
    )
    audit.record(request, AuditEvent.Action.BREAK_GLASS, client, reason=grant_text(grant),
                 detail={"expires_at": grant.expires_at.isoformat()})
    return grant


@transaction.atomic
def give_view_reason(request, client: Client, detail: str) -> AccessGrant:
    """A data protection officer's reason for opening this record, kept for VIEW_REASON_HOURS."""
    return AccessGrant.objects.create(
        user=request.user, client=client, reason=AccessGrant.Reason.DATA_PROTECTION, detail=detail,
        expires_at=expires_after(VIEW_REASON_HOURS),
    )
