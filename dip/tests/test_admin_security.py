"""Django admin: no second sign-in path, 2FA applies, and TOTP secrets are never shown (reliability.md CFG-4)."""

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import sign_in
from dip import roles
from tests.browser.helpers import PASSWORD, confirmed_device

pytestmark = pytest.mark.django_db


@pytest.fixture
def sysadmin(make_user):
    user = make_user(roles.SYSADMIN)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_admin_sign_in_page_sends_people_to_ours(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response.url == "/login/?next=%2Fadmin%2F"
    assert client.get("/admin/").url.startswith("/admin/login/")  # and from there to ours
    assert client.get("/admin/login/?next=https://evil.example/").url == "/login/"


def test_admin_sign_in_form_cannot_sign_anyone_in(client, sysadmin):
    response = client.post("/admin/login/", {"username": sysadmin.username, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302 and response.url.startswith("/login/")
    assert "_auth_user_id" not in client.session


def test_admin_needs_the_second_factor(sysadmin):
    http = Client()
    http.force_login(sysadmin)
    confirmed_device(sysadmin)
    assert http.get("/admin/").url == "/two-factor/"
    assert sign_in(Client(), sysadmin).get("/admin/").status_code == 200


def test_admin_never_shows_a_totp_secret(sysadmin, make_user):
    device = confirmed_device(make_user(roles.CUSTODY_WORKER))
    http = sign_in(Client(), sysadmin)
    secret = device.key.encode()
    pages = [
        "/admin/otp_totp/totpdevice/",
        f"/admin/otp_totp/totpdevice/{device.pk}/change/",
        f"/admin/otp_totp/totpdevice/{device.pk}/config/",
        f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/",
    ]
    responses = [http.get(page, follow=True) for page in pages]
    assert [r.status_code for r in responses[:2]] == [200, 200]
    for response in responses:
        assert secret not in response.content and b"otpauth://" not in response.content
    with pytest.raises(NoReverseMatch):
        reverse("admin:otp_totp_totpdevice_config", args=[device.pk])
    assert http.get("/admin/otp_totp/totpdevice/add/").status_code == 403


def test_admin_can_reset_a_users_second_factor(sysadmin, make_user):
    device = confirmed_device(make_user(roles.CUSTODY_WORKER))
    http = sign_in(Client(), sysadmin)
    response = http.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
