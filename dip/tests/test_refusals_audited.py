"""Refused requests are audited (user, path, outcome) and the request's log line names the user
(issue 12, point 5), so that probing for records outside one's scope shows up."""

import logging

import pytest
from django.urls import reverse

from clients.models import Client
from dip import roles
from dip.models import AuditEvent, Team


@pytest.fixture
def elsewhere(other_area):
    return Client.objects.create(given_name="Otto", family_name="Elsewhere", date_of_birth="1985-01-02", sex="M",
                                 area=other_area)


def test_an_out_of_scope_record_is_a_404_that_is_audited_and_logged_with_the_user(signed_in, make_user, elsewhere,
                                                                                    caplog):
    worker = make_user(roles.CUSTODY_WORKER)
    caplog.set_level(logging.INFO, logger="dip.request")
    url = elsewhere.get_absolute_url()
    assert signed_in(worker).get(url).status_code == 404
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.REFUSED)
    assert (event.user, event.username) == (worker, worker.username)
    assert event.detail == {"path": url, "method": "GET", "status": 404}
    assert event.client_id is None  # existence is not revealed, not even in the audit of the refusal
    [line] = [r.getMessage() for r in caplog.records if r.name == "dip.request" and url in r.getMessage()]
    assert line == f"GET {url} 404 user={worker.pk}"


def test_a_forbidden_page_is_audited(signed_in, make_user):
    analyst = make_user(roles.PCC_ANALYST, kind=Team.Kind.PCC)
    url = reverse("clients:client-search")
    assert signed_in(analyst).get(url).status_code == 403
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.REFUSED)
    assert event.user == analyst and event.detail["status"] == 403 and event.detail["path"] == url


def test_pages_that_answer_write_no_refusal(signed_in, make_user):
    worker = make_user(roles.CUSTODY_WORKER)
    assert signed_in(worker).get(reverse("clients:client-search")).status_code == 200
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.REFUSED).exists()


def test_every_request_is_logged_with_the_user_or_a_dash(client, caplog):
    caplog.set_level(logging.INFO, logger="dip.request")
    client.get(reverse("dip:login"))
    assert [r.getMessage() for r in caplog.records if r.name == "dip.request"] == ["GET /login/ 200 user=-"]
