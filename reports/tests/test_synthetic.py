"""The synthetic data set (reports/synthetic, issue 11): the sizes asked for, realistic shares, rows the
application derives, and valid under spec/interchange.md: exported, it re-imports with nothing to change."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from clients.identifiers import normalise_nhs, normalise_pnc, normalise_postcode
from clients.models import Client, ClientName, ClientRelation
from clients.search import Query, find
from dip.interchange.exporter import export_file
from dip.interchange.importer import import_file
from reports import synthetic
from supervision.models import DrrAppointment, DrrOrder, DrrTest
from testing.models import DrugTest

ANCHOR = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)  # in the past, far from midnight

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    synthetic.seed("test", anchor=ANCHOR)
    return synthetic.SCALES["test"]


def test_sizes_are_the_scale(seeded):
    assert Client.objects.filter(ref__startswith="SYN-").count() == seeded.clients
    assert DrugTest.objects.filter(ref__startswith="SYN-").count() == seeded.tests
    assert DrrOrder.objects.count() == seeded.orders
    assert DrrAppointment.objects.count() == seeded.appointments
    assert DrrTest.objects.count() == seeded.drr_tests


def test_identifiers_are_valid_and_times_before_the_anchor(seeded):
    for pnc, nhs, postcode in Client.objects.values_list("pnc_id", "nhs_number", "postcode"):
        assert not pnc or normalise_pnc(pnc) == pnc
        assert not nhs or normalise_nhs(nhs) == nhs
        assert not postcode or normalise_postcode(postcode) == postcode
    assert not DrugTest.objects.filter(requested_at__gt=ANCHOR).exists()
    assert not DrrAppointment.objects.filter(scheduled_at__gt=ANCHOR).exclude(outcome="").exists()


def test_derived_rows_are_written(seeded):
    # Every client has a search key for its own name, and search finds a seeded person by it.
    assert ClientName.objects.filter(is_alias=False).count() == seeded.clients
    client = Client.objects.order_by("pk").first()
    found = find(Query(name=f"{client.given_name} {client.family_name}"), Client.objects.all())
    assert client.pk in [m.client.pk for m in found]
    # Tested clients are related to the suite's team and area (visibility), DRR clients to the probation team.
    pairs = set(DrugTest.objects.values_list("client_id", "custody_suite__team_id"))
    assert set(ClientRelation.objects.filter(reason="tested", team__isnull=False).values_list("client_id", "team_id")) == pairs
    assert ClientRelation.objects.filter(reason="supervises").exists()


def test_export_reimports_with_nothing_to_change(seeded, tmp_path):
    path = tmp_path / "synthetic.jsonl"
    counts = export_file(str(path))
    assert counts["client"] == seeded.clients and counts["drug_test"] == seeded.tests
    assert counts["required_assessment"] > 0 and counts["referral"] == seeded.referrals
    result = import_file(str(path))
    assert result.ok, [str(p) for p in result.problems[:10]]
    changed = {name: c for name, c in result.counts.items() if c["created"] or c["updated"]}
    assert changed == {}


def test_the_command_refuses_a_second_data_set(seeded):
    with pytest.raises(CommandError, match="already has a synthetic data set"):
        call_command("seed_synthetic", "--scale", "test", stdout=io.StringIO())


def _digest() -> str:
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT md5((SELECT string_agg(concat_ws('|', c.ref, c.given_name, c.family_name, c.date_of_birth, c.pnc_id,
                                                    c.nhs_number, c.postcode, a.name), ',' ORDER BY c.ref)
                        FROM clients_client c JOIN dip_area a ON a.id = c.area_id)
                    || (SELECT string_agg(concat_ws('|', t.ref, t.client_id, t.requested_at, t.outcome, t.opiates, t.cocaine),
                                          ',' ORDER BY t.ref) FROM testing_drugtest t))
        """)
        return cursor.fetchone()[0]


class _Undo(Exception):
    pass


def test_same_scale_and_anchor_give_the_same_rows(db):
    digests = []
    for _ in range(2):
        with pytest.raises(_Undo), transaction.atomic():
            synthetic.seed("test", anchor=ANCHOR)
            digests.append(_digest())
            raise _Undo
    assert digests[0] == digests[1]
    with pytest.raises(_Undo), transaction.atomic():
        synthetic.seed("test", anchor=ANCHOR + datetime.timedelta(days=1))
        assert _digest() != digests[0]
        raise _Undo

