"""Referral pages: create (with the open-journey refusal), queue isolation, the manager's view, actions."""

import datetime

import pytest
from django.urls import reverse

from clients import timeline
from clients.models import ClientRelation
from dip.models import AuditEvent
from referrals.models import Referral
from referrals.tests.factories import ClientFactory, ReferralFactory, StartedReferralFactory

pytestmark = pytest.mark.usefixtures("frozen")


def _post_data(provider_obj, **overrides):
    data = {
        "provider": provider_obj.pk,
        "source": "custody_suite",
        "referral_date_0": "30",
        "referral_date_1": "6",
        "referral_date_2": "2025",
        "requested_intervention": "psychosocial",
        "notes": "Keen to start",
        "consent_decision": "given",
    }
    data.update(overrides)
    return data


@pytest.fixture
def client_in_area(org):
    client = ClientFactory(area=org.area, given_name="Rowan")
    ClientRelation.objects.create(client=client, team=org.custody, reason="recorded")
    return client


class TestCreate:
    def test_refer_a_client_and_the_provider_team_can_see_them(self, org, client_in_area, signed_in):
        web = signed_in(org.referrer)
        url = reverse("referrals:referral-create", kwargs={"client_pk": client_in_area.pk})
        response = web.post(url, _post_data(org.provider))
        referral = Referral.objects.get()
        assert response.status_code == 302 and response.url == referral.get_absolute_url()
        assert (referral.status, referral.referring_team, referral.referred_by, referral.area) == (
            "pending",
            org.custody,
            org.referrer,
            org.area,
        )
        assert referral.referral_date == datetime.date(2025, 6, 30)
        assert ClientRelation.objects.filter(client=client_in_area, team=org.treatment, reason="referred_to").exists()
        assert AuditEvent.objects.filter(action="create", object_id=str(referral.pk)).count() == 1
        # the provider worker now sees the client and the referral in the queue
        queue = signed_in(org.worker).get(reverse("referrals:queue"))
        assert "Rowan" in queue.content.decode()

    def test_client_page_links_to_refer(self, org, client_in_area, signed_in):
        page = signed_in(org.referrer).get(client_in_area.get_absolute_url()).content.decode()
        assert reverse("referrals:referral-create", kwargs={"client_pk": client_in_area.pk}) in page

    def test_a_second_pending_referral_to_the_same_provider_is_refused_on_the_page(self, org, client_in_area, signed_in):
        """The database allows it (imported data, issue 8); a new referral made on a page does not."""
        ReferralFactory(client=client_in_area, provider=org.provider)
        response = signed_in(org.referrer).post(
            reverse("referrals:referral-create", kwargs={"client_pk": client_in_area.pk}), _post_data(org.provider)
        )
        assert response.status_code == 400
        assert "already has an open referral or treatment journey with Harbour service" in response.content.decode()
        assert Referral.objects.filter(client=client_in_area).count() == 1

    def test_open_journey_with_same_provider_is_refused_with_a_message(self, org, client_in_area, signed_in):
        StartedReferralFactory(client=client_in_area, provider=org.provider)
        response = signed_in(org.referrer).post(
            reverse("referrals:referral-create", kwargs={"client_pk": client_in_area.pk}), _post_data(org.provider)
        )
        assert response.status_code == 400
        body = response.content.decode()
        assert "already has an open referral or treatment journey with Harbour service" in body
        assert "govuk-error-summary" in body and "Keen to start" in body  # what was typed is kept
        assert Referral.objects.count() == 1

    def test_another_provider_is_fine_and_a_discharged_journey_does_not_block(self, org, client_in_area, signed_in):
        StartedReferralFactory(
            client=client_in_area,
            provider=org.provider,
            discharge_date=datetime.date(2025, 6, 1),
            discharge_reason="incomplete_dropped_out",
        )
        web = signed_in(org.referrer)
        url = reverse("referrals:referral-create", kwargs={"client_pk": client_in_area.pk})
        assert web.post(url, _post_data(org.provider)).status_code == 302
        assert web.post(url, _post_data(org.other_provider)).status_code == 302

    @pytest.mark.parametrize(
        "overrides",
        [
            {"referral_date_0": "31", "referral_date_1": "2"},
            {"referral_date_2": "99999999999999999999999"},
            {"referral_date_0": "x"},
            {"referral_date_0": "2", "referral_date_1": "7"},  # tomorrow
            {"provider": "999999999999999999999"},
            {"provider": "abc"},
            {"source": "carrier_pigeon"},
            {"notes": "x" * 5000},
            {"referral_date_0": "", "referral_date_1": "", "referral_date_2": ""},
        ],
    )
    def test_junk_is_a_400_with_an_error_summary(self, overrides, org, client_in_area, signed_in):
        response = signed_in(org.referrer).post(
            reverse("referrals:referral-create", kwargs={"client_pk": client_in_area.pk}), _post_data(org.provider, **overrides)
        )
        assert response.status_code == 400
        assert "govuk-error-summary" in response.content.decode()
        assert not Referral.objects.exists()

    def test_dpo_cannot_refer(self, org, client_in_area, signed_in, make_user):
        dpo = make_user("Data protection officer", kind="pcc", in_area=org.area)
        response = signed_in(dpo).get(reverse("referrals:referral-create", kwargs={"client_pk": client_in_area.pk}))
        assert response.status_code == 403


