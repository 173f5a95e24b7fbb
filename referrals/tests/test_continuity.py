"""Prefill from a required assessment whose outcome is "referred to structured treatment" (the seam)."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from clients.models import ClientRelation
from referrals import continuity
from referrals.models import Referral
from referrals.tests.factories import ClientFactory

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def client_in_area(org):
    client = ClientFactory(area=org.area)
    ClientRelation.objects.create(client=client, team=org.custody, reason="recorded")
    return client


def _fake_assessment(client):
    return SimpleNamespace(
        pk=77,
        client_id=client.pk,
        outcome="referred_structured_treatment",
        imposed_at=datetime.datetime(2025, 6, 20, 23, 30, tzinfo=datetime.UTC),  # 21 June in London
    )


@pytest.mark.parametrize("raw", [None, "", "abc", "-1", "9" * 40, "1e5"])
def test_junk_ids_give_no_prefill(raw, org, client_in_area):
    assert continuity.prefill(org.referrer, client_in_area, raw) is None


def test_prefill_from_a_referred_assessment(org, client_in_area):
    found = continuity.prefill(org.referrer, client_in_area, "77", finder=lambda user, client, pk: _fake_assessment(client))
    assert found.required_assessment_id == 77
    assert found.initial["source"] == "required_assessment"
    assert found.initial["referral_date"] == datetime.date(2025, 7, 1)
    assert "21 June 2025" in found.summary


def test_assessment_of_another_client_or_outcome_is_ignored(org, client_in_area, monkeypatch):
    other = _fake_assessment(client_in_area)
    other.client_id = client_in_area.pk + 1000
    monkeypatch.setattr(continuity, "required_assessment_model", lambda: _FakeModel(other))
    assert continuity.prefill(org.referrer, client_in_area, "77") is None
    other.client_id, other.outcome = client_in_area.pk, "no_further_action"
    assert continuity.prefill(org.referrer, client_in_area, "77") is None
    other.outcome = "referred_structured_treatment"
    assert continuity.prefill(org.referrer, client_in_area, "77").required_assessment_id == 77


class _FakeModel:
    def __init__(self, obj):
        self.objects = SimpleNamespace(
            visible_to=lambda user: SimpleNamespace(
                filter=lambda pk: SimpleNamespace(first=lambda: obj if pk == obj.pk else None)
            )
        )


@pytest.fixture
def referred_assessment(org, client_in_area):
    from assessments.models import RequiredAssessment
    from assessments.tests.custody_factories import at, imposed
    from dip.models import CustodySuite

    suite = CustodySuite.objects.create(name="Central", area=org.area, team=org.custody)
    ra = imposed(client_in_area, suite, org.referrer, requested_at=at(2025, 6, 20, 23, 30))
    RequiredAssessment.objects.filter(pk=ra.pk).update(
        outcome="referred_structured_treatment",
        outcome_recorded_at=at(2025, 6, 24, 11),
    )
    return ra


def test_create_page_is_prefilled_and_remembers_the_assessment(org, client_in_area, referred_assessment, signed_in):
    web = signed_in(org.referrer)
    client_page = web.get(client_in_area.get_absolute_url()).content.decode()
    url = reverse("referrals:referral-create", kwargs={"client_pk": client_in_area.pk})
    prefilled_url = f"{url}?from_required_assessment={referred_assessment.pk}"
    assert prefilled_url in client_page
    page = web.get(prefilled_url).content.decode()
    assert "From the required assessment imposed on 21 June 2025" in page
    assert re.search(r'<input[^>]*value="required_assessment"[^>]*checked', page)
    assert re.search(r'name="referral_date_0"[^>]*value="24"', page)  # the day the outcome was recorded
    data = {
        "provider": org.provider.pk,
        "source": "required_assessment",
        "referral_date_0": "24",
        "referral_date_1": "6",
        "referral_date_2": "2025",
        "requested_intervention": "pharmacological",
        "notes": "",
        "consent_decision": "given",
    }
    assert web.post(prefilled_url, data).status_code == 302
    assert Referral.objects.get().required_assessment == referred_assessment
    # once referred, the client page no longer offers the prefilled link
    assert prefilled_url not in web.get(client_in_area.get_absolute_url()).content.decode()


def test_other_outcomes_and_other_clients_are_not_prefilled(org, client_in_area, referred_assessment, signed_in):
    from assessments.models import RequiredAssessment

    web = signed_in(org.referrer)
    other_client = ClientFactory(area=org.area)
    ClientRelation.objects.create(client=other_client, team=org.custody, reason="recorded")
    other_url = reverse("referrals:referral-create", kwargs={"client_pk": other_client.pk})
    assert (
        "From the required assessment"
        not in web.get(f"{other_url}?from_required_assessment={referred_assessment.pk}").content.decode()
    )
    RequiredAssessment.objects.filter(pk=referred_assessment.pk).update(outcome="brief_intervention")
    url = reverse("referrals:referral-create", kwargs={"client_pk": client_in_area.pk})
    assert (
        "From the required assessment" not in web.get(f"{url}?from_required_assessment={referred_assessment.pk}").content.decode()
    )
