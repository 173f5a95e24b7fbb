"""Session limits, sign-out and account disabling (reliability.md SESS-3..5, AUTH-5)."""

import pytest
import time_machine
from django.test import Client

from conftest import sign_in
from dip import roles

pytestmark = pytest.mark.django_db
START = "2026-03-02 08:00 +00:00"


def is_signed_out(response) -> bool:
    return response.status_code == 302 and response.url.startswith("/login/")


@pytest.fixture
def worker_http(make_user):
    return sign_in(Client(), make_user(roles.CUSTODY_WORKER))


def test_idle_for_29_minutes_keeps_the_session_31_ends_it(worker_http):
    with time_machine.travel(START, tick=False) as clock:
        assert worker_http.get("/hello/").status_code == 200
        clock.shift(29 * 60)
        assert worker_http.get("/hello/").status_code == 200
        clock.shift(31 * 60)
        response = worker_http.get("/hello/")
        assert is_signed_out(response) and "timeout=1" in response.url
        clock.shift(1)
        assert is_signed_out(worker_http.get("/hello/"))  # the session is gone, not just this request refused


def test_an_active_session_ends_after_12_hours(worker_http):
    with time_machine.travel(START, tick=False) as clock:
        assert worker_http.get("/hello/").status_code == 200
        for _ in range(12 * 3 - 1):  # a request every 20 minutes for 11 h 40 min
            clock.shift(20 * 60)
            assert worker_http.get("/hello/").status_code == 200
        clock.shift(21 * 60)  # 12 h 1 min after the first request
        assert is_signed_out(worker_http.get("/hello/"))


def test_sign_out_is_a_post_and_the_old_cookie_is_dead(worker_http):
    cookie = worker_http.cookies["sessionid"].value
    response = worker_http.post("/logout/")
    assert response.status_code == 302 and response.url == "/login/"
    replay = Client()
    replay.cookies["sessionid"] = cookie
    assert is_signed_out(replay.get("/hello/"))


def test_a_get_to_sign_out_asks_first_and_signs_nobody_out(worker_http):
    page = worker_http.get("/logout/")
    assert page.status_code == 200
    assert b'<form method="post" action="/logout/"' in page.content
    assert worker_http.get("/hello/").status_code == 200


def test_disabling_an_account_ends_its_sessions(make_user):
    user = make_user(roles.CUSTODY_WORKER)
    first, second = sign_in(Client(), user), sign_in(Client(), user)
    assert first.get("/hello/").status_code == 200
    user.is_active = False
    user.save()
    assert is_signed_out(first.get("/hello/"))
    assert is_signed_out(second.get("/hello/"))
