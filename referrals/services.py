"""Referral workflows: create, and move along the lifecycle. Each writes the row, its relations and one audit event."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from clients import consent
from clients.models import Client, ClientRelation, Consent
from clients.services import client_relate, client_relate_all
from dip import audit
from dip.models import AuditEvent
from referrals import transitions
from referrals.models import Referral, Source, Stage, Status, local_today

OPEN_JOURNEY_MESSAGE = (
    "{client} already has an open referral or treatment journey with {provider} (referred {date}). "
    "Update that referral instead of making a new one."
)


def open_journey_error(*, client, provider) -> str | None:
    existing = Referral.objects.open_with(client=client, provider=provider).order_by("-referral_date").first()
    if existing is None:
        return None
    return OPEN_JOURNEY_MESSAGE.format(client=client, provider=provider, date=f"{existing.referral_date:%-d %B %Y}")


@transaction.atomic
def referral_create(
    *,
    user,
    client,
    provider,
    source: str,
    referral_date: datetime.date,
    requested_intervention: str = "",
    notes: str = "",
    required_assessment_id: int | None = None,
    legal_basis: str = "",
    legal_basis_detail: str = "",
) -> Referral:
    """Make a referral from the user's team to a provider; the provider's team can then see the client.

    Only with the client's consent to share with treatment in force, or a recorded legal basis (domain.md 6.2).
    """
    referral = Referral(
        client=client,
        area_id=client.area_id,
        provider=provider,
        source=source,
        referral_date=referral_date,
        referring_team_id=user.team_id,
        referred_by=user,
        requested_intervention=requested_intervention,
        notes=notes,
        required_assessment_id=required_assessment_id,
        legal_basis=legal_basis,
        legal_basis_detail=legal_basis_detail.strip(),
        status=Status.PENDING,
        status_changed_at=timezone.now(),
        status_changed_by=user,
    )
    if errors := referral.rule_errors():  # the import asks the same rules
        raise ValidationError(errors)
    if errors := sharing_errors(client=client, legal_basis=legal_basis, legal_basis_detail=legal_basis_detail):
        raise ValidationError(errors)
    # One referral at a time per client: a double submission waits here, then sees the first one's journey
    # (the database allows two pending referrals, as the interchange spec does, so the guard is this lock).
    list(Client.objects.select_for_update().filter(pk=client.pk).values_list("pk", flat=True))
    if message := open_journey_error(client=client, provider=provider):
        raise ValidationError({"provider": message})
    referral.full_clean(validate_constraints=False)
    referral.save()
    if user.team_id:
        client_relate(client=client, team=user.team, reason=ClientRelation.Reason.REFERRED_BY)
    client_relate_all(provider_relations(referral))
    audit.record(None, AuditEvent.Action.CREATE, referral, client=client, user=user,
                 detail={"provider": provider.pk, "source": source})
    return referral


SHARE = Consent.Scope.SHARE_WITH_TREATMENT


def treatment_consent(client) -> Consent | None:
    """The client's decision in force on sharing with treatment providers (the one rule: clients.consent)."""
    return consent.in_force(Consent.objects.filter(client=client)).get(SHARE)


def sharing_errors(*, client, legal_basis: str, legal_basis_detail: str) -> dict[str, list[str]]:
    """Why this referral may not go to a treatment provider, by field; empty when it may.

    Consent to share with treatment in force, or a legal basis with its details (domain.md 6.2 rule 2).
    """
    decision = treatment_consent(client)
    if legal_basis:
        if not legal_basis_detail.strip():
            return {"legal_basis_detail": ["Enter the details of the legal basis"]}
        return {}
    if decision is not None and decision.decision == Consent.Decision.GIVEN:
        return {}
    if decision is None:
        return {"consent_decision": ["Select whether the client agrees to share their information with the "
                                     "treatment provider"]}
    verb = "refused" if decision.decision == Consent.Decision.REFUSED else "withdrew consent to"
    return {"consent_decision": [
        f"The client {verb} sharing with treatment providers on {decision.decided_on:%-d %B %Y}, so the referral "
        "was not sent. Send it only with a legal basis for sharing without consent"
    ]}


def provider_relations(referral: Referral) -> list[ClientRelation]:
    """The rule: receiving a referral lets the provider's team see the client."""
    team_id = referral.provider.team_id
    if team_id is None:
        return []
    return [ClientRelation(client_id=referral.client_id, team_id=team_id, reason=ClientRelation.Reason.REFERRED_TO)]


def relate_to_providers(referrals) -> None:
    """provider_relations for many referrals in one query (the import writes in bulk); existing ones are kept."""
    ClientRelation.objects.bulk_create([r for ref in referrals for r in provider_relations(ref)], ignore_conflicts=True)


@transaction.atomic
def referral_transition(
    *,
    user,
    referral: Referral,
    action: str,
    on: datetime.date | None = None,
    reason: str = "",
) -> Referral:
    """Apply one lifecycle action, checking who may, from which stage, and the dates (domain.md §8 rule 21).

    A referral that has moved on meanwhile (another tab, the Back button) is refused with a message, not changed.
    """
    act = transitions.ACTIONS[action]
    # Two workers acting at once: the second waits, then sees the new stage and is refused.
    referral = Referral.objects.select_for_update(of=("self",)).select_related("provider", "client").get(pk=referral.pk)
    if not transitions.may_act(user, referral, act):
        raise PermissionDenied
    before = referral.stage
    if before not in act.sources:
        raise ValidationError(transitions.stale_message(referral))
    today = local_today()
    if action == "accept":
        referral.accepted_at = timezone.now()
    elif action == "decline":
        if not reason.strip():
            raise ValidationError({"reason": "Enter why the referral is declined"})
        referral.decline_reason = reason.strip()
    elif action == "start":
        _check_date("on", on, not_before=referral.referral_date, before_label="the referral date", today=today)
        referral.treatment_start_date = on
        referral.treatment_start_recorded_at = timezone.now()
    elif action == "discharge":
        _check_date("on", on, not_before=referral.treatment_start_date, before_label="the treatment start", today=today)
        if not reason:
            raise ValidationError({"reason": "Select the discharge reason"})
        referral.discharge_date = on
        referral.discharge_reason = reason
    if (status := transitions.RESULT_STATUS[action]) is not None:
        referral.status = status
    referral.status_changed_at = timezone.now()
    referral.status_changed_by = user
    if errors := referral.rule_errors():  # the import asks the same rules
        raise ValidationError(errors)
    referral.full_clean(validate_constraints=False)
    referral.save()
    audit.record(
        None,
        AuditEvent.Action.UPDATE,
        referral,
        client=referral.client,
        user=user,
        detail={"action": action, "from": before, "to": referral.stage},
    )
    return referral


def _check_date(field: str, value, *, not_before, before_label: str, today: datetime.date) -> None:
    if value is None:
        raise ValidationError({field: "Enter the date"})
    if value > today:
        raise ValidationError({field: "The date must be today or in the past"})
    if not_before and value < not_before:
        raise ValidationError({field: f"The date must be on or after {before_label} ({not_before:%-d %B %Y})"})


__all__ = ["referral_create", "referral_transition", "open_journey_error", "Source", "Stage"]
