"""Interchange types client and consent, the spec's sample data set, and bounded memory."""

import io
import json

import pytest

from clients.models import Client, ClientAlias, Consent
from dip.interchange.exporter import export_stream
from dip.interchange.importer import import_stream
from dip.tests.sample import SAMPLE as SHARED_SAMPLE

pytestmark = pytest.mark.django_db

SAMPLE = SHARED_SAMPLE / "records.jsonl"
FIVE = ("area", "custody_suite", "provider", "client", "consent")
AREA = {"type": "area", "ref": "DOR", "name": "Dorset"}
CLIENT = {
    "type": "client", "ref": "C-1", "given_name": "Jon", "family_name": "Example", "date_of_birth": "1988-02-29",
    "sex": "M", "ethnicity": "A", "area": "DOR", "postcode": "BH1 1AA", "pnc_id": "2001/0123456F",
    "nhs_number": "9434765919", "aliases": [{"given_name": "John", "family_name": "Example"}],
}


def jsonl(records) -> io.BytesIO:
    return io.BytesIO("".join(json.dumps(r) + "\n" for r in records).encode())


def run(records, **options):
    return import_stream(jsonl(records), **options)


def export(types=FIVE) -> list[dict]:
    out = io.StringIO()
    export_stream(out, types=list(types))
    return [json.loads(line) for line in out.getvalue().splitlines()]


def messages(result) -> list[str]:
    return [str(p) for p in result.problems]


def canonical(record: dict) -> dict:
    """The spec's full form: what an export writes for the same record."""
    record = dict(record)
    if record["type"] == "client":
        if "nhs_number" in record:
            record["nhs_number"] = record["nhs_number"].replace(" ", "")
        if "pnc_id" in record:
            year, rest = record["pnc_id"].split("/")
            record["pnc_id"] = f"{year}/{rest[:-1].zfill(7)}{rest[-1]}"
    return {k: v for k, v in record.items() if v is not None}


def sample_lines(types=FIVE) -> list[dict]:
    records = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in records if r["type"] in types]


def test_client_round_trip():
    assert run([AREA, CLIENT]).ok
    assert export(["client"]) == [CLIENT]
    assert list(export(["client"])[0]) == list(CLIENT)  # the spec's field order
    again = run([AREA, *export(["client"])])
    assert again.counts["client"] == {"created": 0, "updated": 0, "unchanged": 1}


def test_sample_organisation_clients_and_consents_round_trip():
    lines = sample_lines()
    result = import_stream(io.BytesIO(("\n".join(json.dumps(r) for r in lines) + "\n").encode()))
    assert result.ok, messages(result)[:5]
    assert Client.objects.count() == 120 and Consent.objects.count() == 147
    exported = export()
    key = lambda r: (r["type"], r["ref"])  # noqa: E731
    assert sorted(exported, key=key) == sorted((canonical(r) for r in lines), key=key)
    again = run(exported)
    assert all(c["created"] == c["updated"] == 0 for c in again.counts.values())
    assert export() == exported


def test_whole_sample_every_type_imports_exports_and_reimports_identically():
    """Every type of the public sample, drr_* included (spec/interchange.md: import and export round-trip)."""
    from dip.interchange import registry

    assert SAMPLE.exists(), f"the shared sample is missing: {SAMPLE}"
    result = import_stream(SAMPLE.open("rb"), max_errors=10_000)
    assert result.ok, messages(result)[:5]
    lines = sample_lines(set(registry.SPEC_TYPES))
    assert {r["type"] for r in lines} <= {c.type for c in registry.ordered()}
    exported = export(registry.SPEC_TYPES)
    key = lambda r: (r["type"], r["ref"])  # noqa: E731
    assert sorted(exported, key=key) == sorted((canonical(r) for r in lines), key=key)
    again = run(exported)
    assert again.ok and all(c["created"] == c["updated"] == 0 for c in again.counts.values())
    assert export(registry.SPEC_TYPES) == exported


def test_identifiers_are_validated_and_written_in_full_form():
    record = {**CLIENT, "pnc_id": "1998/42L", "nhs_number": "943 476 5919", "postcode": "bh11aa"}
    assert run([AREA, record]).ok
    exported = export(["client"])[0]
    assert (exported["pnc_id"], exported["nhs_number"], exported["postcode"]) == ("1998/0000042L", "9434765919", "BH1 1AA")
    bad = run([AREA, {**CLIENT, "ref": "C-2", "pnc_id": "2001/0123456A", "nhs_number": "9434765918",
                      "postcode": "NOT A CODE", "sex": "X", "date_of_birth": "1988-02-30", "ethnicity": "Q"}])
    assert messages(bad) == [
        "line 2: client C-2: date_of_birth: is not a real date",
        "line 2: client C-2: sex: must be one of M, F, U",
        "line 2: client C-2: ethnicity: must be one of A, B, C, D, E, F, G, H, J, K, L, M, N, P, R, S, Z",
        "line 2: client C-2: postcode: Enter a real UK postcode, like SW1A 1AA",
        "line 2: client C-2: pnc_id: Enter a PNC ID with the correct check letter",
        "line 2: client C-2: nhs_number: Enter a valid NHS number (the check digit does not match)",
    ]
    assert Client.objects.count() == 1  # the first import stays; the bad file added nothing


