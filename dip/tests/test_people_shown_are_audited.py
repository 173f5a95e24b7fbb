"""Every person a page shows is recorded, so the page reaches their "who has accessed this record" page
(issue 12, point 4): one event per request, carrying the ids of everyone shown."""

import datetime

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from dip.models import AuditEvent
from dip.tests.matrix import CASEWORK, collect_routes

LISTS = [
    (route, role) for route in collect_routes() if route.kwargs is None and not route.public
    for role in sorted(CASEWORK & set(route.get or ()))
]
NAME = b"Matrix"  # world.client is Mia Matrix; lists show "Matrix, Mia" or "Mia Matrix"


@pytest.fixture
def world(db):
    from dip.tests.matrix import build_world

    return build_world()


def _events_for(world, since_pk):
    return AuditEvent.objects.filter(pk__gt=since_pk)


@pytest.mark.parametrize(("route", "role"), LISTS, ids=[f"{r.name}-{role}" for r, role in LISTS])
def test_a_list_naming_the_client_records_them_in_its_one_event(world, route, role):
    http = sign_in(HttpClient(), world.users[role])
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = http.get(reverse(route.name), {"on_0": "3", "on_1": "3", "on_2": "2025"} if "drugtest" in route.name else {})
    if response.status_code != 200 or b"Mia" not in response.content:
        pytest.skip("this page does not show the client")
    events = list(_events_for(world, last))
    assert len(events) == 1, [(e.action, e.object_type) for e in events]
    assert world.client.pk in [*events[0].client_ids, events[0].client_id]


def test_the_work_queue_records_everyone_it_names_and_the_access_page_shows_it(world):
    from clients.models import AccessGrant

    manager = world.users["team_manager"]
    outsider = world.users["probation_officer"]
    outsider.team = world.other_custody
    outsider.save()
    AccessGrant.objects.create(user=outsider, client=world.client, reason=AccessGrant.Reason.SAFEGUARDING,
                               detail="Checking", expires_at=timezone.now() + datetime.timedelta(hours=1))
    http = sign_in(HttpClient(), manager)
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    home = http.get(reverse("dip:home"))
    assert home.status_code == 200 and b"Mia Matrix" in home.content
    [event] = _events_for(world, last)
    assert event.object_type == "dip.work-queue" and event.client_ids == [world.client.pk]
    access = http.get(reverse("clients:client-access", kwargs={"pk": world.client.pk}))
    assert event in access.context["page"].object_list


def test_an_empty_work_queue_writes_nothing(world):
    http = sign_in(HttpClient(), world.users["custody_worker"])
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    home = http.get(reverse("dip:home"))
    if b"Mia" not in home.content:
        assert not _events_for(world, last).exists()
