"""The drr_* interchange types: the whole public sample round-trips, and each rule is a line-numbered error."""

import io
import json
from pathlib import Path

import pytest

from dip.interchange.exporter import export_stream
from dip.interchange.importer import import_stream
from supervision.models import DrrAppointment, DrrBreach, DrrOrder, DrrTest, DrrWarning
from supervision.tests.factories import AppointmentFactory

pytestmark = pytest.mark.django_db

# Relative to the repository root: present in every worktree and in CI. Missing is a failure, not a skip.
SAMPLE = Path(__file__).resolve().parents[2] / ".." / "shared" / "spec" / "sample" / "records.jsonl"
DRR_TYPES = ("drr_order", "drr_appointment", "drr_test", "drr_warning", "drr_breach")

BASE = [
    {"type": "area", "ref": "DOR", "name": "Dorset"},
    {"type": "client", "ref": "C-1", "given_name": "Jon", "family_name": "Example", "date_of_birth": "1988-02-29",
     "sex": "M", "ethnicity": "A", "area": "DOR"},
]
ORDER = {"type": "drr_order", "ref": "O-1", "client": "C-1", "area": "DOR", "order_type": "community_order",
         "court": "Bournemouth Magistrates' Court", "sentence_date": "2025-01-06", "start_date": "2025-01-07",
         "end_date": "2026-01-06", "intensity": "medium", "residential": False}
FAILURE = {"type": "drr_appointment", "ref": "A-1", "drr_order": "O-1", "kind": "offender_manager",
           "scheduled_at": "2025-02-04T10:00:00Z", "outcome": "unacceptable_absence"}
ATTENDED = {"type": "drr_appointment", "ref": "A-2", "drr_order": "O-1", "kind": "treatment",
            "scheduled_at": "2025-02-11T10:00:00Z", "outcome": "attended"}
TEST = {"type": "drr_test", "ref": "T-1", "drr_order": "O-1", "taken_at": "2025-02-05T09:30:00Z", "outcome": "taken",
        "result": "positive", "substances": ["cocaine", "opiates"]}
WARNING = {"type": "drr_warning", "ref": "W-1", "drr_order": "O-1", "failure": "A-1", "issued_on": "2025-02-05"}
BREACH = {"type": "drr_breach", "ref": "B-1", "drr_order": "O-1", "failure": "A-1", "initiated_on": "2025-02-10",
          "outcome": "order_continued"}


def run(records):
    return import_stream(io.BytesIO("".join(json.dumps(r) + "\n" for r in records).encode()))


def export(types=DRR_TYPES) -> list[dict]:
    out = io.StringIO()
    export_stream(out, types=list(types))
    return [json.loads(line) for line in out.getvalue().splitlines()]


