"""A data protection officer gives a reason before any person-level page (issue 12, point 3).

A crawl over every route the URL matrix (dip/tests/matrix.py) lets the DPO open: without a reason each
person-level page sends them to the reason page and shows and audits nothing about the person; with one,
the page opens and its audit event carries the reason. No page lists the person's name without one.
"""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from conftest import sign_in
from dip.models import AuditEvent
from dip.tests.matrix import collect_routes

DPO_PAGES = [route for route in collect_routes() if "dpo" in (route.get or ())]
PERSON_PAGES = [route for route in DPO_PAGES if route.kwargs is not None and route.name != "clients:view-reason"
                and not route.name.startswith("reports:")]  # reports are aggregate: no person in them


@pytest.fixture
def world(db):
    from clients.models import AccessGrant
    from dip.tests.matrix import build_world

    world = build_world()
    AccessGrant.objects.filter(user=world.users["dpo"]).delete()  # the matrix gives one; here none is given yet
    return world


def test_the_crawl_covers_the_person_level_pages_of_every_app():
    apps = {route.name.split(":")[0] for route in PERSON_PAGES}
    assert {"clients", "testing", "assessments", "referrals", "supervision", "throughcare"} <= apps, apps


@pytest.mark.parametrize("route", PERSON_PAGES, ids=str)
def test_without_a_reason_the_page_asks_for_one_and_shows_nothing(world, route):
    http = sign_in(HttpClient(), world.users["dpo"])
    url = reverse(route.name, kwargs=route.kwargs(world))
    response = http.get(url)
    if response.status_code == 404:  # not this DPO's to read at all (e.g. another team's working page)
        pytest.skip("not found for the DPO")
    reason_page = reverse("clients:view-reason", kwargs={"pk": world.client.pk})
    assert response.status_code == 302 and response["Location"].startswith(reason_page), (url, response.status_code)
    assert not AuditEvent.objects.filter(user=world.users["dpo"]).exclude(client_id=None).exists()
    assert b"Mia" not in response.content

    # Giving the reason comes back to the page, which now opens and audits the view with that reason.
    back = http.post(response["Location"], {"detail": "Subject access request SAR-123"})
    assert back.status_code == 302 and back["Location"] == url
    opened = http.get(url)
    assert opened.status_code == 200
    events = AuditEvent.objects.filter(user=world.users["dpo"]).exclude(client_id=None)
    assert events.count() == 1 and "SAR-123" in events.get().reason


@pytest.mark.parametrize("route", [r for r in DPO_PAGES if r.kwargs is None], ids=str)
def test_no_list_shows_a_name_to_a_dpo_without_a_reason(world, route):
    http = sign_in(HttpClient(), world.users["dpo"])
    response = http.get(reverse(route.name), follow=True)
    assert response.status_code == 200
    assert b"Mia Matrix" not in response.content


def test_the_drug_test_list_names_the_person_to_those_who_record_tests(world):
    http = sign_in(HttpClient(), world.users["custody_worker"])
    response = http.get(reverse("testing:drugtest-list"), {"on_0": "3", "on_1": "3", "on_2": "2025"})
    assert b"Mia Matrix" in response.content
    dpo = sign_in(HttpClient(), world.users["dpo"]).get(reverse("testing:drugtest-list"),
                                                        {"on_0": "3", "on_1": "3", "on_2": "2025"})
    assert b"Give a reason to see who" in dpo.content and b"Mia" not in dpo.content
