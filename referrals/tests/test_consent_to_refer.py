"""A referral shares the client's record with a treatment provider: only with their consent to that sharing
in force, or a recorded legal basis (reference/domain.md 6.2). Making one asks for the decision when none
is in force, and records the answer as a consent decision (the one rule: clients.consent.in_force)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clients.models import ClientRelation, Consent
from referrals import services
from referrals.models import Referral
from referrals.tests.factories import ClientFactory

pytestmark = pytest.mark.usefixtures("frozen")

SHARE = Consent.Scope.SHARE_WITH_TREATMENT
QUESTION = "Does the client agree to their information being shared with the treatment provider?"


@pytest.fixture
def client_in_area(org):
    client = ClientFactory(area=org.area, given_name="Rowan")
    ClientRelation.objects.create(client=client, team=org.custody, reason="recorded")
    return client


def _data(org, **overrides):
    data = {"provider": org.provider.pk, "source": "custody_suite", "referral_date_0": "30",
            "referral_date_1": "6", "referral_date_2": "2025", "requested_intervention": "psychosocial"}
    return {**data, **overrides}


def _create(org, client, **kwargs):
    return services.referral_create(user=org.referrer, client=client, provider=org.provider, source="court",
                                    referral_date=datetime.date(2025, 6, 30), **kwargs)


def _decide(client, decision, on, scope=SHARE):
    return Consent.objects.create(client=client, scope=scope, decision=decision, decided_on=on)


class TestService:
    def test_no_decision_in_force_stops_the_referral(self, org, client_in_area):
        _decide(client_in_area, "given", datetime.date(2025, 6, 1), scope=Consent.Scope.NDTMS)  # another scope
        with pytest.raises(ValidationError) as excinfo:
            _create(org, client_in_area)
        assert "consent_decision" in excinfo.value.message_dict
        assert not Referral.objects.exists()

    def test_a_refusal_in_force_stops_it_and_says_when(self, org, client_in_area):
        _decide(client_in_area, "given", datetime.date(2025, 5, 1))
        _decide(client_in_area, "refused", datetime.date(2025, 6, 2))  # the later decision is in force
        with pytest.raises(ValidationError) as excinfo:
            _create(org, client_in_area)
        message = excinfo.value.message_dict["consent_decision"][0]
        assert "refused sharing with treatment providers on 2 June 2025" in message
        assert "not sent" in message

    def test_a_legal_basis_with_details_lets_it_go_without_consent(self, org, client_in_area):
        _decide(client_in_area, "withdrawn", datetime.date(2025, 6, 2))
        with pytest.raises(ValidationError) as excinfo:
            _create(org, client_in_area, legal_basis="safeguarding", legal_basis_detail="  ")
        assert "legal_basis_detail" in excinfo.value.message_dict
        referral = _create(org, client_in_area, legal_basis="safeguarding", legal_basis_detail="Child at risk")
        assert (referral.legal_basis, referral.legal_basis_detail) == ("safeguarding", "Child at risk")

    def test_consent_given_in_force_lets_it_go(self, org, client_in_area):
        _decide(client_in_area, "refused", datetime.date(2025, 5, 1))
        _decide(client_in_area, "given", datetime.date(2025, 6, 2))
        assert _create(org, client_in_area).legal_basis == ""


class TestPage:
    def test_the_page_asks_only_while_no_consent_is_in_force(self, org, client_in_area, signed_in):
        url = reverse("referrals:referral-create", kwargs={"client_pk": client_in_area.pk})
        web = signed_in(org.referrer)
        page = web.get(url).content.decode()
        assert QUESTION in page and "No decision on sharing with treatment providers is recorded" in page
        _decide(client_in_area, "given", datetime.date(2025, 6, 2))
        assert QUESTION not in web.get(url).content.decode()

    def test_a_refusal_is_recorded_and_stops_the_referral(self, org, client_in_area, signed_in):
        url = reverse("referrals:referral-create", kwargs={"client_pk": client_in_area.pk})
        web = signed_in(org.referrer)
        response = web.post(url, _data(org, consent_decision="refused"))
        page = response.content.decode()
        assert response.status_code == 400 and "so the referral was not sent" in page
        assert 'href="#id_consent_decision' in page  # the error summary links to the question
        assert not Referral.objects.exists()
        refusal = Consent.objects.get(client=client_in_area)
        assert (refusal.scope, refusal.decision, refusal.decided_on, refusal.recorded_by) == (
            SHARE, "refused", datetime.date(2025, 7, 1), org.referrer)
        # Sent again with the same answer: no second row; with a legal basis: sent, and the page says why.
        response = web.post(url, _data(org, consent_decision="refused", legal_basis="vital_interests",
                                       legal_basis_detail="Overdose risk on release"))
        assert response.status_code == 302
        assert Consent.objects.filter(client=client_in_area).count() == 1
        detail = web.get(response.url).content.decode()
        assert "Sent without consent" in detail and "Overdose risk on release" in detail

    def test_agreement_is_recorded_and_a_hidden_legal_basis_is_ignored(self, org, client_in_area, signed_in):
        url = reverse("referrals:referral-create", kwargs={"client_pk": client_in_area.pk})
        response = signed_in(org.referrer).post(url, _data(org, consent_decision="given", legal_basis="safeguarding",
                                                           legal_basis_detail="typed, then the answer changed"))
        assert response.status_code == 302
        assert Consent.objects.get(client=client_in_area).decision == "given"
        assert Referral.objects.get().legal_basis == ""

    def test_no_answer_is_an_error_that_names_the_question(self, org, client_in_area, signed_in):
        url = reverse("referrals:referral-create", kwargs={"client_pk": client_in_area.pk})
        response = signed_in(org.referrer).post(url, _data(org))
        assert response.status_code == 400
        assert "Select whether the client agrees to share their information" in response.content.decode()
        assert not Consent.objects.exists() and not Referral.objects.exists()