def test_optional_fields_absent_or_null_stay_absent_and_ethnicity_z_stays_z():
    """Issue 8: a client without ethnicity exported "Z"; absent (not stated) must come back absent."""
    record = {k: v for k, v in CLIENT.items() if k not in ("ethnicity", "aliases", "postcode")}
    record.update(pnc_id=None, nhs_number=None)
    stated = {**CLIENT, "ref": "C-2", "ethnicity": "Z"}
    assert run([AREA, record, stated]).ok
    client = Client.objects.get(ref="C-1")
    assert (client.ethnicity, client.pnc_id, client.nhs_number, client.postcode) == ("", "", "", "")
    exported = {r["ref"]: r for r in export(["client"])}
    assert exported["C-1"] == {k: v for k, v in record.items() if v is not None}
    assert "ethnicity" not in exported["C-1"] and exported["C-2"]["ethnicity"] == "Z"
    assert run([AREA, *exported.values()]).counts["client"] == {"created": 0, "updated": 0, "unchanged": 2}


def test_aliases_are_replaced_only_when_they_change():
    run([AREA, CLIENT])
    alias_pk = ClientAlias.objects.get().pk
    assert run([AREA, CLIENT]).counts["client"]["unchanged"] == 1
    assert ClientAlias.objects.get().pk == alias_pk  # untouched
    changed = {**CLIENT, "aliases": [{"given_name": "Jonny", "family_name": "Ex"}, {"given_name": "J", "family_name": "E"}]}
    assert run([AREA, changed]).counts["client"]["updated"] == 1
    assert list(ClientAlias.objects.order_by("pk").values_list("given_name", flat=True)) == ["Jonny", "J"]
    assert export(["client"])[0]["aliases"] == changed["aliases"]
    bad = run([AREA, {**CLIENT, "aliases": [{"given_name": "A"}]}])
    assert messages(bad) == ["line 2: client C-1: aliases: item 1: family_name: required"]


def test_date_of_birth_in_the_future_is_refused():
    result = run([AREA, {**CLIENT, "date_of_birth": "2999-01-01"}])
    assert messages(result) == ["line 2: client C-1: date_of_birth: must not be in the future"]


def test_consent_latest_decision_by_date_then_file_order():
    consents = [
        {"type": "consent", "ref": "K1", "client": "C-1", "scope": "ndtms", "decision": "given", "decided_on": "2025-01-02"},
        {"type": "consent", "ref": "K2", "client": "C-1", "scope": "ndtms", "decision": "withdrawn", "decided_on": "2025-01-02"},
        {"type": "consent", "ref": "K3", "client": "C-1", "scope": "ndtms", "decision": "refused", "decided_on": "2024-12-01"},
    ]
    assert run([AREA, CLIENT, *consents]).ok
    in_force = Consent.objects.filter(client__ref="C-1", scope="ndtms").first()  # model ordering
    assert in_force.ref == "K2"
    assert export(["consent"]) == consents
    bad = run([{**consents[0], "ref": "K9", "client": "C-404", "scope": "everything"}])
    assert messages(bad) == [
        "line 1: consent K9: scope: must be one of ndtms, share_with_probation, share_with_treatment, share_with_prison"
    ]


def test_imported_consent_records_the_importing_user(make_user):
    from dip import roles

    user = make_user(roles.SYSADMIN)
    consent = {"type": "consent", "ref": "K1", "client": "C-1", "scope": "ndtms", "decision": "given", "decided_on": "2025-01-02"}
    assert run([AREA, CLIENT, consent], user=user).ok
    assert Consent.objects.get().recorded_by == user


def test_imported_clients_get_name_search_keys():
    pytest.importorskip("clients.search")
    from clients.models import ClientName

    record = {**CLIENT, "given_name": "Zoë", "family_name": "O'Neill"}
    assert run([AREA, record]).ok
    keys = set(ClientName.objects.values_list("given_key", "family_key", "is_alias"))
    assert keys == {("zoe", "oneill", False), ("john", "example", True)}
    assert run([AREA, {**record, "family_name": "Lewis-Hughes", "aliases": []}]).ok
    assert set(ClientName.objects.values_list("given_key", "family_key", "is_alias")) == {("zoe", "lewishughes", False)}


