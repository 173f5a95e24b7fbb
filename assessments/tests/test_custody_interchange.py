"""Interchange type `required_assessment`: round trip, derived status, validation, history only."""

import io
import json
import pathlib

import pytest

from assessments.models.required import PoliceNotification, RAAppointment, RAStatus, RequiredAssessment
from assessments.tests.custody_factories import at, positive_test
from dip.interchange import RecordType, registry
from dip.interchange.exporter import export_stream
from dip.interchange.importer import import_stream

pytestmark = pytest.mark.django_db

SAMPLE = pathlib.Path("/work/shared/spec/sample/records.jsonl")
ORG = [
    {"type": "area", "ref": "DOR", "name": "Dorset"},
    {"type": "custody_suite", "ref": "CS-BOU", "name": "Bournemouth", "area": "DOR"},
    {"type": "client", "ref": "C-1", "given_name": "Jon", "family_name": "Example", "date_of_birth": "1988-02-29",
     "sex": "M", "area": "DOR"},
    {"type": "client", "ref": "C-2", "given_name": "Ann", "family_name": "Young", "date_of_birth": "2008-01-01",
     "sex": "F", "area": "DOR"},
]
RECORDS = [
    {"type": "required_assessment", "ref": "RA-1", "drug_test": "T-1", "imposed_at": "2025-03-14T21:17:00Z",
     "initial": {"scheduled_at": "2025-03-20T21:02:00Z", "attendance": "attended"}, "follow_up_required": False,
     "outcome": "referred_structured_treatment"},
    {"type": "required_assessment", "ref": "RA-2", "drug_test": "T-2", "imposed_at": "2025-03-14T21:17:00Z",
     "initial": {"scheduled_at": "2025-03-20T09:00:00Z", "attendance": "attended"}, "follow_up_required": True,
     "follow_up": {"scheduled_at": "2025-03-27T09:00:00Z", "attendance": "failed_to_attend"}},
    {"type": "required_assessment", "ref": "RA-3", "drug_test": "T-3", "imposed_at": "2025-03-30T03:50:00Z",
     "initial": {"scheduled_at": "2025-03-30T03:15:00Z", "attendance": None}},
    {"type": "required_assessment", "ref": "RA-4", "drug_test": "T-4", "imposed_at": "2025-05-06T01:18:00Z",
     "initial": {"scheduled_at": "2025-05-11T23:30:00Z", "attendance": "failed_to_attend"}},
    {"type": "required_assessment", "ref": "RA-5", "drug_test": "T-5", "imposed_at": "2025-05-06T01:18:00Z",
     "initial": {"scheduled_at": "2025-05-11T23:30:00Z", "attendance": "attended"}, "follow_up_required": True,
     "follow_up": {"scheduled_at": "2025-05-18T10:00:00Z", "attendance": None}},
]


class _DrugTestLookup(RecordType):
    """Until the testing app registers `drug_test`, refs to tests resolve against the database only."""

    type = "drug_test"
    fields: dict = {}

    def lookup_queryset(self):
        from testing.models import DrugTest

        return DrugTest.objects.select_related("client", "custody_suite")


@pytest.fixture
def world(monkeypatch):
    from testing.models import DrugTest

    if registry.get("drug_test") is None:
        _DrugTestLookup.model = DrugTest
        monkeypatch.setitem(registry._registry, "drug_test", _DrugTestLookup)
    assert run(ORG).ok
    from clients.models import Client
    from dip.models import CustodySuite, Team

    suite = CustodySuite.objects.get(ref="CS-BOU")
    suite.team = Team.objects.create(name="Dorset custody", kind=Team.Kind.CUSTODY, area=suite.area)
    suite.save()
    jon, ann = Client.objects.get(ref="C-1"), Client.objects.get(ref="C-2")
    tests = {f"T-{n}": positive_test(jon, suite, at(2025, 3, n, 9), ref=f"T-{n}") for n in range(1, 6)}
    tests["T-NEG"] = positive_test(jon, suite, at(2025, 3, 9, 9), opiates="negative", ref="T-NEG")
    tests["T-TEEN"] = positive_test(ann, suite, at(2025, 3, 9, 9), stage="charge", ref="T-TEEN")
    return tests, suite


def run(records):
    return import_stream(io.BytesIO("".join(json.dumps(r) + "\n" for r in records).encode()), name="test.jsonl")


