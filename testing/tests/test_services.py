import pytest
from django.core.exceptions import ValidationError

from clients.models import Client, ClientRelation
from dip.models import Team
from dip.tests.factories import CustodySuiteFactory, TeamFactory, UserFactory
from testing import services
from testing.models import DrugTest
from testing.tests.factories import ClientFactory, local, theft

pytestmark = pytest.mark.django_db


def fields(client, suite, **extra):
    return {
        "client": client, "custody_suite": suite, "stage": "arrest", "basis": "trigger_offence",
        "trigger_offence": theft(), "warning_given": True, "requested_at": local(2025, 3, 3, 10, 0),
        "sampled_at": local(2025, 3, 3, 10, 5), "outcome": "result", "opiates": "positive", "cocaine": "negative",
        **extra,
    }


def test_recording_a_test_relates_the_client_to_the_suite_team_and_area(other_area):
    team = TeamFactory(kind=Team.Kind.CUSTODY, area=other_area)
    suite = CustodySuiteFactory(area=other_area, team=team)
    user = UserFactory(team=team)
    client = ClientFactory()  # lives in another area: not visible to this team until tested
    assert not Client.objects.visible_to(user).filter(pk=client.pk).exists()
    test = services.drug_test_record(user=user, test=DrugTest(**fields(client, suite)))
    assert test.recorded_by == user and test.is_positive
    reasons = set(ClientRelation.objects.filter(client=client).values_list("team_id", "area_id", "reason"))
    assert reasons == {(team.pk, None, "tested"), (None, other_area.pk, "tested")}
    assert DrugTest.objects.visible_to(user).get() == test


def test_an_invalid_test_is_not_saved_and_relates_nobody(area):
    suite = CustodySuiteFactory(area=area)
    client = ClientFactory(area=area)
    with pytest.raises(ValidationError) as error:
        services.drug_test_record(user=None, test=DrugTest(**fields(client, suite, sampled_at=local(2025, 3, 3, 9, 0))))
    assert "sampled_at" in error.value.message_dict
    assert not DrugTest.objects.exists() and not ClientRelation.objects.exists()


def test_assessment_decision_is_recorded_with_its_time():
    from testing.tests.factories import DrugTestFactory

    test = DrugTestFactory(positive=True)
    services.drug_test_decision_record(user=None, test=test, decision="not_imposed", reason="Already in treatment")
    test.refresh_from_db()
    assert test.assessment_decision == "not_imposed" and test.assessment_decided_at is not None
    assert not DrugTest.objects.awaiting_assessment_decision().exists()


def test_record_and_update_audit_themselves_without_a_request(area):
    from dip.models import AuditEvent

    team = TeamFactory(kind=Team.Kind.CUSTODY, area=area)
    suite = CustodySuiteFactory(area=area, team=team)
    user = UserFactory(team=team)
    client = ClientFactory(area=area)
    test = services.drug_test_record(user=user, test=DrugTest(**fields(client, suite)))
    services.drug_test_update(user=user, test=test, step="dispute", disputed=True)
    events = list(AuditEvent.objects.order_by("id").values_list("user", "action", "client_id", "detail"))
    assert events == [(user.pk, "create", client.pk, {}), (user.pk, "update", client.pk, {"step": "dispute"})]
    assert DrugTest.objects.get().disputed_at is not None
    with pytest.raises(ValidationError) as error:
        services.drug_test_update(user=user, test=test, sampled_at=local(2025, 3, 3, 9, 0))
    assert "sampled_at" in error.value.message_dict
    assert AuditEvent.objects.count() == 2
