"""Pages keep a constant number of queries whatever the data (two sizes), and a failed save keeps the input."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from throughcare.models import Aftercare, AftercareSession, PrisonRelease

pytestmark = pytest.mark.django_db
D = datetime.date


def _count(http, url) -> int:
    http.get(url)  # warm up: the first request of a session loads more (session, device)
    with CaptureQueriesContext(connection) as queries:
        assert http.get(url).status_code == 200
    return len(queries)


def _add_release(org, client_of, n):
    for i in range(n):
        PrisonRelease.objects.create(
            client=client_of(), area=org.area, prison="HMP Test", reception_date=D(2025, 1, 6), status="sentenced",
            expected_release_date=D(2025, 7, 20), release_date=D(2025, 6, 20 + i % 5) if i % 2 else None,
            release_type="licence" if i % 2 else "",
        )


def _add_aftercare(org, client_of, n):
    for _ in range(n):
        episode = Aftercare.objects.create(client=client_of(org.treatment), area=org.area, provider=org.provider,
                                           started_on=D(2025, 6, 1))
        AftercareSession.objects.create(episode=episode, on=D(2025, 6, 8), kind="peer_led", attended=True)


def test_community_pages_and_work_queue_use_constant_queries(org, client_of, signed_in, frozen):
    http = signed_in(org.cjit)
    _add_release(org, client_of, 2)
    urls = [reverse("throughcare:release-list"), reverse("dip:home")]
    small = [_count(http, url) for url in urls]
    _add_release(org, client_of, 8)
    assert [_count(http, url) for url in urls] == small


def test_after_care_pages_use_constant_queries(org, client_of, signed_in, frozen):
    http = signed_in(org.worker)
    _add_aftercare(org, client_of, 2)
    urls = [reverse("throughcare:aftercare-list"), reverse("throughcare:group-session", kwargs={"provider_pk": org.provider.pk})]
    small = [_count(http, url) for url in urls]
    _add_aftercare(org, client_of, 8)
    assert [_count(http, url) for url in urls] == small


def test_client_page_timeline_uses_constant_queries(org, client_of, signed_in, frozen):
    person = client_of()
    http = signed_in(org.cjit)
    url = person.get_absolute_url()
    PrisonRelease.objects.create(client=person, area=org.area, prison="HMP A", reception_date=D(2024, 1, 6), status="remand",
                                 release_date=D(2024, 3, 1), release_type="court", first_contact_date=D(2024, 3, 2))
    small = _count(http, url)
    for year in (2022, 2023):
        PrisonRelease.objects.create(client=person, area=org.area, prison="HMP B", reception_date=D(year, 1, 6),
                                     status="sentenced", release_date=D(year, 3, 1), release_type="licence")
    assert _count(http, url) == small


def test_a_refused_step_keeps_what_was_typed_and_names_the_field(org, client_of, signed_in, frozen):
    release = PrisonRelease.objects.create(client=client_of(), area=org.area, prison="HMP Test", reception_date=D(2025, 1, 6),
                                           status="sentenced")
    url = reverse("throughcare:release-step", kwargs={"pk": release.pk, "step": "release"})
    response = signed_in(org.cjit).post(url, {"release_date_0": "5", "release_date_1": "1", "release_date_2": "2025",
                                              "release_type": "licence"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "must not be before reception_date" in page and 'href="#id_release_date' in page
    assert re.search(r'name="release_date_0"[^>]*value="5"', page) and re.search(r'value="licence"[^>]*checked', page)
    junk = signed_in(org.cjit).post(url, {"release_date_0": "99999999999999999999", "release_date_1": "2",
                                          "release_date_2": "2025", "release_type": "nonsense"})
    assert junk.status_code == 400
    release.refresh_from_db()
    assert release.release_date is None


def test_the_prison_period_can_be_corrected_and_keeps_its_rules(org, client_of, signed_in, frozen):
    release = PrisonRelease.objects.create(client=client_of(), area=org.area, prison="HMP Tset", reception_date=D(2025, 1, 6),
                                           status="remand")
    detail = signed_in(org.cjit).get(release.get_absolute_url()).content.decode()
    url = reverse("throughcare:release-step", kwargs={"pk": release.pk, "step": "period"})
    assert f'href="{url}"' in detail
    form = signed_in(org.cjit).get(url).content.decode()
    assert re.search(r'name="prison"[^>]*value="HMP Tset"', form)  # prefilled from the record
    changed = {"prison": "HMP Test", "reception_date_0": "6", "reception_date_1": "1", "reception_date_2": "2025",
               "status": "sentenced", "expected_release_date_0": "1", "expected_release_date_1": "8",
               "expected_release_date_2": "2025"}
    bad = signed_in(org.cjit).post(url, {**changed, "expected_release_date_2": "2024"})
    assert bad.status_code == 400 and "The expected release must not be before the reception" in bad.content.decode()
    release.refresh_from_db()
    assert (release.prison, release.status) == ("HMP Tset", "remand")
    assert signed_in(org.cjit).post(url, changed).status_code == 302
    release.refresh_from_db()
    assert (release.prison, release.status, release.expected_release_date) == ("HMP Test", "sentenced", D(2025, 8, 1))
