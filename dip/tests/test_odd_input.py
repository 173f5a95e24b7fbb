"""No 500 on odd input to the sign-in and two-factor pages (reliability.md WEB-3, LOG-5)."""

import pytest
from django.test import Client

from conftest import sign_in
from dip import roles
from dip.models import AuditEvent
from tests.browser.helpers import confirmed_device

pytestmark = pytest.mark.django_db

ODD = ["a\x00b", "x" * 10_000, "O'Neill\r\nFAKE LOG LINE", "😀" * 200, "", " ", "%00", "<script>alert(1)</script>",
       "../../etc/passwd"]


@pytest.mark.parametrize("value", ODD, ids=range(len(ODD)))
def test_sign_in_page_never_fails(value, make_user):
    user = make_user(roles.CUSTODY_WORKER)
    http = Client(raise_request_exception=False)
    for data in (
        {"username": value, "password": value},
        {"username": user.username, "password": value},
        {"username": value},
        {"username": [value, user.username], "password": [value, value]},
    ):
        response = http.post("/login/", data)
        assert response.status_code in (200, 400), response.status_code
        assert "_auth_user_id" not in http.session
    assert http.get("/login/", {"next": value}).status_code == 200


@pytest.mark.parametrize("value", ODD, ids=range(len(ODD)))
def test_two_factor_pages_never_fail(value, make_user):
    user = make_user(roles.CUSTODY_WORKER)
    http = Client(raise_request_exception=False)
    http.force_login(user)
    assert http.post("/two-factor/setup/", {"token": value}).status_code == 400
    confirmed_device(user)
    assert http.post("/two-factor/", {"token": value}, QUERY_STRING=f"next={value}").status_code == 400
    assert http.post("/two-factor/", {"token": [value, "123456"]}).status_code == 400
    assert http.get("/").url == "/two-factor/"  # still not signed in


def test_an_over_long_username_is_refused_before_authentication(make_user):
    response = Client().post("/login/", {"username": "x" * 151, "password": "anything at all"})
    assert response.status_code == 200 and b"at most 150 characters" in response.content
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).exists()


def test_odd_ids_in_urls_are_not_found(make_user):
    http = sign_in(Client(raise_request_exception=False), make_user(roles.CUSTODY_WORKER))
    for path in ["/clients/99999999999999999999/", "/clients/-1/", "/clients/%00/", "/admin/otp_totp/totpdevice/x/change/"]:
        assert http.get(path).status_code in (302, 404)
