"""Subject access (reliability.md DATA-2): a client with 50 drug tests, 100 DRR appointments and 200 audit events gets
one complete machine-readable bundle, including who accessed the record; another client's rows never appear; the
cost is constant in the amount of data; only a data protection officer may run it, and it is audited."""

import datetime
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dip import roles
from dip.models import AuditEvent
from dip.tests.factories import UserFactory
from supervision.tests.factories import AppointmentFactory
from testing.tests.factories import DrugTestFactory

pytestmark = pytest.mark.django_db


def _fill(probation, client, tests, appointments, events):
    order = probation.order(client=client)
    DrugTestFactory.create_batch(tests, client=client)
    start = datetime.datetime(2025, 3, 3, 10, tzinfo=datetime.UTC)
    for i in range(appointments):
        AppointmentFactory(drr_order=order, scheduled_at=start + datetime.timedelta(days=i))
    AuditEvent.objects.bulk_create(
        AuditEvent(user=probation.officer, action="view", client_id=client.pk, object_type="clients.client",
                   object_id=str(client.pk), reason="") for _ in range(events - 1)
    )
    # A list that showed them among others: it reaches their bundle too.
    AuditEvent.objects.create(user=probation.officer, action="view", object_type="supervision.caseload",
                              client_ids=[client.pk, 10**9])
    return order


def _export(tmp_path, client, user) -> dict:
    path = tmp_path / f"{client.ref}.json"
    call_command("subject_access_export", client=client.ref, user=user.username, output=str(path), stdout=open("/dev/null", "w"))
    return json.loads(path.read_text())


def test_the_bundle_holds_everything_about_the_client_and_nothing_else(probation, tmp_path):
    from supervision.tests.factories import ClientFactory

    dpo = UserFactory(role=roles.DPO, team=probation.team)
    client, other = probation.client, ClientFactory(area=probation.area)
    order = _fill(probation, client, 50, 100, 200)
    _fill(probation, other, 3, 4, 5)
    data = _export(tmp_path, client, dpo)
    counts = data["counts"]
    assert data["format"] == "dip-subject-access" and data["subject"]["ref"] == client.ref
    assert counts["clients.client"] == 1 and counts["testing.drugtest"] == 50
    assert counts["supervision.drrorder"] == 1 and counts["supervision.drrappointment"] == 100
    assert counts["dip.auditevent"] >= 200  # the disclosures: who looked, and why
    assert any(row["object_type"] == "supervision.caseload" for row in data["sections"]["dip.auditevent"])
    assert {row["drr_order_id"] for row in data["sections"]["supervision.drrappointment"]} == {order.pk}
    assert {row["client_id"] for row in data["sections"]["testing.drugtest"]} == {client.pk}
    assert "clients.clientrelation" in counts  # which teams may see the record: the recipients
    assert other.ref not in json.dumps(data)
    # The answer is itself recorded, against the client, with who ran it.
    event = AuditEvent.objects.filter(action="export", client_id=client.pk).get()
    assert event.user == dpo and event.reason == "subject access request"


def test_the_cost_is_constant_in_the_amount_of_data(probation, tmp_path):
    from dip import subject_access
    from supervision.tests.factories import ClientFactory

    small, large = ClientFactory(area=probation.area), ClientFactory(area=probation.area)
    _fill(probation, small, 1, 2, 3)
    _fill(probation, large, 20, 40, 60)
    counts = []
    for client in (small, large):
        with CaptureQueriesContext(connection) as queries:
            subject_access.bundle(client, requested_by=probation.officer)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_only_a_data_protection_officer_may_answer(probation, tmp_path):
    with pytest.raises(CommandError, match="Only an active data protection officer"):
        _export(tmp_path, probation.client, probation.manager)
    dpo = UserFactory(role=roles.DPO, team=probation.team)
    with pytest.raises(CommandError, match="No client with the reference"):
        call_command("subject_access_export", client="NOPE", user=dpo.username, output="-")
    assert not AuditEvent.objects.filter(action="export").exists()
