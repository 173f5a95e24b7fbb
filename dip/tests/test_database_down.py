"""PostgreSQL unreachable (reliability.md DEG): pages answer a clear 503 with Retry-After, never a 500 or a stack
trace, and the same process serves normally as soon as the database is back (no restart)."""

import socket

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from conftest import sign_in
from dip import roles


def _closed_port() -> int:
    with socket.socket() as probe:  # a port nothing listens on once this closes
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db(transaction=True)  # the request must open its own connection to a database that is gone
def test_a_page_answers_503_while_the_database_is_unreachable_and_recovers_without_restart(make_user):
    http = sign_in(Client(raise_request_exception=False), make_user(roles.CUSTODY_WORKER))
    home = reverse("dip:home")
    assert http.get(home).status_code == 200
    settings = connection.settings_dict
    saved = settings["HOST"], settings["PORT"]
    connection.close()
    settings["HOST"], settings["PORT"] = "127.0.0.1", _closed_port()
    try:
        down = http.get(home)
        down_post = http.post(reverse("clients:client-search"), {"name": "Smith"})
    finally:
        connection.close()
        settings["HOST"], settings["PORT"] = saved
    for response in (down, down_post):
        page = response.content.decode()
        assert response.status_code == 503, page[:300]
        assert response["Retry-After"] == "30" and "Sorry, the service is unavailable" in page
        assert "Traceback" not in page and "OperationalError" not in page
    assert http.get(home).status_code == 200  # back: the same process reconnects
