"""Deny by default: a short, frozen list of public pages, and 2FA skipping only for demo accounts (AC-5, AUTH-2)."""

import pytest
from django.test import Client

from conftest import sign_in
from dip import roles
from dip.checks import demo_two_factor_skip
from dip.tests.matrix import collect_routes
from tests.browser.helpers import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_public_pages_are_exactly_these():
    assert {route.name for route in collect_routes() if route.public} == {"dip:login", "dip:health", "dip:admin-login"}


@pytest.mark.parametrize("skip", [True, False])
def test_only_demo_accounts_skip_two_factor_and_only_when_switched_on(settings, make_user, skip):
    settings.DIP_DEMO_SKIP_2FA = skip
    demo, real = make_user(roles.CUSTODY_WORKER), make_user(roles.CUSTODY_WORKER)
    demo.is_demo = True
    demo.save()
    for user, reaches in [(demo, skip), (real, False)]:
        http = Client()
        http.post("/login/", {"username": user.username, "password": PASSWORD})
        assert (http.get("/hello/").status_code == 200) is reaches


def test_deploy_check_warns_when_demo_skip_is_on(settings):
    settings.DIP_DEMO_SKIP_2FA = True
    assert [w.id for w in demo_two_factor_skip(None)] == ["dip.W001"]
    settings.DIP_DEMO_SKIP_2FA = False
    assert demo_two_factor_skip(None) == []


def test_sign_in_never_redirects_off_site(make_user):
    user = make_user(roles.CUSTODY_WORKER)
    for target in ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"]:
        response = Client().post(f"/login/?next={target}", {"username": user.username, "password": PASSWORD, "next": target})
        assert response.status_code == 302 and response.url == "/", (target, response.url)
    assert sign_in(Client(), user).get("/login/?next=https://evil.example/").url == "/"