def export() -> list[dict]:
    out = io.StringIO()
    export_stream(out, types=["required_assessment"])
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_round_trip_and_reimport_changes_nothing(world):
    tests, suite = world
    result = run(RECORDS)
    assert result.ok, [str(p) for p in result.problems]
    assert export() == RECORDS
    again = run(export())
    assert again.ok and again.counts["required_assessment"].get("created", 0) == 0
    assert again.counts["required_assessment"].get("updated", 0) == 0
    assert RAAppointment.objects.count() == 7


def test_status_is_derived_and_no_workflow_starts(world):
    tests, suite = world
    assert run(RECORDS).ok
    status = dict(RequiredAssessment.objects.values_list("ref", "status"))
    assert status == {
        "RA-1": RAStatus.COMPLETED, "RA-2": RAStatus.FOLLOW_UP_FTA, "RA-3": RAStatus.IMPOSED,
        "RA-4": RAStatus.INITIAL_FTA, "RA-5": RAStatus.FOLLOW_UP_REQUIRED,
    }
    assert not PoliceNotification.objects.exists()  # history: no statement drafted for an imported failure
    ra = RequiredAssessment.objects.get(ref="RA-5")
    assert ra.team == suite.team and ra.client.ref == "C-1"
    tests["T-5"].refresh_from_db()
    assert tests["T-5"].assessment_decision == "imposed" and tests["T-5"].assessment_decided_at == ra.imposed_at


def test_a_changed_record_updates_the_current_appointment_in_place(world):
    assert run(RECORDS).ok
    changed = json.loads(json.dumps(RECORDS[2]))
    changed["initial"]["attendance"] = "left_early"
    result = run([changed])
    assert result.ok and result.counts["required_assessment"]["updated"] == 1
    ra = RequiredAssessment.objects.get(ref="RA-3")
    assert ra.status == RAStatus.INITIAL_LEFT_EARLY
    assert list(ra.appointments.values_list("attendance", flat=True)) == ["left_early"]


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"drug_test": "T-NEG"}, "drug_test", "positive test"),
    ({"drug_test": "T-TEEN"}, "drug_test", "18 or over"),
    ({"drug_test": "T-404"}, "drug_test", "no drug_test with ref T-404"),
    ({"follow_up_required": True}, "follow_up", "required when follow_up_required is true"),
    ({"follow_up": {"scheduled_at": "2025-03-27T09:00:00Z", "attendance": None}}, "follow_up", "only when"),
    ({"initial": {"scheduled_at": "2025-03-20T09:00:00", "attendance": None}}, "initial", "offset"),
    ({"initial": {"scheduled_at": "2025-03-20T09:00:00Z", "attendance": "late"}}, "initial", "must be one of"),
    ({"initial": None}, "initial", "required"),
    ({"outcome": "cured"}, "outcome", "must be one of"),
    ({"status": "imposed"}, "status", "unknown"),
])
def test_invalid_records_import_nothing_and_name_the_line(world, change, field, message):
    bad = {**RECORDS[2], "ref": "RA-BAD", **change}
    result = run([RECORDS[0], bad])
    assert not result.ok
    problems = [str(p) for p in result.problems]
    assert any(p.startswith("line 2: required_assessment RA-BAD") and message in p for p in problems), problems
    assert not RequiredAssessment.objects.exists()


def test_disputed_test_in_the_database_keeps_the_laboratory_limit(world):
    tests, suite = world
    disputed = positive_test(tests["T-1"].client, suite, at(2025, 4, 16, 9), disputed=True,
                             sent_to_lab_at=at(2025, 4, 16, 16), ref="T-DISP")
    record = {"type": "required_assessment", "ref": "RA-D", "drug_test": disputed.ref, "imposed_at": "2025-04-16T12:00:00Z",
              "initial": {"scheduled_at": "2025-04-24T09:00:00Z", "attendance": None}}
    result = run([record])
    assert not result.ok and "on or after 25 April 2025" in str(result.problems[0])


def test_the_spec_sample_imports_when_drug_tests_can_be_imported():
    if registry.get("drug_test") is None or registry.get("drug_test") is _DrugTestLookup:
        pytest.skip("the drug_test interchange type is not registered yet (testing app)")
    wanted = ("area", "custody_suite", "provider", "client", "consent", "drug_test", "required_assessment")
    records = [json.loads(line) for line in SAMPLE.read_text().splitlines() if line.strip()]
    result = run([r for r in records if r["type"] in wanted])
    assert result.ok, [str(p) for p in result.problems][:10]
    sample = [r for r in records if r["type"] == "required_assessment"]
    assert RequiredAssessment.objects.count() == len(sample)
    assert export() == sample
