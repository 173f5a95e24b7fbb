"""Client services called directly, with no request (as a task, the import or an API would): each validates
with the model's rules, names the field it refuses, and writes its own audit event."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from clients import services
from clients.models import Client, ClientAlias, ClientRelation, Consent
from dip import roles
from dip.models import AuditEvent

A = AuditEvent.Action


@pytest.fixture
def worker(make_user):
    return make_user(roles.CUSTODY_WORKER)


def identity(area, **extra):
    return {"given_name": "Ada", "family_name": "Lovelace", "date_of_birth": datetime.date(1990, 3, 27), "sex": "F",
            "area": area, **extra}


def test_create_relates_the_team_and_audits(worker, area):
    client = services.client_create(user=worker, **identity(area))
    assert ClientRelation.objects.filter(client=client, team=worker.team, reason="recorded").exists()
    event = AuditEvent.objects.get()
    assert (event.user, event.action, event.client_id, event.ip) == (worker, A.CREATE, client.pk, None)


def test_create_refuses_with_field_names_and_saves_nothing(worker, area):
    with pytest.raises(ValidationError) as excinfo:
        services.client_create(user=worker, **identity(area, sex="X", given_name=""))
    assert {"sex", "given_name"} <= set(excinfo.value.message_dict)
    assert not Client.objects.exists() and not AuditEvent.objects.exists()


def test_update_audits_the_changed_fields(worker, area):
    client = services.client_create(user=worker, **identity(area))
    services.client_update(user=worker, client=client, changes={"family_name": "King", "postcode": "BH1 1AA"})
    assert Client.objects.get().family_name == "King"
    assert AuditEvent.objects.latest("id").detail == {"fields": ["family_name", "postcode"]}


def test_alias_and_consent_are_audited_against_the_client(worker, area):
    client = services.client_create(user=worker, **identity(area))
    alias = services.client_alias_add(user=worker, client=client, given_name="Ada", family_name="Byron")
    services.client_alias_remove(user=worker, alias=alias)
    consent = services.consent_record(user=worker, client=client, scope="ndtms", decision="given",
                                      decided_on=datetime.date(2026, 1, 2))
    assert consent.recorded_by == worker and not ClientAlias.objects.exists()
    actions = list(AuditEvent.objects.filter(client_id=client.pk).order_by("id").values_list("action", "object_type"))
    assert actions == [(A.CREATE, "clients.client"), (A.CREATE, "clients.clientalias"), (A.DELETE, "clients.clientalias"),
                       (A.CREATE, "clients.consent")]
    with pytest.raises(ValidationError) as excinfo:
        services.consent_record(user=worker, client=client, scope="everything", decision="given",
                                decided_on=datetime.date(2026, 1, 2))
    assert list(excinfo.value.message_dict) == ["scope"]
    assert Consent.objects.count() == 1


def test_break_glass_is_audited_with_its_reason(make_user, area, other_area):
    client = Client.objects.create(**identity(area))
    stranger = make_user(roles.CUSTODY_WORKER, in_area=other_area)
    grant = services.access_break_glass(user=stranger, client=client, reason="arrested_here", detail="Held at Leeds")
    event = AuditEvent.objects.get()
    assert (event.user, event.action, event.client_id) == (stranger, A.BREAK_GLASS, client.pk)
    assert "Held at Leeds" in event.reason and grant.expires_at > grant.granted_at


def test_a_service_called_in_a_request_audits_the_callers_address(signed_in, worker, area):
    from django.urls import reverse

    response = signed_in(worker).post(reverse("clients:client-create"), {
        "given_name": "Ada", "family_name": "Lovelace", "date_of_birth_0": "27", "date_of_birth_1": "3",
        "date_of_birth_2": "1990", "sex": "F", "area": area.pk, "ethnicity": "Z",
    }, REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 302
    assert AuditEvent.objects.get(action=A.CREATE).ip == "10.9.8.7"
