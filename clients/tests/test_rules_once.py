"""Each client rule once (issue 8): what the client page can save, the import accepts, and the reverse."""

import io
import json

import pytest
from django.urls import reverse

from clients.models import Client, ClientRelation
from clients.tests.test_views import new_client_data
from dip import roles
from dip.interchange.exporter import export_stream
from dip.interchange.importer import import_stream

pytestmark = pytest.mark.django_db

AREA = {"type": "area", "ref": "DOR", "name": "Dorset"}
RECORD = {"type": "client", "ref": "C-1", "given_name": "Zoe", "family_name": "ONeill", "date_of_birth": "1988-04-07",
          "sex": "F", "area": "DOR"}


@pytest.fixture
def worker(make_user):
    return make_user(roles.CUSTODY_WORKER)


def imported(**changes):
    data = json.dumps(AREA) + "\n" + json.dumps({**RECORD, **changes}) + "\n"
    return import_stream(io.BytesIO(data.encode()))


def exported(ref: str) -> dict:
    out = io.StringIO()
    export_stream(out, types=["client"])
    return next(r for r in map(json.loads, out.getvalue().splitlines()) if r["ref"] == ref)


def saved_on_page(http, worker, **changes):
    return http.post(reverse("clients:client-create"), new_client_data(worker.team.area, confirm_new="on", **changes))


@pytest.mark.parametrize("postcode", ["NOT A CODE", "BH1", "12345678", "SW1A 1AAA"])
def test_a_postcode_the_import_refuses_the_page_refuses_with_the_same_message(signed_in, worker, postcode):
    """The form used to take any 8 characters, which then exported to a file the import refused."""
    response = saved_on_page(signed_in(worker), worker, postcode=postcode)
    assert response.status_code == 400
    message = "Enter a real UK postcode, like SW1A 1AA"
    assert message in response.content.decode()
    assert [str(p) for p in imported(postcode=postcode).problems] == [f"line 2: client C-1: postcode: {message}"]
    assert not Client.objects.exists()


def test_a_postcode_both_accept_is_stored_in_the_same_form(signed_in, worker):
    assert saved_on_page(signed_in(worker), worker, postcode=" sw1a1aa ").status_code == 302
    assert imported(postcode="sw1a1aa").ok
    assert set(Client.objects.values_list("postcode", flat=True)) == {"SW1A 1AA"}


def test_a_client_made_on_the_page_exports_to_a_record_the_import_takes(signed_in, worker):
    assert saved_on_page(signed_in(worker), worker, postcode="bh1 1aa", ethnicity="").status_code == 302
    client = Client.objects.get()
    record = exported(client.ref)
    assert "ethnicity" not in record and record["postcode"] == "BH1 1AA"
    data = json.dumps({"type": "area", "ref": client.area.ref, "name": client.area.name}) + "\n" + json.dumps(record)
    assert import_stream(io.BytesIO(data.encode())).counts["client"] == {"created": 0, "updated": 0, "unchanged": 1}


def test_an_imported_client_without_ethnicity_is_kept_so_by_a_page_edit(signed_in, worker):
    assert imported().ok
    client = Client.objects.get()
    ClientRelation.objects.create(client=client, team=worker.team, reason=ClientRelation.Reason.RECORDED)
    http = signed_in(worker)
    page = http.get(client.get_absolute_url()).content.decode()
    assert "Not recorded" in page
    form = http.get(reverse("clients:client-edit", kwargs={"pk": client.pk}))
    assert form.context["form"].initial["ethnicity"] == ""
    data = new_client_data(client.area, ethnicity="", postcode="")
    assert http.post(reverse("clients:client-edit", kwargs={"pk": client.pk}), data).status_code == 302
    assert Client.objects.get().ethnicity == ""
    assert "ethnicity" not in exported("C-1")
