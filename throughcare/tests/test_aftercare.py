"""After-care: offered from a successful discharge in one step, prefilled; the spec's rules on both sides;
a group session records attendance for everyone at once; the timeline shows it after the discharge."""

import datetime

import pytest
from django.urls import reverse

from clients.timeline import entries_for
from dip.models import AuditEvent
from referrals.tests.factories import DischargedReferralFactory
from throughcare.models import Aftercare, AftercareSession

pytestmark = pytest.mark.django_db
D = datetime.date


def _date(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@pytest.fixture
def discharged(org, client_of):
    return DischargedReferralFactory(client=client_of(org.treatment), provider=org.provider, area=org.area)


def test_a_successful_discharge_offers_after_care_in_one_step_prefilled(org, discharged, signed_in, frozen):
    http = signed_in(org.worker)
    page = http.get(discharged.get_absolute_url()).content.decode()
    create = reverse("throughcare:aftercare-create", kwargs={"client_pk": discharged.client_id})
    offer = f"{create}?referral={discharged.pk}"
    assert f'href="{offer}"' in page and "Offer after-care" in page
    form = http.get(offer).content.decode()
    assert 'name="started_on_0" value="1"' in form and 'name="started_on_2" value="2025"' in form  # 1 June 2025
    assert f'<option value="{org.provider.pk}" selected>' in form
    response = http.post(offer, {"provider": org.provider.pk, **_date("started_on", D(2025, 6, 1))})
    episode = Aftercare.objects.get()
    assert response.status_code == 302 and response["Location"] == episode.get_absolute_url()
    assert (episode.referral, episode.started_on, episode.area) == (discharged, D(2025, 6, 1), discharged.area)
    assert "Offer after-care" not in http.get(discharged.get_absolute_url()).content.decode()  # offered once


def test_an_unsuccessful_discharge_offers_no_after_care(org, client_of, signed_in):
    referral = DischargedReferralFactory(client=client_of(org.treatment), provider=org.provider,
                                         discharge_reason="incomplete_dropped_out")
    assert "Offer after-care" not in signed_in(org.worker).get(referral.get_absolute_url()).content.decode()


@pytest.mark.parametrize(("started", "ok"), [(D(2025, 6, 1), True), (D(2025, 5, 31), False)])
def test_after_care_starts_on_or_after_the_discharge_on_the_page_and_in_the_import(org, discharged, signed_in, frozen,
                                                                                    started, ok):
    url = reverse("throughcare:aftercare-create", kwargs={"client_pk": discharged.client_id}) + f"?referral={discharged.pk}"
    response = signed_in(org.worker).post(url, {"provider": org.provider.pk, **_date("started_on", started)})
    assert response.status_code == (302 if ok else 400)
    if not ok:
        assert "must not be before the referral&#x27;s discharge_date" in response.content.decode()
        assert 'value="31"' in response.content.decode()  # a failed save keeps what was typed
    episode = Aftercare(client=discharged.client, referral=discharged, started_on=started)
    assert ("started_on" in episode.rule_errors(sessions=[])) is (not ok)


@pytest.mark.parametrize(("fields", "sessions", "errors"), [
    ({"ended_on": D(2025, 6, 30), "end_reason": "completed"}, [D(2025, 6, 1), D(2025, 6, 30)], {}),
    ({"ended_on": D(2025, 6, 30), "end_reason": "completed"}, [D(2025, 7, 1)], {"sessions": ["must not be after ended_on"]}),
    ({}, [D(2025, 5, 31)], {"sessions": ["must not be before started_on"]}),
    ({}, [D(2025, 6, 3), D(2025, 6, 2)], {"sessions": ["must be in date order"]}),
    ({"ended_on": D(2025, 5, 31), "end_reason": "other"}, [], {"ended_on": ["must not be before started_on"]}),
    ({"ended_on": D(2025, 6, 1)}, [], {"end_reason": ["required with ended_on"]}),
    ({"end_reason": "other"}, [], {"end_reason": ["only allowed with ended_on"]}),
])
def test_episode_rules_on_both_sides_of_each_boundary(fields, sessions, errors):
    assert Aftercare(started_on=D(2025, 6, 1), **fields).rule_errors(sessions=sessions) == errors


def test_a_group_session_records_attendance_for_the_whole_group_at_once(org, client_of, signed_in, frozen):
    episodes = [
        Aftercare.objects.create(client=client_of(org.treatment), area=org.area, provider=org.provider, started_on=D(2025, 6, 1))
        for _ in range(3)
    ]
    elsewhere = Aftercare.objects.create(client=client_of(org.treatment), area=org.area, provider=org.other_provider,
                                         started_on=D(2025, 6, 1))
    url = reverse("throughcare:group-session", kwargs={"provider_pk": org.provider.pk})
    http = signed_in(org.worker)
    before = AuditEvent.objects.count()
    response = http.post(url, {**_date("on", D(2025, 6, 30)), "kind": "smart_recovery",
                                                "attended": [episodes[0].pk, episodes[2].pk]})
    assert response.status_code == 302
    rows = sorted(AftercareSession.objects.values_list("episode_id", "kind", "attended"))
    assert rows == [(episodes[0].pk, "smart_recovery", True), (episodes[1].pk, "smart_recovery", False),
                    (episodes[2].pk, "smart_recovery", True)]
    assert not elsewhere.sessions.exists()
    assert AuditEvent.objects.count() - before == 3  # one per client record changed
    late = http.post(url, {**_date("on", D(2025, 5, 31)), "kind": "peer_led"})
    assert late.status_code == 400 and "is not in after-care on that day" in late.content.decode()
    # Another group of the same service: those not in it get no row at all.
    other = http.post(url, {**_date("on", D(2025, 7, 1)), "kind": "peer_led", "attended": [episodes[1].pk],
                            "not_in_group": [episodes[0].pk, episodes[2].pk]})
    assert other.status_code == 302
    assert list(AftercareSession.objects.filter(kind="peer_led").values_list("episode_id", "attended")) == [
        (episodes[1].pk, True)]
    both = http.post(url, {**_date("on", D(2025, 7, 2)), "kind": "peer_led", "attended": [episodes[1].pk],
                           "not_in_group": [episodes[1].pk]})
    assert both.status_code == 400 and "A person who attended is in this group" in both.content.decode()
    assert not AftercareSession.objects.filter(on=D(2025, 7, 2)).exists()


def test_the_timeline_shows_after_care_after_the_discharge(org, discharged):
    Aftercare.objects.create(client=discharged.client, area=org.area, provider=org.provider, referral=discharged,
                             started_on=D(2025, 6, 2))
    kinds = [e.kind for e in entries_for(discharged.client, org.worker)]
    assert kinds.index("After-care") < kinds.index("Discharge")  # newest first: after-care after the discharge


def test_after_care_figures_one_query_each(org, client_of, django_assert_num_queries):
    for started in (D(2025, 4, 1), D(2025, 4, 30), D(2025, 5, 1)):
        episode = Aftercare.objects.create(client=client_of(org.treatment), area=org.area, provider=org.provider,
                                           started_on=started)
        AftercareSession.objects.create(episode=episode, on=started, kind="mutual_aid", attended=started.day == 1)
    with django_assert_num_queries(1):
        assert Aftercare.objects.started_in(D(2025, 4, 1), D(2025, 5, 1)).count() == 2
    with django_assert_num_queries(1):
        assert AftercareSession.objects.attendance_in(D(2025, 4, 1), D(2025, 5, 1)) == {"sessions": 2, "attended": 1}
