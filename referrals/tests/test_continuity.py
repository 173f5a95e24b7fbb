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


def test_create_page_is_prefilled_and_remembers_the_assessment(org, client_in_area, signed_in, monkeypatch):
    monkeypatch.setattr(continuity, "find_assessment", lambda user, client, pk: _fake_assessment(client) if pk == 77 else None)
    web = signed_in(org.referrer)
    url = reverse("referrals:referral-create", kwargs={"client_pk": client_in_area.pk}) + "?from_required_assessment=77"
    page = web.get(url).content.decode()
    assert "From the required assessment imposed on 21 June 2025" in page
    assert re.search(r'<input[^>]*value="required_assessment"[^>]*checked', page)
    data = {
        "provider": org.provider.pk,
        "source": "required_assessment",
        "referral_date_0": "1",
        "referral_date_1": "7",
        "referral_date_2": "2025",
        "requested_intervention": "pharmacological",
        "notes": "",
    }
    assert web.post(url, data).status_code == 302
    assert Referral.objects.get().required_assessment_id == 77


def test_without_the_model_the_seam_answers_none(org, client_in_area):
    if continuity.required_assessment_model() is not None:
        pytest.skip("RequiredAssessment exists: the real model is tested instead")
    assert continuity.find_assessment(org.referrer, client_in_area, 1) is None
