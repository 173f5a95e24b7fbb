"""The server-error handler: a database that cannot be reached is a 503 ("try again shortly"), not a 500.

Django calls this with the exception still being handled, wherever it was raised (a view, or a middleware such as
the session or sign-in check that reaches the database first). The page is rendered without a request context:
the context processors would need the database. Connections are health-checked (CONN_HEALTH_CHECKS), so the
next request after PostgreSQL returns reconnects: no restart is needed.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader

log = logging.getLogger("dip.errors")
RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        log.error("database unavailable: %s %s answered 503", request.method, request.path)
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
