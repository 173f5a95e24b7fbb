"""Workflows on client records that span models or write audit events."""

from django.db import IntegrityError, transaction

from clients.models import Client, ClientRelation


def client_relate(*, client: Client, reason: str, team=None, area=None) -> None:
    """Record that a team (or, for custody work, an area) is related to the client. Idempotent.

    Every service that records an event about a client calls this, so that visible_to() follows.
    """
    try:
        with transaction.atomic():
            ClientRelation.objects.get_or_create(client=client, team=team, area=area, reason=reason)
    except IntegrityError:  # a concurrent request made the same relation
        pass
