"""Who sees which DRR order (reference/access-model.md), and the caseload's annotations.

A probation officer sees the orders their team supervises; a probation team manager also sees the
area's orders no team supervises yet (imported history) so that they can allocate them; a treatment
provider worker sees the orders of clients referred to their service (and only the summary); a data
protection officer the area's orders. Always within the client's own visibility.
"""

from django.db import models
from django.db.models import Q

from clients.models import client_visibility_q
from dip import permissions


def order_visibility_q(user, prefix: str = "") -> Q:
    """A Q over DrrOrder (or, with prefix "drr_order__", over a model with a drr_order FK)."""
    if not user.is_authenticated or not user.sees_person_records or user.team_id is None:
        return Q(pk__in=[])
    team = user.team
    client_q = client_visibility_q(user, prefix=f"{prefix}client__")
    if permissions.can_read_area_records(user):
        return Q(**{f"{prefix}area_id": team.area_id}) & client_q
    if permissions.can_allocate_orders(user):
        unallocated = Q(**{f"{prefix}team__isnull": True, f"{prefix}area_id": team.area_id})
        return Q(**{f"{prefix}team_id": team.pk}) | unallocated
    if permissions.can_supervise_order(user):
        return Q(**{f"{prefix}team_id": team.pk})
    if permissions.can_view_provider_orders(user):
        return client_q
    return Q(pk__in=[])


class DrrOrderQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DrrOrderQuerySet":
        return self.filter(order_visibility_q(user))

    def open_on(self, day) -> "DrrOrderQuerySet":
        """Started on or before `day` and not terminated on or before it."""
        return self.filter(Q(start_date__lte=day) & (Q(termination_date__isnull=True) | Q(termination_date__gt=day)))

    def current(self) -> "DrrOrderQuerySet":
        return self.filter(termination_date__isnull=True)


class DrrScopedQuerySet(models.QuerySet):
    """For a model with a `drr_order` FK: visible exactly when its order is."""

    def visible_to(self, user) -> "DrrScopedQuerySet":
        return self.filter(order_visibility_q(user, prefix="drr_order__"))
