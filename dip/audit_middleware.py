"""The audit trail's middleware: refused requests audited and logged with the user, and a missing reason
for viewing a person's record answered with the reason page."""

import logging

from django.conf import settings
from django.shortcuts import redirect
from django.utils.http import urlencode

from dip import audit
from dip.models import AuditEvent

access_log = logging.getLogger("dip.request")
REFUSED = {403, 404}


class AccessLogMiddleware:
    """One log line per request carrying the user's id, and an audit event for each refused request
    (403, 404: out of scope or not allowed), so that probing for records shows up (issue 12, point 5).

    Paths carry ids, never names or dates of birth (search terms travel in POST bodies)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(settings.STATIC_URL):
            return response
        user = request.user if request.user.is_authenticated else None
        path = _printable(request.path[:300])  # a probe may send NUL or newlines: no log or JSON injection
        access_log.info("%s %s %s user=%s", request.method, path, response.status_code, user.pk if user else "-")
        if response.status_code in REFUSED:
            audit.record(request, AuditEvent.Action.REFUSED, "request", detail={
                "path": path, "method": request.method, "status": response.status_code})
        return response


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


class ReasonRequiredMiddleware:
    """Answer dip.audit.ReasonRequired (a person-level page opened without a reason) with the reason page,
    which comes back to the page asked for once the reason is given."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, audit.ReasonRequired) or audit.reason_url is None:
            return None
        back = request.get_full_path() if request.method == "GET" else ""
        return redirect(audit.reason_url(exception.client_id) + (f"?{urlencode({'next': back})}" if back else ""))
