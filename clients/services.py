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


def client_relate_all(relations) -> None:
    """client_relate for relations a rule built (unsaved ClientRelation rows, ids only). Idempotent."""
    for relation in relations:
        try:
            with transaction.atomic():
                ClientRelation.objects.get_or_create(
                    client_id=relation.client_id, team_id=relation.team_id, area_id=relation.area_id,
                    reason=relation.reason,
                )
        except IntegrityError:  # a concurrent request made the same relation
            pass


def _relate_own_team(client: Client, user) -> None:
    if getattr(user, "team_id", None):
        client_relate(client=client, team=user.team, reason=ClientRelation.Reason.RECORDED)


@transaction.atomic
def client_create(*, user, **fields) -> Client:
    """Save a new client; the creating team is related to them so that it keeps seeing them.

    Raises ValidationError keyed by field for anything the model refuses.
    """
    client = Client(**fields)
    client.full_clean()
    client.save()
    _relate_own_team(client, user)
    audit.record(None, AuditEvent.Action.CREATE, client, user=user)
    return client


@transaction.atomic
def client_update(*, user, client: Client, changes: dict) -> Client:
    """Apply `changes` ({field: value}) to the client, check the whole record, save; the audit names the fields."""
    for name, value in changes.items():
        setattr(client, name, value)
    client.full_clean()
    client.save()
    audit.record(None, AuditEvent.Action.UPDATE, client, user=user, detail={"fields": sorted(changes)})
    return client


@transaction.atomic
def client_alias_add(*, user, client: Client, given_name: str, family_name: str) -> ClientAlias:
    alias = ClientAlias(client=client, given_name=given_name, family_name=family_name)
    alias.full_clean()
    alias.save()
    audit.record(None, AuditEvent.Action.CREATE, alias, client=client, user=user)
    return alias


@transaction.atomic
def client_alias_remove(*, user, alias: ClientAlias) -> ClientAlias:
    audit.record(None, AuditEvent.Action.DELETE, alias, client=alias.client, user=user)
    alias.delete()
    return alias


@transaction.atomic
def consent_record(*, user, client: Client, scope: str, decision: str, decided_on) -> Consent:
    """A new decision (never an edit of an old one); the latest by date is in force."""
    consent = Consent(client=client, scope=scope, decision=decision, decided_on=decided_on, recorded_by=user)
    consent.full_clean()
    consent.save()
    _relate_own_team(client, user)
    audit.record(None, AuditEvent.Action.CREATE, consent, client=client, user=user)
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


def find_possible_matches_for_break_glass(pks: list[int]) -> list[Client]:
    """The possible matches the new-client check found outside the user's scope (kept in their session)."""
    return list(Client.objects.filter(pk__in=pks).order_by("pk"))


@transaction.atomic
def access_break_glass(*, user, client: Client, reason: str, detail: str) -> AccessGrant:
    """Emergency access to one client for BREAK_GLASS_HOURS, audited with the reason.

    The managers of the teams related to the client see it in their work queue (clients/hooks.py).
    """
    grant = AccessGrant(user=user, client=client, reason=reason, detail=detail, expires_at=expires_after(BREAK_GLASS_HOURS))
    grant.full_clean()
    grant.save()
    audit.record(None, AuditEvent.Action.BREAK_GLASS, client, user=user, reason=grant_text(grant),
                 detail={"expires_at": grant.expires_at.isoformat()})
    return grant


@transaction.atomic
def access_view_reason_give(*, user, client: Client, detail: str) -> AccessGrant:
    """A data protection officer's reason for opening this record, kept for VIEW_REASON_HOURS.

    Not audited here: the page it opens next audits that view, carrying this reason (clients.access).
    """
    grant = AccessGrant(user=user, client=client, reason=AccessGrant.Reason.DATA_PROTECTION, detail=detail,
                        expires_at=expires_after(VIEW_REASON_HOURS))
    grant.full_clean()
    grant.save()
    return grant