class TestQueueIsolation:
    def test_provider_team_sees_only_referrals_addressed_to_it(self, org, client_in_area, signed_in):
        mine = ReferralFactory(client=client_in_area, provider=org.provider)
        theirs = ReferralFactory(client=client_in_area, provider=org.other_provider)
        for team in (org.treatment, org.other_treatment):
            ClientRelation.objects.create(client=client_in_area, team=team, reason="referred_to")
        web = signed_in(org.worker)
        assert web.get(mine.get_absolute_url()).status_code == 200
        assert web.get(theirs.get_absolute_url()).status_code == 404
        assert web.get(reverse("referrals:referral-action", kwargs={"pk": theirs.pk, "action": "accept"})).status_code == 404
        queue = web.get(reverse("referrals:queue")).content.decode()
        assert mine.get_absolute_url() in queue and theirs.get_absolute_url() not in queue
        # the client's timeline for this worker shows only the referral to its own service
        entries = timeline.entries_for(client_in_area, org.worker)
        assert [e.title for e in entries if e.kind == "Referral"] == ["Referred to Harbour service"]

    def test_referrer_sees_status_changes(self, org, client_in_area, signed_in):
        referral = ReferralFactory(client=client_in_area, provider=org.provider, referring_team=org.custody)
        ClientRelation.objects.create(client=client_in_area, team=org.treatment, reason="referred_to")
        worker = signed_in(org.worker)
        accept = reverse("referrals:referral-action", kwargs={"pk": referral.pk, "action": "accept"})
        assert worker.post(accept).status_code == 302
        listing = signed_in(org.referrer).get(reverse("referrals:referral-list")).content.decode()
        assert "Accepted, awaiting start" in listing
        detail = signed_in(org.referrer).get(referral.get_absolute_url()).content.decode()
        assert "Accepted, awaiting start" in detail and org.worker.get_full_name() in detail


class TestActions:
    def test_discharge_form_errors_keep_input(self, org, client_in_area, signed_in):
        referral = StartedReferralFactory(client=client_in_area, provider=org.provider)
        ClientRelation.objects.create(client=client_in_area, team=org.treatment, reason="referred_to")
        url = reverse("referrals:referral-action", kwargs={"pk": referral.pk, "action": "discharge"})
        response = signed_in(org.worker).post(url, {"on_0": "1", "on_1": "4", "on_2": "2025", "reason": "incomplete_died"})
        assert response.status_code == 400
        body = response.content.decode()
        assert "on or after the treatment start" in body and 'value="2025"' in body
        referral.refresh_from_db()
        assert referral.discharge_date is None

    def test_refused_action_page_says_why(self, org, client_in_area, signed_in):
        referral = StartedReferralFactory(client=client_in_area, provider=org.provider)
        ClientRelation.objects.create(client=client_in_area, team=org.treatment, reason="referred_to")
        response = signed_in(org.worker).post(
            reverse("referrals:referral-action", kwargs={"pk": referral.pk, "action": "accept"})
        )
        assert response.status_code == 400
        assert "cannot be changed that way" in response.content.decode()

    def test_unknown_action_is_404(self, org, client_in_area, signed_in):
        referral = ReferralFactory(client=client_in_area, provider=org.provider)
        assert signed_in(org.worker).get(f"/referrals/{referral.pk}/explode/").status_code == 404


