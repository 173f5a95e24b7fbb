"""The one scoping rule: every person-level queryset starts from `visible_to(user)`.

reference/access-model.md: relationships decide, not roles alone. A client is related to a team
through ClientRelation rows that the services write whenever a team records an event about the
client, receives a referral, supervises an order or holds the client on its caseload.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from dip import roles


def client_visibility_q(user, prefix: str = "") -> Q:
    """A Q over Client (or, with `prefix` like "client__", over a model with a client FK)."""
    from clients.models import AccessGrant, ClientRelation

    if not user.is_authenticated or not user.sees_person_records or user.team_id is None:
        return Q(pk__in=[])
    pk = OuterRef(f"{prefix}pk" if prefix else "pk")
    team = user.team
    related_to_team = Exists(ClientRelation.objects.filter(client=pk, team_id=team.pk))
    glass = Exists(
        AccessGrant.objects.filter(client=pk, user_id=user.pk, expires_at__gt=timezone.now())
    )
    if user.role == roles.DPO:
        in_area = Q(**{f"{prefix}area_id": team.area_id}) | Exists(
            ClientRelation.objects.filter(client=pk).filter(Q(area_id=team.area_id) | Q(team__area_id=team.area_id))
        )
        return in_area | glass
    if team.kind == team.Kind.CUSTODY:
        # Custody work starts with people not yet known: clients living or tested in the area.
        in_area = Q(**{f"{prefix}area_id": team.area_id}) | Exists(
            ClientRelation.objects.filter(client=pk, area_id=team.area_id)
        )
        return related_to_team | in_area | glass
    if team.kind in (team.Kind.PROBATION, team.Kind.TREATMENT):
        return related_to_team | glass
    return Q(pk__in=[])


class ClientQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ClientQuerySet":
        """Clients this user may see (reference/access-model.md)."""
        return self.filter(client_visibility_q(user))


class ClientScopedQuerySet(models.QuerySet):
    """For any model with a `client` FK: visible exactly when its client is."""

    def visible_to(self, user) -> "ClientScopedQuerySet":
        return self.filter(client_visibility_q(user, prefix="client__"))
