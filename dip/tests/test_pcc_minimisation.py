"""Field-level minimisation (reliability.md §A7, AC): no page a PCC analyst can reach carries a client's
name, PNC ID or date of birth. Every route the URL matrix opens to the analyst, and every same-site link
found on those pages, is fetched and scanned (downloads included)."""

import re
from collections import deque

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from conftest import sign_in
from dip.tests.matrix import collect_routes

LINK = re.compile(rb'href="(/[^"#]*)"')
SKIP = ("/static/", "/logout/", "/admin/")


@pytest.fixture
def world(db):
    from dip.tests.matrix import build_world

    world = build_world()
    world.client.pnc_id = "2001/0123456F"
    world.client.save()
    world.client.refresh_from_db()
    world.other_client.refresh_from_db()
    return world


def _secrets(world) -> list[bytes]:
    found = []
    for client in (world.client, world.other_client):
        # Full names: the world's area and teams are called "Matrix ..." too.
        found += [f"{client.given_name} {client.family_name}", f"{client.family_name}, {client.given_name}",
                  client.pnc_id, client.date_of_birth.isoformat(),
                  f"{client.date_of_birth:%d/%m/%Y}", f"{client.date_of_birth.day} {client.date_of_birth:%B %Y}"]
    return [s.encode() for s in found if s]


def test_no_page_a_pcc_analyst_reaches_names_a_person(world):
    http = sign_in(HttpClient(), world.users["pcc_analyst"])
    start = [reverse("dip:home")] + [
        reverse(r.name, kwargs=r.kwargs(world) if r.kwargs else None)
        for r in collect_routes() if "pcc_analyst" in (r.get or ()) and not r.public
    ]
    queue, seen, scanned = deque(start), set(start), 0
    while queue and scanned < 300:
        url = queue.popleft()
        response = http.get(url)
        scanned += 1
        if response.status_code != 200:
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        leaked = [s for s in _secrets(world) if s in body]
        assert not leaked, f"{url} shows {leaked}"
        for link in LINK.findall(body):
            path = link.decode().replace("&amp;", "&")
            if path not in seen and not path.startswith(SKIP):
                seen.add(path)
                queue.append(path)
    assert scanned >= 5, scanned