class TestAreaView:
    def test_sorted_by_days_waiting_and_filtered(self, org, signed_in):
        old = ReferralFactory(
            client__area=org.area, provider=org.provider, referral_date=datetime.date(2025, 5, 1), source="court"
        )
        new = ReferralFactory(client__area=org.area, provider=org.other_provider, referral_date=datetime.date(2025, 6, 25))
        for r in (old, new):
            ClientRelation.objects.create(client=r.client, team=org.custody, reason="recorded")
        started = StartedReferralFactory(client__area=org.area, provider=org.provider)  # not waiting any more
        web = signed_in(org.manager)
        url = reverse("referrals:area-open")
        body = web.get(url).content.decode()
        assert body.index(old.get_absolute_url()) < body.index(new.get_absolute_url())
        assert started.get_absolute_url() not in body
        assert 'data-wait-band="red"' in body  # 61 days
        body = web.get(url, {"provider": org.other_provider.pk}).content.decode()
        assert new.get_absolute_url() in body and old.get_absolute_url() not in body
        body = web.get(url, {"source": "court"}).content.decode()
        assert old.get_absolute_url() in body and new.get_absolute_url() not in body

    @pytest.mark.parametrize(
        "query", [{"provider": "junk"}, {"provider": "99999999999999999999"}, {"source": "x"}, {"page": "-1"}]
    )
    def test_junk_filters_never_500(self, query, org, signed_in):
        response = signed_in(org.manager).get(reverse("referrals:area-open"), query)
        assert response.status_code in (200, 400)


def _make_referrals(org, n):
    for _ in range(n):
        r = ReferralFactory(client__area=org.area, provider=org.provider, referring_team=org.custody)
        ClientRelation.objects.create(client=r.client, team=org.custody, reason="recorded")
        ClientRelation.objects.create(client=r.client, team=org.treatment, reason="referred_to")


@pytest.mark.parametrize(
    ("url_name", "who"),
    [
        ("referrals:referral-list", "referrer"),
        ("referrals:queue", "worker"),
        ("referrals:area-open", "manager"),
        ("dip:home", "worker"),
    ],
)
def test_constant_query_count(url_name, who, org, signed_in, django_assert_max_num_queries):
    web = signed_in(getattr(org, who))
    _make_referrals(org, 2)
    web.get(reverse(url_name))  # warm caches (role, session)
    with django_assert_max_num_queries(14) as small:
        assert web.get(reverse(url_name)).status_code == 200
    _make_referrals(org, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert web.get(reverse(url_name)).status_code == 200


def test_detail_and_timeline_query_count(org, client_in_area, signed_in, django_assert_max_num_queries):
    referral = StartedReferralFactory(client=client_in_area, provider=org.provider, referring_team=org.custody)
    web = signed_in(org.referrer)
    web.get(referral.get_absolute_url())
    with django_assert_max_num_queries(32) as small:  # two pages: the referral and the client page
        web.get(referral.get_absolute_url())
        web.get(client_in_area.get_absolute_url())
    for _ in range(5):
        Referral.objects.filter(pk=referral.pk).update(notes="changed")  # more history rows
        ReferralFactory(client=client_in_area, provider=org.other_provider, status="withdrawn")
    with django_assert_max_num_queries(len(small.captured_queries)):
        web.get(referral.get_absolute_url())
        web.get(client_in_area.get_absolute_url())


@pytest.mark.parametrize(
    "path",
    [
        "/referrals/99999999999999999999999/",
        "/referrals/99999999999999999999999/accept/",
        "/referrals/new/99999999999999999999999/",
        "/referrals/?page=99999999999999999999999",
        "/referrals/?page=abc",
    ],
)
def test_huge_and_junk_ids_are_not_500(path, org, signed_in):
    assert signed_in(org.worker).get(path).status_code in (200, 404)


@pytest.mark.parametrize(
    "data",
    [
        {"on_0": "99999999999999999999", "on_1": "1", "on_2": "2025"},
        {"on_0": "1", "on_1": "13", "on_2": "2025"},
        {"on_0": "", "on_1": "", "on_2": ""},
        {"on_0": "1", "on_1": "1", "on_2": "0001"},
    ],
)
def test_junk_start_dates_are_400(data, org, client_in_area, signed_in):
    from referrals.tests.factories import AcceptedReferralFactory

    referral = AcceptedReferralFactory(client=client_in_area, provider=org.provider)
    ClientRelation.objects.create(client=client_in_area, team=org.treatment, reason="referred_to")
    response = signed_in(org.worker).post(
        reverse("referrals:referral-action", kwargs={"pk": referral.pk, "action": "start"}), data
    )
    assert response.status_code == 400 and "govuk-error-summary" in response.content.decode()
    referral.refresh_from_db()
    assert referral.stage == "accepted"
