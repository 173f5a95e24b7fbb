"""After-care: start an episode (from a successful discharge, prefilled), end it, record a group session."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from clients.models import ClientRelation
from clients.services import client_relate
from dip import audit, permissions
from dip.models import AuditEvent
from throughcare.models import Aftercare, AftercareSession


def may_record(user) -> bool:
    """Treatment provider workers run after-care for their team's services."""
    return permissions.can_run_aftercare(user)


def _require(user, provider) -> None:
    if not may_record(user) or provider.team_id != user.team_id:
        raise PermissionDenied


def _not_future(errors: dict, field: str, value) -> None:
    if value is not None and value > timezone.localdate():
        errors.setdefault(field, []).append("The date must be today or in the past")


@transaction.atomic
def aftercare_create(*, user, client, provider, started_on: datetime.date, referral=None) -> Aftercare:
    _require(user, provider)
    episode = Aftercare(
        client=client, area_id=referral.area_id if referral else client.area_id, provider=provider, referral=referral,
        started_on=started_on,
    )
    errors = episode.rule_errors(sessions=[])
    _not_future(errors, "started_on", started_on)
    if errors:
        raise ValidationError(errors)
    episode.full_clean(validate_constraints=False)
    episode.save()
    client_relate(client=client, team=user.team, reason=ClientRelation.Reason.REFERRED_TO)
    audit.record(None, AuditEvent.Action.CREATE, episode, user=user, client=client, detail={"provider": provider.pk})
    return episode


@transaction.atomic
def aftercare_end(*, user, episode: Aftercare, ended_on: datetime.date, end_reason: str) -> Aftercare:
    locked = Aftercare.objects.select_for_update(of=("self",)).select_related("provider", "client", "referral")
    episode = locked.get(pk=episode.pk)
    _require(user, episode.provider)
    if episode.ended_on is not None:
        raise ValidationError("This after-care has already ended")
    episode.ended_on, episode.end_reason = ended_on, end_reason
    errors = episode.rule_errors()
    _not_future(errors, "ended_on", ended_on)
    if errors:
        raise ValidationError(errors)
    episode.save()
    audit.record(None, AuditEvent.Action.UPDATE, episode, user=user, client=episode.client, detail={"ended": str(ended_on)})
    return episode


@transaction.atomic
def group_session_record(*, user, provider, on: datetime.date, kind: str, attendance: dict[int, bool]) -> list[AftercareSession]:
    """One session for a whole group: a row per episode listed (attended or not), each episode open that day."""
    _require(user, provider)
    errors: dict[str, list[str]] = {}
    _not_future(errors, "on", on)
    if not attendance:
        errors.setdefault("attendance", []).append("There is no one in after-care with this service on that day")
    episodes = list(
        Aftercare.objects.select_for_update(of=("self",)).filter(pk__in=attendance, provider=provider).select_related("client")
    )
    if len(episodes) != len(attendance):
        raise PermissionDenied  # an episode of another service, or one that does not exist
    for episode in episodes:
        if on < episode.started_on or (episode.ended_on and on > episode.ended_on):
            errors.setdefault("on", []).append(f"{episode.client} is not in after-care on that day")
    if errors:
        raise ValidationError(errors)
    sessions = AftercareSession.objects.bulk_create(
        AftercareSession(episode=e, on=on, kind=kind, attended=attendance[e.pk], recorded_by=user) for e in episodes
    )
    for episode in episodes:  # each client's record changed: one event per client
        audit.record(
            None, AuditEvent.Action.CREATE, "throughcare.aftercaresession", user=user, client=episode.client,
            detail={"episode": episode.pk, "on": str(on), "kind": kind, "attended": attendance[episode.pk]},
        )
    return sessions
