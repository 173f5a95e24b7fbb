"""Sign-in lockout with django-axes (reliability.md AUTH-3, AUTH-4)."""

import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client

from dip import roles
from dip.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


class CountingHasher(MD5PasswordHasher):
    """The test hasher, counting every hash it computes (a real one costs ~372 ms of CPU)."""

    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = ["dip.tests.test_lockout.CountingHasher"]
    CountingHasher.calls = 0
    return CountingHasher


def attempt(username, password, ip="10.0.0.1"):
    return Client(REMOTE_ADDR=ip).post("/login/", {"username": username, "password": password})


def fail_until_locked(username, ip="10.0.0.1"):
    """AXES_FAILURE_LIMIT failures: all but the last are answered with the form, the last locks."""
    statuses = [attempt(username, "wrong password!", ip).status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]


def signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.wsgi_request.session


def test_correct_password_signs_in_before_any_lockout(make_user):
    user = make_user(roles.CUSTODY_WORKER)
    assert signed_in(attempt(user.username, PASSWORD))


def test_locked_account_is_refused_before_the_password_is_hashed(make_user, counting_hasher):
    user = make_user(roles.CUSTODY_WORKER)
    fail_until_locked(user.username)
    assert counting_hasher.calls >= settings.AXES_FAILURE_LIMIT  # the failures were hashed: the counter works
    counting_hasher.calls = 0
    for _ in range(20):
        response = attempt(user.username, PASSWORD)
        assert response.status_code == 429
        assert not signed_in(response)
    assert counting_hasher.calls == 0
    assert b"Your account is locked" in response.content


def test_failures_from_many_addresses_lock_the_account(make_user):
    """Per account, not only per address: a distributed guess still locks the account."""
    user = make_user(roles.CUSTODY_WORKER)
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(user.username, "wrong password!", ip=f"10.1.0.{n + 1}")
    response = attempt(user.username, PASSWORD, ip="10.2.0.1")
    assert response.status_code == 429 and not signed_in(response)


def test_guessing_across_many_accounts_from_one_address_locks_the_address(make_user, counting_hasher):
    """Many different accounts failing from one address locks that address (before any hash), not others."""
    user = make_user(roles.CUSTODY_WORKER)
    for n in range(settings.DIP_LOCKOUT_ADDRESS_ACCOUNTS):
        assert attempt(f"someone{n}", "wrong password!", ip="10.3.0.1").status_code == 200
    counting_hasher.calls = 0
    response = attempt(user.username, PASSWORD, ip="10.3.0.1")
    assert response.status_code == 429 and not signed_in(response)
    assert counting_hasher.calls == 0
    assert signed_in(attempt(user.username, PASSWORD, ip="10.3.0.2"))


def test_colleagues_behind_one_address_are_not_locked_by_each_others_failures(make_user):
    """A custody suite behind NAT: a colleague's locked account, and many typos, lock no one else."""
    colleagues = [make_user(roles.CUSTODY_WORKER) for _ in range(5)]
    fail_until_locked(colleagues[0].username, ip="10.5.0.1")
    for colleague in colleagues[1:]:
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):  # more failures from the address than the limit, in all
            assert attempt(colleague.username, "wrong password!", ip="10.5.0.1").status_code == 200
    for colleague in colleagues[1:]:
        assert signed_in(attempt(colleague.username, PASSWORD, ip="10.5.0.1"))
    assert attempt(colleagues[0].username, PASSWORD, ip="10.5.0.1").status_code == 429


def test_lockout_page_does_not_reveal_whether_the_account_exists(make_user):
    user = make_user(roles.CUSTODY_WORKER)
    fail_until_locked(user.username, ip="10.4.0.1")
    fail_until_locked("no-such-user", ip="10.4.0.2")
    existing = attempt(user.username, PASSWORD, ip="10.4.0.1")
    unknown = attempt("no-such-user", PASSWORD, ip="10.4.0.2")
    assert existing.status_code == unknown.status_code == 429

    def normalise(html: bytes) -> bytes:
        return re.sub(rb'nonce="[^"]+"', b'nonce=""', html)

    assert normalise(existing.content) == normalise(unknown.content)


def test_lockout_ends_after_the_cool_off(make_user):
    user = make_user(roles.CUSTODY_WORKER)
    with time_machine.travel("2026-03-02 09:00 +00:00", tick=False) as traveller:
        fail_until_locked(user.username)
        assert attempt(user.username, PASSWORD).status_code == 429
        traveller.shift(settings.AXES_COOLOFF_TIME.total_seconds() + 60)
        assert signed_in(attempt(user.username, PASSWORD))


def test_failed_sign_ins_are_audited_without_the_password(make_user):
    user = make_user(roles.CUSTODY_WORKER)
    attempt(user.username, "a-secret-guess")
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert event.detail == {"username": user.username}
    assert "a-secret-guess" not in str(event.__dict__)
