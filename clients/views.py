from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from clients.access import get_client_for_user
from dip import audit
from dip.models import AuditEvent


def client_search(request: HttpRequest) -> HttpResponse:
    if not request.user.sees_person_records:
        raise PermissionDenied
    return render(request, "clients/client_search.html", {})


@require_GET
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_client_for_user(request.user, pk)
    audit.record(request, AuditEvent.Action.VIEW, client)
    return render(request, "clients/client_detail.html", {"client": client})
