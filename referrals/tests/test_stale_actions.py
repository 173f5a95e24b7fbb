"""A referral action met after the referral moved on (the Back button, a second tab, a bookmark) answers with
the action page and a clear message, changes nothing and writes one audit event: never a 500."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clients.models import ClientRelation
from dip.models import AuditEvent
from referrals import services
from referrals.models import Referral
from referrals.tests.factories import AcceptedReferralFactory, ClientFactory, ReferralFactory, StartedReferralFactory

pytestmark = pytest.mark.usefixtures("frozen")

POSTED = {
    "accept": {},
    "decline": {"reason": "No capacity"},
    "start": {"on_0": "30", "on_1": "6", "on_2": "2025"},
    "withdraw": {},
}


@pytest.fixture
def moved_on(org):
    """A referral already in treatment, seen by its provider's team and its referring team."""
    client = ClientFactory(area=org.area)
    ClientRelation.objects.create(client=client, team=org.custody, reason="recorded")
    ClientRelation.objects.create(client=client, team=org.treatment, reason="referred_to")
    return StartedReferralFactory(client=client, provider=org.provider, referring_team=org.custody)


def _actor(org, action):
    return org.referrer if action == "withdraw" else org.worker


@pytest.mark.parametrize("action", list(POSTED))
@pytest.mark.parametrize("method", ["get", "post"])
def test_moved_on_referral_answers_with_the_page_and_a_message(action, method, org, moved_on, signed_in):
    web = signed_in(_actor(org, action))
    web.raise_request_exception = False
    before = Referral.objects.values().get(pk=moved_on.pk)
    events = AuditEvent.objects.count()
    url = reverse("referrals:referral-action", kwargs={"pk": moved_on.pk, "action": action})

    response = web.get(url) if method == "get" else web.post(url, POSTED[action])

    assert response.status_code == (200 if method == "get" else 400)
    body = response.content.decode()
    assert "This referral is now in treatment: it cannot be changed that way. Nothing was changed." in body
    assert "govuk-error-summary" in body
    assert 'method="post" novalidate' not in body  # no button to press again
    assert moved_on.get_absolute_url() in body
    assert Referral.objects.values().get(pk=moved_on.pk) == before
    assert AuditEvent.objects.count() == events + 1


def test_second_tab_accept_after_accept_is_refused_with_the_message(org, signed_in):
    client = ClientFactory(area=org.area)
    ClientRelation.objects.create(client=client, team=org.treatment, reason="referred_to")
    referral = ReferralFactory(client=client, provider=org.provider)
    web = signed_in(org.worker)
    url = reverse("referrals:referral-action", kwargs={"pk": referral.pk, "action": "accept"})
    assert web.get(url).status_code == 200  # both tabs show the button
    assert web.post(url, {}).status_code == 302
    again = web.post(url, {})  # the second tab
    assert again.status_code == 400
    assert "This referral is now accepted, awaiting start" in again.content.decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_id=str(referral.pk)).count() == 1


def test_decline_reason_typed_is_kept_when_the_service_refuses(org, signed_in, monkeypatch):
    """A rule the service finds (here a race: the referral moved on after the page checked) goes on the form."""
    client = ClientFactory(area=org.area)
    ClientRelation.objects.create(client=client, team=org.treatment, reason="referred_to")
    referral = AcceptedReferralFactory(client=client, provider=org.provider)

    def refuse(**kwargs):
        raise ValidationError({"reason": "Say more", "on": "Not a field of this form"})

    monkeypatch.setattr(services, "referral_transition", refuse)
    url = reverse("referrals:referral-action", kwargs={"pk": referral.pk, "action": "decline"})
    response = signed_in(org.worker).post(url, {"reason": "Typed by the worker"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Say more" in body and "Not a field of this form" in body and "Typed by the worker" in body


class TestServicesWithoutARequest:
    def test_transition_audits_itself(self, org):
        referral = ReferralFactory(provider=org.provider)
        done = services.referral_transition(user=org.worker, referral=referral, action="accept")
        event = AuditEvent.objects.get()
        assert done.stage == "accepted"
        assert (event.user, event.action, event.client_id) == (org.worker, AuditEvent.Action.UPDATE, referral.client_id)
        assert event.detail == {"action": "accept", "from": "awaiting_decision", "to": "accepted"}

    def test_transition_refuses_a_moved_on_referral_without_change_or_audit(self, org):
        referral = StartedReferralFactory(provider=org.provider)
        with pytest.raises(ValidationError, match="it cannot be changed that way"):
            services.referral_transition(user=org.worker, referral=referral, action="accept")
        assert not AuditEvent.objects.exists()

    def test_create_audits_and_names_the_field_of_a_rule(self, org):
        from clients.models import Consent

        client = ClientFactory(area=org.area)
        Consent.objects.create(client=client, scope="share_with_treatment", decision="given",
                               decided_on=datetime.date(2025, 6, 1))
        referral = services.referral_create(user=org.referrer, client=client, provider=org.provider,
                                            source="court", referral_date=datetime.date(2025, 6, 30))
        event = AuditEvent.objects.get()
        assert (event.user, event.action, event.object_id) == (org.referrer, AuditEvent.Action.CREATE, str(referral.pk))
        with pytest.raises(ValidationError) as excinfo:
            services.referral_create(user=org.referrer, client=client, provider=org.provider, source="court",
                                     referral_date=datetime.date(2025, 6, 30))
        assert "provider" in excinfo.value.message_dict
        with pytest.raises(ValidationError) as excinfo:
            services.referral_create(user=org.referrer, client=client, provider=org.other_provider, source="court",
                                     referral_date=datetime.date(2025, 7, 2))
        assert "referral_date" in excinfo.value.message_dict
        assert AuditEvent.objects.count() == 1
