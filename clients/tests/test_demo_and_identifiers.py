"""Demo clients are idempotent and searchable; PNC IDs and NHS numbers are validated."""

import pytest
from django.core.exceptions import ValidationError

from clients import demo, search
from clients.identifiers import normalise_nhs, normalise_pnc
from clients.models import Client, ClientName, ClientRelation, Consent
from dip.management.commands.seed_demo import seed as seed_organisation
from dip.models import Team
from dip.tests.factories import UserFactory


@pytest.mark.django_db
def test_demo_clients_are_idempotent_and_indexed():
    context = seed_organisation()
    demo.seed(context)
    counts = (Client.objects.count(), ClientRelation.objects.count(), Consent.objects.count(), ClientName.objects.count())
    demo.seed(context)
    assert (Client.objects.count(), ClientRelation.objects.count(), Consent.objects.count(),
            ClientName.objects.count()) == counts
    assert counts[0] == demo.COUNT + demo.NEAR_DUPLICATES
    assert not Client.objects.filter(relations__isnull=True).exists()
    for client in Client.objects.exclude(pnc_id="")[:50]:
        assert normalise_pnc(client.pnc_id) == client.pnc_id
    for client in Client.objects.exclude(nhs_number="")[:50]:
        assert normalise_nhs(client.nhs_number) == client.nhs_number
    first = Client.objects.get(ref="DEMO-C-0001")
    area_ref = next(ref for ref, area in context["areas"].items() if area.pk == first.area_id)
    custody = UserFactory(team=context["teams"][area_ref, Team.Kind.CUSTODY])
    twins = search.duplicates(custody, given_name=first.given_name, family_name=first.family_name,
                              date_of_birth=first.date_of_birth, exclude_pk=first.pk)
    assert Client.objects.get(ref=f"DEMO-C-{demo.COUNT + 1:04d}") in [m.client for m in twins]


@pytest.mark.parametrize(
    ("typed", "full"),
    [("2001/0123456F", "2001/0123456F"), ("2001/123456f", "2001/0123456F"), (" 2001 / 0123456F ", "2001/0123456F")],
)
def test_pnc_normalised(typed, full):
    assert normalise_pnc(typed) == full


@pytest.mark.parametrize("bad", ["2001/0123456A", "01/0123456F", "2001-0123456F", "", "2001/12345678F", "x" * 500])
def test_pnc_rejected(bad):
    with pytest.raises(ValidationError):
        normalise_pnc(bad)


@pytest.mark.parametrize(("typed", "full"), [("943 476 5919", "9434765919"), ("943-476-5919", "9434765919")])
def test_nhs_normalised(typed, full):
    assert normalise_nhs(typed) == full


@pytest.mark.parametrize("bad", ["9434765918", "943476591", "94347659190", "abcdefghij", "1000000010", ""])
def test_nhs_rejected(bad):
    with pytest.raises(ValidationError):
        normalise_nhs(bad)
