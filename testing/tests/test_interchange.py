"""The `drug_test` interchange type: round trip, the spec's rules, relations, offence linking."""

import io
import json

import pytest

from clients.models import ClientRelation
from dip.interchange.exporter import export_stream
from dip.interchange.importer import import_stream
from dip.models import Team
from testing.models import DrugTest
from testing.tests.factories import DrugTestFactory

pytestmark = pytest.mark.django_db

ORG = [
    {"type": "area", "ref": "DOR", "name": "Dorset"},
    {"type": "custody_suite", "ref": "CS-BOU", "name": "Bournemouth", "area": "DOR"},
    {"type": "client", "ref": "C-1", "given_name": "Jon", "family_name": "Example", "date_of_birth": "1988-02-29",
     "sex": "M", "ethnicity": "A", "area": "DOR"},
    {"type": "client", "ref": "C-2", "given_name": "Amy", "family_name": "Young", "date_of_birth": "2007-03-30",
     "sex": "F", "area": "DOR"},
]
SPEC_EXAMPLE = {
    "type": "drug_test", "ref": "T-1", "client": "C-1", "custody_suite": "CS-BOU", "stage": "arrest",
    "basis": "trigger_offence", "requested_at": "2025-03-30T00:30:00+01:00", "outcome": "result",
    "sampled_at": "2025-03-30T00:41:00+01:00", "opiates": "positive", "cocaine": "negative",
}


def run(records):
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    return import_stream(io.BytesIO(data), name="tests.jsonl")


def export() -> list[dict]:
    out = io.StringIO()
    export_stream(out, types=["drug_test"])
    return [json.loads(line) for line in out.getvalue().splitlines()]


def problems(result) -> list[str]:
    return [str(p) for p in result.problems]


def test_spec_example_round_trips():
    result = run([*ORG, SPEC_EXAMPLE])
    assert result.ok, problems(result)
    test = DrugTest.objects.get(ref="T-1")
    assert test.is_positive and test.result_summary == "pos_opiates"
    # 00:30 BST on 30 March 2025 is 23:30 UTC on the 29th: exported in UTC.
    expected = SPEC_EXAMPLE | {"requested_at": "2025-03-29T23:30:00Z", "sampled_at": "2025-03-29T23:41:00Z"}
    assert export() == [expected]
    again = run([*ORG, expected])
    assert again.ok and again.counts["drug_test"] == {"created": 0, "updated": 0, "unchanged": 1}


def test_full_record_round_trips_and_offence_links_to_the_list_of_the_day():
    disputed = SPEC_EXAMPLE | {"ref": "T-2", "offence": "Theft Act 1968 s15", "requested_at": "2007-01-14T22:00:00Z",
                               "sampled_at": "2007-01-14T22:10:00Z", "disputed": True, "confirmation": "not_confirmed"}
    after = disputed | {"ref": "T-3", "requested_at": "2007-01-15T10:00:00Z", "sampled_at": "2007-01-15T10:05:00Z"}
    refused = {k: v for k, v in SPEC_EXAMPLE.items() if k not in ("sampled_at", "opiates", "cocaine")} | {
        "ref": "T-4", "outcome": "refused", "basis": "inspector_authorised", "offence": "Criminal damage",
        "requested_at": "2025-03-29T23:30:00Z"}
    result = run([*ORG, disputed, after, refused])
    assert result.ok, problems(result)
    tests = {t.ref: t for t in DrugTest.objects.select_related("trigger_offence")}
    assert tests["T-2"].trigger_offence.code == "theft-act-1968-s15"  # deception: on the list until 14 Jan 2007
    assert tests["T-3"].trigger_offence is None  # removed by the Fraud Act on 15 January 2007
    assert not tests["T-2"].is_positive  # not confirmed counts as negative
    assert tests["T-4"].offence == "Criminal damage"
    exported = {r["ref"]: r for r in export()}
    assert exported["T-2"] == disputed and exported["T-4"] == refused
    assert run([*ORG, *exported.values()]).counts["drug_test"]["unchanged"] == 3


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"client": "C-2"}, "line 5: drug_test T-1: stage: A test on arrest needs the person to be 18 or over"),
        ({"sampled_at": "2025-03-30T00:29:00+01:00"},
         "line 5: drug_test T-1: sampled_at: The sample time must not be before the request"),
        ({"sampled_at": None}, "line 5: drug_test T-1: sampled_at: Enter the time the sample was taken"),
        ({"opiates": None}, "line 5: drug_test T-1: opiates: required when outcome is result"),
        ({"outcome": "refused"}, "line 5: drug_test T-1: opiates: must be absent unless outcome is result"),
        ({"confirmation": "confirmed"}, "line 5: drug_test T-1: confirmation: only when disputed"),
        ({"opiates": "negative", "disputed": True}, "line 5: drug_test T-1: disputed: Only a positive result can be disputed"),
        ({"requested_at": "2025-03-30T00:30:00"}, "line 5: drug_test T-1: requested_at: must have an offset"),
        ({"stage": "custody"}, "line 5: drug_test T-1: stage: must be one of arrest, charge"),
        ({"warning": True}, "line 5: drug_test T-1: warning"),
    ],
)
def test_rules_report_the_line_and_field_and_import_nothing(change, expected):
    record = {k: v for k, v in (SPEC_EXAMPLE | change).items() if v is not None}
    result = run([*ORG, record])
    assert not result.ok
    assert any(p.startswith(expected) for p in problems(result)), problems(result)
    assert not DrugTest.objects.exists()


def test_charge_stage_at_14_is_accepted_without_an_appropriate_adult_field():
    record = SPEC_EXAMPLE | {"client": "C-2", "stage": "charge", "requested_at": "2021-03-30T10:00:00Z",
                             "sampled_at": "2021-03-30T10:05:00Z"}
    assert run([*ORG, record]).ok


def test_import_relates_the_client_to_the_suite_team_and_area():
    from dip.models import CustodySuite

    assert run(ORG).ok
    suite = CustodySuite.objects.get(ref="CS-BOU")
    suite.team = Team.objects.create(name="Bournemouth custody", kind="custody", area=suite.area)
    suite.save()
    assert run([SPEC_EXAMPLE]).ok
    relations = set(ClientRelation.objects.filter(client__ref="C-1").values_list("team_id", "area_id", "reason"))
    assert relations == {(suite.team_id, None, "tested"), (None, suite.area_id, "tested")}
    assert run([SPEC_EXAMPLE]).ok  # again: no duplicate relation
    assert ClientRelation.objects.filter(client__ref="C-1").count() == 2


def test_a_test_awaiting_its_outcome_is_not_exported_and_app_records_export_their_offence():
    DrugTestFactory(ref="AWAITED", outcome="", opiates="", cocaine="", sampled_at=None)
    recorded = DrugTestFactory(ref="APP-1")
    records = export()
    assert [r["ref"] for r in records] == ["APP-1"]
    assert records[0]["offence"] == str(recorded.trigger_offence) == "Theft (Theft Act 1968 s1)"


def test_factory_made_drug_tests_round_trip():
    from dip.tests.interchange_round_trip import assert_round_trip

    negative = DrugTestFactory()
    DrugTestFactory(client=negative.client, custody_suite=negative.custody_suite, positive=True, disputed=True,
                    confirmation="confirmed")
    DrugTestFactory(client=negative.client, custody_suite=negative.custody_suite, stage="charge", outcome="refused",
                    opiates="", cocaine="", sampled_at=None)
    assert_round_trip(["area", "custody_suite", "client", "drug_test"], min_records=6)
