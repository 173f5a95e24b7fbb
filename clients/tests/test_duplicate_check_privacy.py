"""The new-client duplicate check reveals nothing about a record outside the user's scope (issue 12, point 1).

It may say that a possible match exists in another team and offer emergency access with a reason.
"""

import datetime

import pytest
from django.urls import reverse

from clients.models import AccessGrant, Client, ClientRelation
from clients.tests.test_views import new_client_data
from dip import roles
from dip.models import AuditEvent, Team

DOB = datetime.date(1979, 3, 14)
NHS = "9434765919"


@pytest.fixture
def treatment_worker(make_user):
    return make_user(roles.TREATMENT_WORKER, kind=Team.Kind.TREATMENT)


@pytest.fixture
def theirs(make_user, area):
    """A client of a probation team in the same area: outside a treatment worker's scope."""
    team = make_user(roles.PROBATION_OFFICER, kind=Team.Kind.PROBATION).team
    client = Client.objects.create(given_name="Quentin", family_name="Zephyrine", date_of_birth=DOB, sex="M",
                                   area=area, nhs_number=NHS, ref="DEMO-C-0083")
    ClientRelation.objects.create(client=client, team=team, reason=ClientRelation.Reason.CASELOAD)
    return client


def _new_with_same_nhs(user):
    return new_client_data(user.team.area, given_name="Other", family_name="Person", date_of_birth_0="1",
                           date_of_birth_1="1", date_of_birth_2="1990", nhs_number=NHS)


def test_a_match_outside_scope_shows_no_name_dob_reference_or_id(signed_in, treatment_worker, theirs):
    http = signed_in(treatment_worker)
    assert http.get(theirs.get_absolute_url()).status_code == 404
    response = http.post(reverse("clients:client-create"), _new_with_same_nhs(treatment_worker))
    assert response.status_code == 200
    page = response.content.decode()
    for secret in ("Quentin", "Zephyrine", "1979", "14 March", theirs.ref, f"/clients/{theirs.pk}/"):
        assert secret not in page, secret
    assert "A possible match for this person is held by another team" in page
    assert reverse("clients:break-glass") + "?from=duplicate-check" in page
    assert response.context["duplicates"] == [] and str(theirs.pk) not in response.context["seen"].split(",")
    assert not Client.objects.filter(given_name="Other").exists()


def test_the_worker_can_still_confirm_a_new_person(signed_in, treatment_worker, theirs):
    http = signed_in(treatment_worker)
    data = _new_with_same_nhs(treatment_worker)
    response = http.post(reverse("clients:client-create"), data)
    response = http.post(reverse("clients:client-create"), {**data, "confirm_new": "on", "seen": response.context["seen"]})
    assert response.status_code == 302
    assert Client.objects.filter(given_name="Other").exists()


def test_emergency_access_from_the_check_needs_a_reason_and_opens_the_match(signed_in, treatment_worker, theirs):
    http = signed_in(treatment_worker)
    http.post(reverse("clients:client-create"), _new_with_same_nhs(treatment_worker))
    url = reverse("clients:break-glass") + "?from=duplicate-check"
    page = http.get(url)
    assert page.status_code == 200 and theirs.ref.encode() not in page.content
    assert http.post(url, {"reason": "", "detail": ""}).status_code == 400
    assert not AccessGrant.objects.exists()
    reason = AccessGrant.Reason.choices[0][0]
    response = http.post(url, {"reason": reason, "detail": "Same NHS number at referral"})
    assert response.status_code == 302 and response["Location"] == theirs.get_absolute_url()
    assert AccessGrant.objects.get().client == theirs
    assert AuditEvent.objects.filter(action=AuditEvent.Action.BREAK_GLASS, client_id=theirs.pk).count() == 1
    assert http.get(theirs.get_absolute_url()).status_code == 200
