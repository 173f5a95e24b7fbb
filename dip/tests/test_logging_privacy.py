"""No passwords, codes, names or dates of birth in log output (reliability.md LOG-4, LOG-5)."""

import logging

import pytest
from django.test import Client

from conftest import sign_in
from dip import roles
from tests.browser.helpers import confirmed_device

pytestmark = pytest.mark.django_db
SECRETS = ["Hunter2-Secret-Guess", "Quixote-Smithers", "Zebedee", "1987-11-23", "23/11/1987", "000000"]


def all_log_text(caplog) -> str:
    return "\n".join(f"{r.name} {r.getMessage()} {r.args!r} {getattr(r, 'request', '')}" for r in caplog.records)


def test_sign_in_and_search_leave_no_secrets_or_search_terms_in_logs(caplog, make_user):
    caplog.set_level(logging.DEBUG)
    user = make_user(roles.CUSTODY_WORKER)
    anonymous = Client(raise_request_exception=False)
    anonymous.post("/login/", {"username": user.username, "password": SECRETS[0]})
    for _ in range(12):  # on to lockout, which axes logs
        anonymous.post("/login/", {"username": user.username, "password": SECRETS[0]})
    http = Client(raise_request_exception=False)
    http.post("/login/", {"username": "other", "password": "x"})
    http.force_login(user)
    confirmed_device(user)
    http.post("/two-factor/", {"token": SECRETS[5]})
    worker = sign_in(Client(raise_request_exception=False), make_user(roles.CUSTODY_WORKER, in_area=user.team.area))
    terms = {"q": f"{SECRETS[2]} {SECRETS[1]}", "name": SECRETS[1], "given_name": SECRETS[2], "family_name": SECRETS[1],
             "date_of_birth": SECRETS[3], "dob": SECRETS[4]}
    worker.post("/clients/", terms)
    assert caplog.records, "nothing was logged: the capture is not working"
    text = all_log_text(caplog)
    leaked = [secret for secret in SECRETS if secret in text]
    assert not leaked, f"found in log output: {leaked}"


def test_log_lines_cannot_be_forged_through_a_username(caplog):
    """LOG-5: a CR/LF in a username does not start a new log line."""
    caplog.set_level(logging.DEBUG)
    Client().post("/login/", {"username": "mallory\r\n2026-01-01 INFO forged line", "password": "x"})
    for record in caplog.records:
        assert "\n2026-01-01 INFO forged" not in record.getMessage()
