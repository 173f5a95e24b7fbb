"""Constant query counts: each page costs the same with one or many assessments, consents and drafts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.hooks import assessment_entries, drafts_section
from assessments.tests.assessment_fixtures import make_assessment, make_client
from clients import timeline
from clients.models import Consent
from dip import roles


@pytest.fixture
def worker(make_user):
    return make_user(roles.CUSTODY_WORKER)


def _world(area, worker, size):
    """A client with `size` completed assessments and consents, and `size` drafts of other clients."""
    client = make_client(area)
    for i in range(size):
        make_assessment(client, worker, note=f"note {i}")
        Consent.objects.create(client=client, scope="ndtms", decision="given", decided_on=datetime.date(2026, 1, 1 + i))
        make_assessment(make_client(area, family_name=f"Other{i}"), worker, completed=False)
    latest = make_assessment(client, worker)
    draft = make_assessment(client, worker, completed=False)
    return client, latest, draft


def _pages(client, latest, draft):
    return [
        reverse("assessments:assessment-start", kwargs={"client_pk": client.pk}),
        latest.get_absolute_url(),
        draft.get_absolute_url(),
        reverse("assessments:assessment-section", kwargs={"pk": draft.pk, "section": "context"}),
        reverse("assessments:assessment-section", kwargs={"pk": draft.pk, "section": "consent"}),
        reverse("assessments:assessment-section", kwargs={"pk": draft.pk, "section": "notes"}),
        reverse("assessments:assessment-check", kwargs={"pk": draft.pk}),
        reverse("dip:home"),
        client.get_absolute_url(),
    ]


def _counts(http, urls):
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            response = http.get(url)
        assert response.status_code == 200, url
        counts.append(len(ctx))
    return counts


def test_pages_use_a_constant_number_of_queries(signed_in, area, worker, django_assert_max_num_queries):
    http = signed_in(worker)
    http.get(reverse("dip:home"))  # the first request of a session warms per-process caches
    small = _counts(http, _pages(*_world(area, worker, 1)))
    large = _counts(http, _pages(*_world(area, worker, 6)))
    assert small == large, list(zip(_pages(*_world(area, worker, 0)), small, large, strict=True))
    pages = _pages(*_world(area, worker, 2))  # built outside the count: only the page's own queries count
    with django_assert_max_num_queries(25):
        http.get(pages[-3])  # check answers re-validates every section: still bounded


@pytest.mark.parametrize("size", [1, 8])
def test_timeline_and_work_queue_use_one_query(area, worker, django_assert_num_queries, size):
    client, _latest, _draft = _world(area, worker, size)
    worker = type(worker).objects.get(pk=worker.pk)
    worker.role  # noqa: B018 - read once per request
    worker.team  # noqa: B018
    with django_assert_num_queries(1):
        entries = list(assessment_entries(client, worker))
    assert len(entries) == size + 2 and all(isinstance(e, timeline.Entry) for e in entries)
    with django_assert_num_queries(1):
        section = drafts_section(worker)
    assert len(section.items) == size + 1
