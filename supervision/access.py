"""Named checks and access helpers for the DRR pages: 403 for a role that never may, 404 for an order
outside the user's scope (so that its existence is not revealed)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from dip import permissions
from supervision.models import DrrAppointment, DrrBreach, DrrOrder, DrrReview, DrrTest, DrrWarning

MAX_PK = 2**63 - 1


# The checks the DRR pages ask, by the names they use; the rules themselves are in dip/permissions.py.
can_supervise_order = permissions.can_supervise_order
can_manage_caseload = permissions.can_allocate_orders
can_read_orders = permissions.can_read_orders
can_give_provider_view = permissions.can_view_provider_orders


def _check(pk: int) -> None:
    if pk > MAX_PK:
        raise Http404


def orders_for(user):
    return DrrOrder.objects.visible_to(user).select_related("client", "area", "team", "responsible_officer", "provider")


def get_order(user, pk: int, *, change: bool = False) -> DrrOrder:
    """An order the user may read (or, with change=True, work on)."""
    if not (can_supervise_order(user) if change else can_read_orders(user)):
        raise PermissionDenied
    _check(pk)
    return get_object_or_404(orders_for(user), pk=pk)


def get_order_for_provider(user, pk: int) -> DrrOrder:
    if not can_give_provider_view(user):
        raise PermissionDenied
    _check(pk)
    return get_object_or_404(orders_for(user), pk=pk)


def _child(model, user, pk: int, *, change: bool = True, provider: bool = False):
    allowed = can_give_provider_view(user) if provider else (can_supervise_order(user) if change else can_read_orders(user))
    if not allowed:
        raise PermissionDenied
    _check(pk)
    related = ["drr_order__client", "drr_order__team", "drr_order__responsible_officer", "drr_order__area"]
    if model in (DrrWarning, DrrBreach):
        related.append("failure")
    return get_object_or_404(model.objects.visible_to(user).select_related(*related), pk=pk)


def get_appointment(user, pk: int) -> DrrAppointment:
    return _child(DrrAppointment, user, pk)


def get_test(user, pk: int) -> DrrTest:
    return _child(DrrTest, user, pk)


def get_warning(user, pk: int) -> DrrWarning:
    return _child(DrrWarning, user, pk, change=False)


def get_breach(user, pk: int, *, change: bool = False) -> DrrBreach:
    return _child(DrrBreach, user, pk, change=change)


def get_review(user, pk: int, *, change: bool = False, provider: bool = False) -> DrrReview:
    return _child(DrrReview, user, pk, change=change, provider=provider)
