from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clients.access import get_client_for_user
from dip import audit
from dip.models import AuditEvent


def client_search(request: HttpRequest) -> HttpResponse:
    return render(request, "clients/client_search.html", {})


def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_client_for_user(request.user, pk)
    audit.record(request, AuditEvent.Action.VIEW, client)
    return render(request, "clients/client_detail.html", {"client": client})
