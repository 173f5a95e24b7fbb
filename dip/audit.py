"""Write audit events. Every view or change of a person's record calls `record` exactly once.

Changes are audited by the service that makes them (`record(None, ..., user=user)`: no request needed,
so a task, the import or an API audits the same way); page views by the view or its access helper.

Reasons for viewing (access-model.md: a data protection officer gives one for each view) are enforced
here, the one call every person-level page makes: a page view of a client's record by a user who must
give a reason carries the reason they gave (looked up through the registered `view_reason` hook) or
raises ReasonRequired, which dip.audit_middleware.ReasonRequiredMiddleware answers with the reason page.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Q
from django.http import HttpRequest

from dip import permissions
from dip.middleware import current_client_ip, current_request_id
from dip.models import AuditEvent

# Page views of a person's record that need a reason from a data protection officer.
REASONED_ACTIONS = {AuditEvent.Action.VIEW, AuditEvent.Action.PRINT}


class ReasonRequired(Exception):
    """A person-level page was opened by a user who must first say why (see ReasonRequiredMiddleware)."""

    def __init__(self, client_id: int):
        super().__init__(client_id)
        self.client_id = client_id


# (user, client_id) -> the reason this user gave for this client, still valid, or "" (clients/hooks.py).
_view_reason: Callable[[Any, int], str] = lambda user, client_id: ""  # noqa: E731
# client_id -> the URL of the page where the reason is given.
reason_url: Callable[[int], str] | None = None


def register_view_reason(lookup: Callable[[Any, int], str], url: Callable[[int], str]) -> None:
    global _view_reason, reason_url
    _view_reason, reason_url = lookup, url


def events_about(client_pk: int):
    """Every event about one client: those about their record, and lists or queues that showed them (client_ids)."""
    return AuditEvent.objects.filter(Q(client_id=client_pk) | Q(client_ids__contains=[client_pk]))


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:  # a service called during a request still knows where it came from
        return current_client_ip()
    return request.META.get("REMOTE_ADDR") or None


def record(
    request: HttpRequest | None,
    action: str,
    obj: Any = None,
    *,
    client: Any = None,
    user: Any = None,
    reason: str = "",
    detail: dict | None = None,
    client_ids=(),
) -> AuditEvent:
    """Append one audit event: who, when, what, which client (or `client_ids`: everyone a list showed),
    from where, and why."""
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    if client is None and obj is not None and obj.__class__.__name__ == "Client":
        client = obj
    client_id = getattr(client, "pk", client)
    if request is not None and client_id is not None and action in REASONED_ACTIONS:
        reason = reason or _reason_given(user, client_id)
    return AuditEvent.objects.create(
        user=user,
        username=getattr(user, "username", "") or "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None and hasattr(obj, "_meta") else (obj or ""),
        object_id=str(getattr(obj, "pk", "") or "") if hasattr(obj, "_meta") else "",
        client_id=client_id,
        client_ids=sorted({int(pk) for pk in client_ids}),
        ip=client_ip(request),
        request_id=current_request_id() or "",
        reason=reason[:500],
        detail=detail or {},
    )


def _reason_given(user, client_id: int) -> str:
    """"" for a user who needs no reason; the reason given, or ReasonRequired, for one who does."""
    if not permissions.must_give_view_reason(user):
        return ""
    given = _view_reason(user, client_id)
    if not given:
        raise ReasonRequired(client_id)
    return given
