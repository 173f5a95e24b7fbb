"""The client's timeline: date-only events are dates, ordered by day and then by when they were recorded;
consent decisions and access grants are on it, in a constant number of queries."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from clients import timeline
from clients.hooks import access_grant_entries, consent_entries
from clients.models import AccessGrant, Client, ClientRelation, Consent
from clients.services import access_break_glass, consent_record
from dip import roles

UTC = datetime.UTC


def _entry(at, title, recorded_at=None):
    return timeline.Entry(at=at, kind="Test", title=title, recorded_at=recorded_at)


def test_date_only_events_sit_in_their_day_by_when_they_were_recorded(monkeypatch):
    day = datetime.date(2025, 6, 30)
    rows = [
        _entry(datetime.datetime(2025, 6, 30, 8, tzinfo=UTC), "timed 09:00 BST"),
        _entry(datetime.datetime(2025, 6, 30, 14, tzinfo=UTC), "timed 15:00 BST"),
        _entry(day, "date-only, recorded 11:00 UTC", recorded_at=datetime.datetime(2025, 6, 30, 11, tzinfo=UTC)),
        _entry(datetime.date(2025, 6, 29), "the day before, recorded the next week",
               recorded_at=datetime.datetime(2025, 7, 7, 11, tzinfo=UTC)),
        _entry(datetime.datetime(2025, 6, 30, 23, 30, tzinfo=UTC), "00:30 BST on 1 July"),
    ]
    monkeypatch.setattr(timeline, "PROVIDERS", [lambda client, user: rows])
    assert [e.title for e in timeline.entries_for(None, None)] == [
        "00:30 BST on 1 July", "timed 15:00 BST", "date-only, recorded 11:00 UTC", "timed 09:00 BST",
        "the day before, recorded the next week",
    ]


@pytest.fixture
def worker(make_user):
    return make_user(roles.CUSTODY_WORKER)


@pytest.fixture
def person(area, worker):
    client = Client.objects.create(given_name="Ada", family_name="Example", date_of_birth="1980-01-02", sex="F", area=area)
    ClientRelation.objects.create(client=client, team=worker.team, reason="recorded")
    return client


def test_the_page_shows_a_date_only_event_as_a_date(person, worker, signed_in):
    with time_machine.travel(datetime.datetime(2025, 7, 1, 11, tzinfo=UTC), tick=False):
        consent_record(user=worker, client=person, scope="ndtms", decision="given", decided_on=datetime.date(2025, 6, 30))
        page = signed_in(worker).get(person.get_absolute_url()).content.decode()
    assert "30 June 2025 · Consent" in page
    assert "30 June 2025 00:00" not in page and "01 " not in page.split("Timeline")[1]


def _queries(provider, person, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    provider(person, user)  # warm: the user's team and area are read once per request, not per provider call
    with CaptureQueriesContext(connection) as context:
        entries = provider(person, user)
    return len(context), entries


def test_consent_decisions_are_on_the_timeline_in_constant_queries(person, worker):
    consent_record(user=worker, client=person, scope="share_with_treatment", decision="refused",
                   decided_on=datetime.date(2025, 6, 2))
    one, _ = _queries(consent_entries, person, worker)
    consent_record(user=worker, client=person, scope="ndtms", decision="given", decided_on=datetime.date(2025, 6, 3))
    two, entries = _queries(consent_entries, person, worker)
    assert one == two <= 2
    assert sorted(e.title for e in entries) == ["Reporting to NDTMS: given", "Sharing with treatment providers: refused"]
    assert all(not e.has_time for e in entries)
    assert Consent.objects.count() == 2


def test_access_grants_are_shown_to_the_manager_and_the_grantee(area, person, make_user):
    outsider = make_user(roles.CUSTODY_WORKER)
    manager = make_user(roles.TEAM_MANAGER)
    bystander = make_user(roles.CUSTODY_WORKER)
    access_break_glass(user=outsider, client=person, reason=AccessGrant.Reason.ARRESTED_HERE, detail="Arrested in Poole")
    one, _ = _queries(access_grant_entries, person, manager)
    access_break_glass(user=outsider, client=person, reason=AccessGrant.Reason.TRANSFER, detail="Moving here")
    two, seen = _queries(access_grant_entries, person, manager)
    assert one == two <= 2
    seen = [e for e in seen if "Poole" in e.detail]
    assert [e.title for e in seen] == [f"Emergency access by {outsider.get_full_name() or outsider.username}"]
    assert seen[0].detail == "Arrested or detained in this area: Arrested in Poole"
    assert seen[0].url == reverse("clients:client-access", kwargs={"pk": person.pk})
    assert len(access_grant_entries(person, outsider)) == 2
    assert access_grant_entries(person, bystander) == []
    assert any(e.kind == "Access" for e in timeline.entries_for(person, manager))
