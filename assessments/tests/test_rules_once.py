"""Each required-assessment rule once (issue 8): the pages' services and the import ask the same function,
so what one refuses the other refuses with the same words, and a chain worked on the pages exports to
records that import to the same chain (status included)."""

import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError

from assessments.models.required import Attendance, RAOutcome, RAStatus, RequiredAssessment, derive_status
from assessments.services import required as services
from assessments.tests.custody_factories import at, positive_test
from clients.models import Client
from dip import roles
from dip.interchange.importer import import_stream
from dip.tests.factories import CustodySuiteFactory
from dip.tests.interchange_round_trip import PREFIX, assert_round_trip

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(make_user):
    return make_user(roles.CUSTODY_WORKER)


@pytest.fixture
def suite(worker):
    return CustodySuiteFactory(area=worker.team.area, team=worker.team)


@pytest.fixture
def person(area):
    return Client.objects.create(given_name="Jon", family_name="Example", date_of_birth=datetime.date(1988, 2, 29),
                                 sex="M", area=area)


def imported_problems(record: dict) -> list[str]:
    result = import_stream(io.BytesIO((json.dumps(record) + "\n").encode()))
    return [str(p) for p in result.problems]


def ra_record(test, scheduled_at: datetime.datetime) -> dict:
    return {"type": "required_assessment", "ref": "RA-X", "drug_test": test.ref,
            "imposed_at": (test.requested_at + datetime.timedelta(hours=1)).isoformat(),
            "initial": {"scheduled_at": scheduled_at.isoformat(), "attendance": None}}


def page_error(test, worker, scheduled_at, field: str) -> str:
    with pytest.raises(ValidationError) as raised:
        services.impose(drug_test=test, user=worker, imposed_at=test.requested_at + datetime.timedelta(hours=1),
                        scheduled_at=scheduled_at, location="Room 1")
    return raised.value.message_dict[field][0]


def test_eligibility_is_one_rule_for_the_page_the_import_and_the_decision_queue(person, suite, worker, area):
    negative = positive_test(person, suite, at(2025, 3, 3, 9), opiates="negative")
    teen = Client.objects.create(given_name="Amy", family_name="Young", date_of_birth=datetime.date(2008, 1, 1), sex="F",
                                 area=area)
    young = positive_test(teen, suite, at(2025, 3, 3, 9), stage="charge")
    for test, words in ((negative, "only follow a positive test"), (young, "aged 18 or over")):
        message = page_error(test, worker, at(2025, 3, 5, 10), "drug_test")
        assert words in message
        assert imported_problems(ra_record(test, at(2025, 3, 5, 10))) == [
            f"line 1: required_assessment RA-X: drug_test: {message}"
        ]
        assert test.required_assessment_refusal() == message and not test.awaits_assessment_decision
    assert not RequiredAssessment.objects.exists()


def test_the_laboratory_clock_is_one_rule_for_the_page_and_the_import(person, suite, worker):
    # Sent on Wednesday 16 April 2025: five working days (Easter in between) is Friday 25 April.
    test = positive_test(person, suite, at(2025, 4, 16, 9), disputed=True, sent_to_lab_at=at(2025, 4, 16, 16))
    message = page_error(test, worker, at(2025, 4, 24, 9), "scheduled_at")
    assert "on or after 25 April 2025" in message
    assert imported_problems(ra_record(test, at(2025, 4, 24, 9))) == [
        f"line 1: required_assessment RA-X: initial: {message}"
    ]
    assert test.laboratory_due == test.earliest_assessment_date == datetime.date(2025, 4, 25)
    assert not imported_problems(ra_record(test, at(2025, 4, 25, 9)))


def _chains(person, suite, worker) -> dict[str, RequiredAssessment]:
    """One chain worked on the pages (the services) into each status."""
    day = iter(range(1, 28))

    def chain(*steps):
        d = next(day)
        test = positive_test(person, suite, at(2025, 3, d, 9))
        ra = services.impose(drug_test=test, user=worker, imposed_at=at(2025, 3, d, 10),
                             scheduled_at=at(2025, 3, d, 12), location="Room 1")
        for step in steps:
            step(ra, d)
        ra.refresh_from_db()
        return ra

    def attend(attendance, hour=13):
        return lambda ra, d: services.record_attendance(ra=ra, user=worker, attendance=attendance,
                                                        recorded_at=at(2025, 3, d, hour))

    def follow_up(required):
        return lambda ra, d: services.decide_follow_up(ra=ra, user=worker, required=required, scheduled_at=at(2025, 3, d, 15),
                                                       location="Room 2", decided_at=at(2025, 3, d, 14))

    def outcome(ra, d):
        services.record_outcome(ra=ra, user=worker, outcome=RAOutcome.BRIEF_INTERVENTION)

    def vary(ra, d):
        services.vary(ra=ra, user=worker, scheduled_at=at(2025, 3, d, 18), location="Room 3", issued_at=at(2025, 3, d, 11))

    return {
        RAStatus.IMPOSED: chain(vary),
        RAStatus.INITIAL_ATTENDED: chain(attend(Attendance.ATTENDED)),
        RAStatus.INITIAL_FTA: chain(attend(Attendance.FAILED_TO_ATTEND)),
        RAStatus.INITIAL_LEFT_EARLY: chain(attend(Attendance.LEFT_EARLY)),
        RAStatus.FOLLOW_UP_REQUIRED: chain(attend(Attendance.ATTENDED), follow_up(True)),
        RAStatus.FOLLOW_UP_NOT_REQUIRED: chain(attend(Attendance.ATTENDED), follow_up(False)),
        RAStatus.FOLLOW_UP_ATTENDED: chain(attend(Attendance.ATTENDED), follow_up(True), attend(Attendance.ATTENDED, 16)),
        RAStatus.FOLLOW_UP_FTA: chain(attend(Attendance.ATTENDED), follow_up(True), attend(Attendance.FAILED_TO_ATTEND, 16)),
        RAStatus.FOLLOW_UP_LEFT_EARLY: chain(attend(Attendance.ATTENDED), follow_up(True), attend(Attendance.LEFT_EARLY, 16)),
        RAStatus.COMPLETED: chain(attend(Attendance.ATTENDED), follow_up(False), outcome),
    }


def test_a_chain_worked_on_the_pages_round_trips_with_its_status(person, suite, worker):
    chains = _chains(person, suite, worker)
    assert {status: ra.status for status, ra in chains.items()} == {status: status for status in chains}
    for ra in chains.values():
        assert ra.derived_status() == ra.status
    assert_round_trip(["area", "custody_suite", "client", "drug_test", "required_assessment"], min_records=23)
    again = dict(RequiredAssessment.objects.filter(ref__startswith=PREFIX).values_list("ref", "status"))
    assert again == {PREFIX + ra.ref: status for status, ra in chains.items()}


def test_derive_status_reads_a_cancelled_appointment_as_awaiting_a_new_time():
    assert derive_status(Attendance.CANCELLED, None, None, "") == RAStatus.IMPOSED
    assert derive_status(Attendance.ATTENDED, True, Attendance.CANCELLED, "") == RAStatus.FOLLOW_UP_REQUIRED
