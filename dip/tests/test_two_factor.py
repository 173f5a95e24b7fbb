"""TOTP enrolment and verification (reliability.md AUTH-2, SESS-2)."""

import pytest
import time_machine
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from dip import roles
from dip.models import AuditEvent
from tests.browser.helpers import PASSWORD, confirmed_device, totp_token

pytestmark = pytest.mark.django_db
NOW = "2026-03-02 09:00:10 +00:00"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def password_only(user) -> Client:
    http = Client()
    response = http.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return http


def test_first_sign_in_enrols_an_authenticator_with_one_code(make_user, clock):
    user = make_user(roles.CUSTODY_WORKER)
    http = password_only(user)
    assert http.get("/").url == "/two-factor/setup/"
    page = http.get("/two-factor/setup/")
    assert page.status_code == 200 and b"<svg" in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert http.get("/two-factor/setup/").context["secret"] == page.context["secret"]  # one device, not one per visit

    wrong = http.post("/two-factor/setup/", {"token": f"{(int(totp_token(device)) + 1) % 1000000:06d}"})
    assert wrong.status_code == 400
    assert b"Enter the current security code" in wrong.content
    device.refresh_from_db()
    assert not device.confirmed
    assert http.get("/").url == "/two-factor/setup/"

    clock.shift(5)  # django-otp throttles for a second after a wrong code
    session_before = http.session.session_key
    done = http.post("/two-factor/setup/", {"token": totp_token(device)})
    assert done.status_code == 302 and done.url == "/"
    device.refresh_from_db()
    assert device.confirmed
    assert http.session.session_key != session_before  # a new session key after the second factor
    assert http.get("/hello/").status_code == 200


def test_enrolled_user_must_give_the_current_code(make_user, clock):
    user = make_user(roles.CUSTODY_WORKER)
    device = confirmed_device(user)
    http = password_only(user)
    assert http.get("/").url == "/two-factor/"
    assert http.get("/two-factor/setup/").url == "/two-factor/"  # no second enrolment with a password alone
    assert http.post("/two-factor/", {"token": "000000" if totp_token(device) != "000000" else "111111"}).status_code == 400
    clock.shift(5)
    assert http.post("/two-factor/", {"token": totp_token(device, offset=-2)}).status_code == 400  # a minute old
    clock.shift(5)
    assert http.post("/two-factor/", {"token": totp_token(device)}).status_code == 302
    assert http.get("/hello/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED, detail__factor="totp").count() == 2


def test_a_code_cannot_be_used_twice(make_user, clock):
    user = make_user(roles.CUSTODY_WORKER)
    device = confirmed_device(user)
    code = totp_token(device)
    assert password_only(user).post("/two-factor/", {"token": code}).status_code == 302
    again = password_only(user).post("/two-factor/", {"token": code})
    assert again.status_code == 400


def test_guessing_codes_is_throttled(make_user, clock):
    user = make_user(roles.CUSTODY_WORKER)
    device = confirmed_device(user)
    http = password_only(user)
    wrong = f"{(int(totp_token(device)) + 500000) % 1000000:06d}"
    for _ in range(4):
        http.post("/two-factor/", {"token": wrong})
    assert http.post("/two-factor/", {"token": totp_token(device)}).status_code == 400  # even the right code, for now
    clock.shift(30)
    assert http.post("/two-factor/", {"token": totp_token(device)}).status_code == 302


def test_next_after_two_factor_stays_on_this_site(make_user, clock):
    user = make_user(roles.CUSTODY_WORKER)
    device = confirmed_device(user)
    http = password_only(user)
    response = http.post("/two-factor/?next=https://evil.example/x", {"token": totp_token(device)})
    assert response.url == "/"
    http = password_only(user)
    clock.shift(30)
    response = http.post("/two-factor/?next=/hello/", {"token": totp_token(device)})
    assert response.url == "/hello/"


def test_password_sign_in_rotates_the_session_key(make_user):
    user = make_user(roles.CUSTODY_WORKER)
    http = Client()
    http.get("/login/")
    http.session.save()
    before = http.session.session_key
    http.post("/login/", {"username": user.username, "password": PASSWORD})
    assert http.session.session_key != before
