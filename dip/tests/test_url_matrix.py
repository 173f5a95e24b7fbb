"""Runs the URL x role matrix declared in the apps' tests/matrix.py modules (see dip/tests/matrix.py)."""

import pytest
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import sign_in
from dip.models import AuditEvent
from dip.tests.matrix import ROLES, collect_routes

ROUTES = collect_routes()
DENIED = {403, 404, 405}
SIGN_IN_PATHS = ("/login/", "/two-factor/")


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            ns = f"{namespace}{item.namespace}:" if item.namespace else namespace
            if ns.startswith("admin:"):
                continue  # Django admin: staff + 2FA, covered by test_admin_needs_staff
            yield from _url_names(item, ns)
        elif isinstance(item, URLPattern) and item.name:
            yield namespace + item.name


def test_every_url_has_a_route():
    declared = {route.name for route in ROUTES}
    missing = sorted(set(_url_names()) - declared)
    assert not missing, f"URLs with no entry in any <app>/tests/matrix.py: {missing}"


@pytest.fixture
def world(db):
    from dip.tests.matrix import build_world

    return build_world()


def _url(route, world, which="kwargs"):
    builder = getattr(route, which)
    return reverse(route.name, kwargs=builder(world) if builder else None)


def _request(http, method, url, route, world):
    if method == "get":
        return http.get(url)
    return http.post(url, route.data(world) if route.data else {})


CASES = [
    pytest.param(route, role, method, id=f"{route.name}-{role}-{method}")
    for route in ROUTES
    for role in ROLES
    for method in ("get", "post")
]


@pytest.mark.parametrize(("route", "role", "method"), CASES)
def test_role_gets_what_the_matrix_says(world, route, role, method):
    http = sign_in(HttpClient(), world.users[role])
    allowed = (route.get if method == "get" else route.post) or set()
    url = _url(route, world)
    before = AuditEvent.objects.count()
    response = _request(http, method, url, route, world)
    if role in allowed:
        assert response.status_code in route.ok, f"{role} {method} {url}: {response.status_code}"
        assert response.status_code != 500
        if response.status_code == 302 and not route.to_sign_in:
            assert not response["Location"].startswith(SIGN_IN_PATHS), response["Location"]
        if route.audited and method == "get":
            assert AuditEvent.objects.count() - before == 1, "an audited page writes exactly one event"
    else:
        assert response.status_code in DENIED, f"{role} {method} {url} should be refused: {response.status_code}"


@pytest.mark.parametrize(
    ("route", "role", "method"),
    [c for c in CASES if c.values[0].other is not None],
)
def test_objects_outside_scope_are_not_found(world, route, role, method):
    http = sign_in(HttpClient(), world.users[role])
    url = _url(route, world, "other")
    response = _request(http, method, url, route, world)
    allowed = (route.get if method == "get" else route.post) or set()
    if role in allowed:
        assert response.status_code == 404, f"{role} {method} {url}: {response.status_code}"
    else:
        assert response.status_code in DENIED


@pytest.mark.parametrize("route", [r for r in ROUTES if not r.public], ids=str)
def test_anonymous_visitors_are_sent_to_sign_in(world, client, route):
    response = client.get(_url(route, world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("dip:login"))


def test_admin_needs_staff(world):
    staff = sign_in(HttpClient(), world.users["sysadmin"])
    worker = sign_in(HttpClient(), world.users["custody_worker"])
    assert staff.get("/admin/").status_code == 200
    assert worker.get("/admin/").status_code == 302  # to the admin login: not staff
