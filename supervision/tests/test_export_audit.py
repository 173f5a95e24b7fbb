"""`export_records` names who ran it and every client whose records left (issue 12, point 6)."""

import io

import pytest
from django.core.management import CommandError, call_command

from clients.models import Client
from dip.models import AuditEvent
from dip.tests.factories import UserFactory
from supervision.tests.test_interchange import ATTENDED, BASE, ORDER, run

pytestmark = pytest.mark.django_db

SECOND = [{**BASE[1], "ref": "C-2", "given_name": "Ann"}, {**ORDER, "ref": "O-2", "client": "C-2"}]
BYSTANDER = {**BASE[1], "ref": "C-3", "given_name": "Bea"}  # a client with no order


@pytest.fixture
def records():
    assert run([*BASE, ORDER, ATTENDED, *SECOND, BYSTANDER]).ok
    return {ref: Client.objects.get(ref=ref).pk for ref in ("C-1", "C-2", "C-3")}


@pytest.mark.parametrize("args", [[], ["--user", ""], ["--user", "nobody"]])
def test_an_export_without_a_known_user_is_refused_and_writes_nothing(tmp_path, records, args):
    target = tmp_path / "out.jsonl"
    with pytest.raises(CommandError):
        call_command("export_records", str(target), *args, stdout=io.StringIO())
    assert not target.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_the_event_names_the_exporter_and_every_client_that_left(tmp_path, records):
    user = UserFactory()
    call_command("export_records", str(tmp_path / "all.jsonl"), "--user", user.username, stdout=io.StringIO())
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.user == user and event.username == user.username
    assert event.client_ids == sorted(records.values())


@pytest.mark.parametrize(("types", "refs"), [
    (["drr_appointment"], ["C-1"]),           # through the appointment's order
    (["drr_order"], ["C-1", "C-2"]),
    (["area", "provider"], []),               # organisation records name no one
])
def test_only_the_clients_of_the_exported_types_are_named(tmp_path, records, types, refs):
    user = UserFactory()
    args = [arg for t in types for arg in ("--type", t)]
    call_command("export_records", str(tmp_path / "part.jsonl"), "--user", user.username, *args, stdout=io.StringIO())
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.client_ids == sorted(records[ref] for ref in refs)