def sample_records() -> list[dict]:
    assert SAMPLE.exists(), f"the shared sample is missing: {SAMPLE}"
    return [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_whole_sample_imports_exports_and_reimports_identically():
    records = sample_records()
    result = run(records)
    assert result.ok, [str(p) for p in result.problems][:10]
    drr = [r for r in records if r["type"] in DRR_TYPES]
    assert DrrOrder.objects.count() == sum(r["type"] == "drr_order" for r in drr) == 24
    assert DrrTest.objects.count() == 86 and DrrWarning.objects.count() == 15 and DrrBreach.objects.count() == 11
    key = lambda r: (r["type"], r["ref"])  # noqa: E731
    exported = export()
    assert sorted(exported, key=key) == sorted(drr, key=key)
    again = run(exported)
    assert again.ok
    assert all(c["created"] == c["updated"] == 0 for c in again.counts.values())
    assert export() == exported


def test_substances_keep_their_order_and_residential_false_is_written():
    assert run([*BASE, ORDER, TEST]).ok
    assert export(["drr_test"]) == [TEST]
    assert export(["drr_order"])[0]["residential"] is False


def test_imported_unacceptable_absence_starts_no_workflow():
    assert run([*BASE, ORDER, FAILURE]).ok
    assert DrrAppointment.objects.get(ref="A-1").outcome_recorded_at is None


def test_directed_tests_are_not_exported():
    assert run([*BASE, ORDER]).ok
    order = DrrOrder.objects.get()
    DrrTest.objects.create(drr_order=order, taken_at="2025-02-05T09:00:00Z")
    assert export(["drr_test"]) == []


@pytest.mark.parametrize(("records", "field", "message"), [
    ([{**ORDER, "start_date": "2025-01-05"}], "start_date", "not be before the sentence date"),
    ([{**ORDER, "end_date": "2025-01-07"}], "end_date", "after the start date"),
    ([{**ORDER, "end_date": "2028-01-08"}], "end_date", "at most 3 years"),
    ([{**ORDER, "termination_date": "2025-06-01"}], "termination_reason", "reason"),
    ([{**ORDER, "termination_reason": "completed"}], "termination_date", "date"),
    ([{**ORDER, "intensity": "extreme"}], "intensity", "must be one of"),
    ([ORDER, {**FAILURE, "scheduled_at": "2099-01-01T10:00:00Z"}], "outcome", "before the appointment's time"),
    ([ORDER, {**TEST, "result": None}], "result", "Select the result"),
    ([ORDER, {**TEST, "outcome": "refused", "substances": None}], "result", "only recorded for a test taken"),
    ([ORDER, {**TEST, "result": "negative"}], "substances", "only recorded for a positive"),
    ([ORDER, {**TEST, "substances": ["crack"]}], "substances", "must be one of"),
    ([ORDER, ATTENDED, {**WARNING, "failure": "A-2"}], "failure", "unacceptable absence"),
    ([ORDER, FAILURE, {**WARNING, "issued_on": "2025-02-03"}], "issued_on", "before the failure"),
    ([ORDER, FAILURE, {**BREACH, "initiated_on": "2025-02-03"}], "initiated_on", "before the failure"),
    ([ORDER, {**ORDER, "ref": "O-2"}, FAILURE, {**WARNING, "drr_order": "O-2"}], "failure", "same order"),
    ([ORDER, {**BREACH, "failure": "A-9"}], "failure", ""),
])
def test_rules_are_line_numbered_errors_and_nothing_is_imported(records, field, message):
    result = run([*BASE, *records])
    assert not result.ok
    problem = result.problems[0]
    assert problem.line == len(BASE) + len(records), str(problem)
    assert problem.field == field and message in problem.message, str(problem)
    assert not DrrOrder.objects.exists()


def test_a_failure_in_an_earlier_import_is_found_in_the_database():
    assert run([*BASE, ORDER, FAILURE]).ok
    assert run([WARNING]).ok
    assert run([{**BREACH, "failure": "A-1"}]).ok
    assert DrrWarning.objects.get().failure.ref == "A-1"


def test_records_made_in_the_application_round_trip(probation):
    """factory → export → import (under new refs) → export: identical, for every drr_* type."""
    import datetime

    from django.utils import timezone

    from dip.tests.interchange_round_trip import assert_round_trip
    from supervision import services

    order = probation.order(residential=True, termination_date=None)
    now = timezone.now()
    failure = AppointmentFactory(drr_order=order, scheduled_at=now - datetime.timedelta(days=9))
    second = AppointmentFactory(drr_order=order, scheduled_at=now - datetime.timedelta(days=2))
    AppointmentFactory(drr_order=order, scheduled_at=now + datetime.timedelta(days=2))  # no outcome yet
    user = probation.officer
    services.appointment_record_outcome(user=user, appointment=failure, outcome="unacceptable_absence")
    services.warning_issue(user=user, failure=failure, letter="Letter", issued_on=failure.scheduled_day)
    services.appointment_record_outcome(user=user, appointment=second, outcome="unacceptable_absence")
    breach = services.breach_initiate(user=user, failure=second, initiated_on=timezone.localdate(), summary="S")
    services.breach_record_outcome(user=user, breach=breach, court_date=timezone.localdate(), outcome="extended")
    test = services.test_direct(user=user, order=order, taken_at=now - datetime.timedelta(days=1),
                                directed_by="responsible_officer")
    services.test_record(user=user, test=test, outcome="taken", result="positive", substances=["cannabis", "opiates"])
    services.order_terminate(user=user, order=order, termination_date=timezone.localdate(),
                             termination_reason="revoked_breach")
    records = assert_round_trip(["area", "client", *DRR_TYPES], min_records=8)
    assert {r["type"] for r in records} >= set(DRR_TYPES)
