"""Write audit events. Every view or change of a person's record calls `record` exactly once.

Changes are audited by the service that makes them (`record(None, ..., user=user)`: no request needed,
so a task, the import or an API audits the same way); page views by the view or its access helper.
"""

from typing import Any

from django.http import HttpRequest

from dip.middleware import current_client_ip, current_request_id
from dip.models import AuditEvent


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
) -> AuditEvent:
    """Append one audit event: who, when, what, which client, from where, and why."""
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    if client is None and obj is not None and obj.__class__.__name__ == "Client":
        client = obj
    return AuditEvent.objects.create(
        user=user,
        username=getattr(user, "username", "") or "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None and hasattr(obj, "_meta") else (obj or ""),
        object_id=str(getattr(obj, "pk", "") or "") if hasattr(obj, "_meta") else "",
        client_id=getattr(client, "pk", client),
        ip=client_ip(request),
        request_id=current_request_id() or "",
        reason=reason[:500],
        detail=detail or {},
    )