CONSENTS = [
    {"type": "consent", "ref": "K1", "client": "C-1", "scope": "ndtms", "decision": "given", "decided_on": "2025-01-02"},
    {"type": "consent", "ref": "K2", "client": "C-1", "scope": "ndtms", "decision": "withdrawn", "decided_on": "2025-01-02"},
]


def _in_force(scope="ndtms"):
    """The decision in force, by the Python rule and by the SQL one: they must agree."""
    from clients import consent

    python = consent.in_force(Consent.objects.filter(client__ref="C-1"))[scope]
    sql = Consent.objects.filter(client__ref="C-1", scope=scope).in_force_first().first()
    assert python == sql
    return python


def test_a_reimported_consent_with_another_decision_is_a_correction_that_keeps_the_earlier_one():
    """Issue 8: it failed with the append-only trigger's error on the wrong line."""
    assert run([AREA, CLIENT, CONSENTS[0]]).ok
    changed = {**CONSENTS[0], "decision": "refused", "decided_on": "2025-01-03"}
    result = run([AREA, CLIENT, changed])
    assert result.ok, messages(result)
    assert result.counts["consent"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert export(["consent"]) == [changed]  # the record now says what the file says
    first, correction = Consent.objects.order_by("pk")
    assert (first.decision, correction.decision, correction.corrects) == ("given", "refused", first)  # history kept
    assert _in_force().decision == "refused"
    assert run([AREA, CLIENT, changed]).counts["consent"] == {"created": 0, "updated": 0, "unchanged": 1}
    again = {**changed, "decision": "given"}
    assert run([AREA, CLIENT, again]).ok
    assert export(["consent"]) == [again]
    assert list(Consent.objects.order_by("pk").values_list("decision", "corrects__ref")) == [
        ("given", None), ("refused", "K1"), ("given", "K1"),
    ]


def test_a_correction_keeps_its_record_place_in_file_order():
    """Same date: file order decides. Correcting K1 must not move it after K2 (in force, and in the export)."""
    assert run([AREA, CLIENT, *CONSENTS]).ok
    assert _in_force().ref == "K2"
    corrected = {**CONSENTS[0], "decision": "refused"}
    assert run([AREA, CLIENT, corrected, CONSENTS[1]]).ok
    assert _in_force().ref == "K2"
    assert export(["consent"]) == [corrected, CONSENTS[1]]


def test_the_client_page_shows_the_corrected_decision_in_force_and_the_earlier_one_in_history(signed_in, make_user):
    from clients.models import ClientRelation
    from dip import roles

    worker = make_user(roles.CUSTODY_WORKER)
    assert run([AREA, CLIENT, CONSENTS[0]]).ok
    assert run([AREA, CLIENT, {**CONSENTS[0], "decision": "refused"}]).ok
    client = Client.objects.get()
    ClientRelation.objects.create(client=client, team=worker.team, reason="recorded")
    page = signed_in(worker).get(client.get_absolute_url()).content.decode()
    in_force = page[page.index("Decisions in force"):page.index("History of consent decisions")]
    assert "Refused" in in_force and "Given" not in in_force
    history = page[page.index("History of consent decisions"):]
    assert "Given on 2 January 2025 (corrected by a later import)" in history


def test_factory_made_clients_and_consents_round_trip():
    import datetime

    from dip.tests.factories import AreaFactory
    from dip.tests.interchange_round_trip import assert_round_trip

    area = AreaFactory()
    full = Client.objects.create(
        given_name="Zoë", family_name="O'Neill", date_of_birth=datetime.date(1980, 2, 29), sex="F", ethnicity="Z",
        area=area, postcode="BH1 1AA", pnc_id="2001/0123456F", nhs_number="9434765919",
    )
    ClientAlias.objects.create(client=full, given_name="Zoe", family_name="Neill")
    bare = Client.objects.create(given_name="Al", family_name="Bare", date_of_birth=datetime.date(1990, 1, 1), sex="U",
                                 area=area)
    Consent.objects.create(client=full, scope="ndtms", decision="given", decided_on=datetime.date(2025, 1, 2))
    first = Consent.objects.create(client=bare, scope="share_with_probation", decision="refused",
                                   decided_on=datetime.date(2025, 1, 3))
    Consent.objects.create(ref=first.ref, corrects=first, client=bare, scope="share_with_probation", decision="given",
                           decided_on=datetime.date(2025, 1, 4))
    records = assert_round_trip(["area", "client", "consent"], min_records=5)
    assert [r["decision"] for r in records if r["type"] == "consent"] == ["given", "given"]  # the correction counts
