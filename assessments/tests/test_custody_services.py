"""Rules of the required-assessment chain (reference/domain.md §3.2, §8 rules 6-9 and 21)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models.required import Attendance, PoliceNotification, RAAppointment, RAOutcome, RAStatus
from assessments.services import required as services
from assessments.tests.custody_factories import at, failed_initial, imposed, positive_test
from clients.models import Client, ClientRelation
from dip import roles
from dip.tests.factories import CustodySuiteFactory


@pytest.fixture
def worker(make_user):
    return make_user(roles.CUSTODY_WORKER)


@pytest.fixture
def suite(worker):
    return CustodySuiteFactory(area=worker.team.area, team=worker.team, name="Bournemouth")


@pytest.fixture
def person(area):
    return Client.objects.create(given_name="Jon", family_name="Example", date_of_birth="1988-02-29", sex="M", area=area)


def errors(excinfo) -> dict:
    return excinfo.value.message_dict


def impose(test, worker, scheduled_at, imposed_at=None):
    return services.impose(drug_test=test, user=worker, imposed_at=imposed_at or test.requested_at + datetime.timedelta(hours=1),
                           scheduled_at=scheduled_at, location="Room 1", imposing_officer="PC 1 Smith")


# --- Imposing ------------------------------------------------------------------------------------

def test_imposing_issues_the_ra1_and_records_the_decision_on_the_test(person, suite, worker):
    test = positive_test(person, suite, at(2025, 3, 3, 9))
    ra = impose(test, worker, at(2025, 3, 5, 10))
    appointment = ra.appointments.get()
    assert ra.status == RAStatus.IMPOSED and ra.follow_up_required is None
    assert (appointment.kind, appointment.notice, appointment.location) == ("initial", "RA1", "Room 1")
    assert appointment.notice_issued_at == ra.imposed_at
    test.refresh_from_db()
    assert test.assessment_decision == "imposed" and test.assessment_decided_at == ra.imposed_at
    assert ClientRelation.objects.filter(client=person, team=worker.team).exists()


def test_a_negative_or_unconfirmed_test_cannot_have_a_requirement(person, suite, worker):
    negative = positive_test(person, suite, at(2025, 3, 3, 9), opiates="negative")
    with pytest.raises(ValidationError) as excinfo:
        impose(negative, worker, at(2025, 3, 5, 10))
    assert "positive test" in errors(excinfo)["drug_test"][0]
    not_confirmed = positive_test(person, suite, at(2025, 3, 4, 9), disputed=True,
                                  sent_to_lab_at=at(2025, 3, 4, 12), confirmation="not_confirmed")
    with pytest.raises(ValidationError):
        impose(not_confirmed, worker, at(2025, 3, 20, 10))


@pytest.mark.parametrize(("requested", "allowed"), [(datetime.date(2025, 3, 2), False), (datetime.date(2025, 3, 3), True)])
def test_only_adults_on_the_day_of_the_test(area, suite, worker, requested, allowed):
    teen = Client.objects.create(given_name="Ann", family_name="Young", date_of_birth="2007-03-03", sex="F", area=area)
    test = positive_test(teen, suite, at(requested.year, requested.month, requested.day, 9), stage="charge")
    if allowed:  # the 18th birthday itself counts
        assert impose(test, worker, at(2025, 3, 10, 10)).pk
    else:
        with pytest.raises(ValidationError) as excinfo:
            impose(test, worker, at(2025, 3, 10, 10))
        assert "18 or over" in errors(excinfo)["drug_test"][0]


def test_one_decision_per_test(person, suite, worker):
    test = positive_test(person, suite, at(2025, 3, 3, 9))
    impose(test, worker, at(2025, 3, 5, 10))
    with pytest.raises(ValidationError) as excinfo:
        impose(test, worker, at(2025, 3, 6, 10))
    assert "already" in errors(excinfo)["drug_test"][0]
    with pytest.raises(ValidationError):
        services.record_not_imposed(drug_test=test, user=worker, reason="officer_decided")


def test_the_appointment_cannot_precede_the_notice(person, suite, worker):
    test = positive_test(person, suite, at(2025, 3, 3, 9))
    with pytest.raises(ValidationError) as excinfo:
        impose(test, worker, at(2025, 3, 3, 9, 30), imposed_at=at(2025, 3, 3, 10))
    assert "scheduled_at" in errors(excinfo)


# Sent on Wednesday 16 April 2025; Good Friday (18th) and Easter Monday (21st) are bank holidays:
# five working days after dispatch is Friday 25 April, not Wednesday 23 April.
@pytest.mark.parametrize(("day", "allowed"), [(23, False), (24, False), (25, True), (28, True)])
def test_disputed_test_five_working_days_after_dispatch_across_easter(person, suite, worker, day, allowed):
    test = positive_test(person, suite, at(2025, 4, 16, 9), disputed=True, sent_to_lab_at=at(2025, 4, 16, 16))
    assert test.earliest_assessment_date == datetime.date(2025, 4, 25)
    if allowed:
        assert impose(test, worker, at(2025, 4, day, 9)).status == RAStatus.IMPOSED
    else:
        with pytest.raises(ValidationError) as excinfo:
            impose(test, worker, at(2025, 4, day, 23, 30))
        assert "on or after 25 April 2025" in errors(excinfo)["scheduled_at"][0]


def test_disputed_test_needs_the_dispatch_recorded_first(person, suite, worker):
    test = positive_test(person, suite, at(2025, 4, 16, 9), disputed=True)
    with pytest.raises(ValidationError) as excinfo:
        impose(test, worker, at(2025, 5, 1, 9))
    assert "sent to the laboratory" in errors(excinfo)["scheduled_at"][0]


def test_undisputed_test_has_no_laboratory_limit(person, suite, worker):
    test = positive_test(person, suite, at(2025, 4, 16, 9))
    assert test.earliest_assessment_date is None
    assert impose(test, worker, at(2025, 4, 16, 15)).pk


def test_not_imposed_is_recorded_on_the_test_with_its_reason(person, suite, worker):
    test = positive_test(person, suite, at(2025, 3, 3, 9))
    with pytest.raises(ValidationError) as excinfo:
        services.record_not_imposed(drug_test=test, user=worker, reason="other")
    assert "detail" in errors(excinfo)
    services.record_not_imposed(drug_test=test, user=worker, reason="other", detail="Taken to hospital")
    test.refresh_from_db()
    assert test.assessment_decision == "not_imposed"
    assert test.assessment_decision_reason == "Another reason: Taken to hospital"
    assert not services.can_decide(test)


# --- Varying and attendance ----------------------------------------------------------------------

def test_varying_keeps_the_history_and_issues_an_ra2(person, suite, worker):
    ra = imposed(person, suite, worker)
    first = ra.appointments.get()
    new = services.vary(ra=ra, user=worker, scheduled_at=at(2025, 3, 7, 14), location="Room 2", reason="Illness",
                        issued_at=at(2025, 3, 3, 12))
    first.refresh_from_db()
    assert first.attendance == Attendance.CANCELLED
    assert (new.notice, new.kind, new.location, new.variation_reason) == ("RA2", "initial", "Room 2", "Illness")
    ra.refresh_from_db()
    assert services.open_appointment(ra) == new and ra.status == RAStatus.IMPOSED
    assert ra.appointments.count() == 2


def test_varying_a_disputed_tests_initial_appointment_keeps_the_laboratory_limit(person, suite, worker):
    test = positive_test(person, suite, at(2025, 4, 16, 9), disputed=True, sent_to_lab_at=at(2025, 4, 16, 16))
    ra = impose(test, worker, at(2025, 4, 25, 9))
    with pytest.raises(ValidationError) as excinfo:
        services.vary(ra=ra, user=worker, scheduled_at=at(2025, 4, 24, 9), location="", issued_at=at(2025, 4, 17, 9))
    assert "25 April 2025" in errors(excinfo)["scheduled_at"][0]


def test_attended_initial_moves_on_and_creates_no_task(person, suite, worker):
    ra = imposed(person, suite, worker)
    services.record_attendance(ra=ra, user=worker, attendance=Attendance.ATTENDED)
    ra.refresh_from_db()
    assert ra.status == RAStatus.INITIAL_ATTENDED and services.open_appointment(ra) is None
    assert not PoliceNotification.objects.exists()
    with pytest.raises(ValidationError):
        services.vary(ra=ra, user=worker, scheduled_at=at(2025, 3, 9, 9), location="")


def test_attendance_cannot_be_recorded_before_the_appointment(person, suite, worker):
    test = positive_test(person, suite, timezone.now() - datetime.timedelta(hours=2))
    hour = datetime.timedelta(hours=1)
    ra = impose(test, worker, timezone.now() + 48 * hour, imposed_at=timezone.now() - hour)
    with pytest.raises(ValidationError) as excinfo:
        services.record_attendance(ra=ra, user=worker, attendance=Attendance.FAILED_TO_ATTEND)
    assert "time has passed" in errors(excinfo)["attendance"][0]
    services.record_attendance(ra=ra, user=worker, attendance=Attendance.CANCELLED)  # cancelling ahead is fine


def test_a_cancelled_appointment_waits_for_a_new_time(person, suite, worker):
    ra = imposed(person, suite, worker)
    services.record_attendance(ra=ra, user=worker, attendance=Attendance.CANCELLED)
    ra.refresh_from_db()
    assert ra.status == RAStatus.IMPOSED
    with pytest.raises(ValidationError):  # no open appointment to attend until it is varied
        services.record_attendance(ra=ra, user=worker, attendance=Attendance.ATTENDED)
    new = services.vary(ra=ra, user=worker, scheduled_at=at(2025, 3, 10, 9), location="Room 3", issued_at=at(2025, 3, 4, 9))
    assert new.notice == "RA2" and ra.appointments.filter(attendance=Attendance.CANCELLED).count() == 1
    services.record_attendance(ra=ra, user=worker, attendance=Attendance.ATTENDED)


@pytest.mark.parametrize(("attendance", "status", "phrase"), [
    (Attendance.FAILED_TO_ATTEND, RAStatus.INITIAL_FTA, "did not attend at that time and place"),
    (Attendance.LEFT_EARLY, RAStatus.INITIAL_LEFT_EARLY, "left before the end of the assessment"),
])
def test_a_failure_creates_the_police_task_with_a_drafted_statement(person, suite, make_user, attendance, status, phrase):
    worker = make_user(roles.CUSTODY_WORKER)
    worker.first_name, worker.last_name = "Asha", "Assessor"
    worker.save()
    ra = failed_initial(person, suite, worker, attendance=attendance, scheduled_at=at(2025, 3, 4, 10, 30), assessor=worker)
    assert ra.status == status
    note = PoliceNotification.objects.get()
    assert (note.client, note.team, note.assessor, note.sent_at) == (person, worker.team, worker, None)
    text = note.statement
    assert "Jon Example, born 29 February 1988" in text
    assert "I am Asha Assessor" in text
    assert "INITIAL ASSESSMENT" in text and "section 12" in text
    assert "written notice on form RA1 on 3 March 2025 at 10:00" in text  # notice given
    assert "Tuesday 4 March 2025 at 10:30 at Interview room 1" in text  # when and where
    assert "tested for specified Class A drugs at Bournemouth" in text and "PC 123 Smith" in text
    assert phrase in text


def test_the_statement_names_each_variation(person, suite, worker):
    ra = imposed(person, suite, worker)
    services.vary(ra=ra, user=worker, scheduled_at=at(2025, 3, 6, 15), location="Room 9", reason="Court date",
                  issued_at=at(2025, 3, 4, 9))
    services.record_attendance(ra=ra, user=worker, attendance=Attendance.FAILED_TO_ATTEND)
    text = PoliceNotification.objects.get().statement
    assert "form RA2 (Court date), to 6 March 2025 at 15:00 at Room 9" in text
    assert "Thursday 6 March 2025 at 15:00 at Room 9" in text


# --- Follow-up and outcome -----------------------------------------------------------------------

def test_follow_up_is_decided_only_after_an_attended_initial(person, suite, worker):
    ra = imposed(person, suite, worker)
    with pytest.raises(ValidationError) as excinfo:
        services.decide_follow_up(ra=ra, user=worker, required=False)
    assert "required" in errors(excinfo)


def test_follow_up_required_issues_the_ra4_and_its_failure_is_notified(person, suite, worker):
    ra = imposed(person, suite, worker)
    services.record_attendance(ra=ra, user=worker, attendance=Attendance.ATTENDED)
    with pytest.raises(ValidationError) as excinfo:
        services.decide_follow_up(ra=ra, user=worker, required=True)
    assert "scheduled_at" in errors(excinfo)
    services.decide_follow_up(ra=ra, user=worker, required=True, scheduled_at=at(2025, 3, 11, 11), location="Hub",
                              decided_at=at(2025, 3, 4, 11))
    ra.refresh_from_db()
    follow_up = services.open_appointment(ra)
    assert ra.status == RAStatus.FOLLOW_UP_REQUIRED and ra.follow_up_required is True
    assert (follow_up.kind, follow_up.notice) == (RAAppointment.Kind.FOLLOW_UP, "RA4")
    services.record_attendance(ra=ra, user=worker, attendance=Attendance.FAILED_TO_ATTEND)
    ra.refresh_from_db()
    assert ra.status == RAStatus.FOLLOW_UP_FTA
    text = PoliceNotification.objects.get(appointment=follow_up).statement
    assert "FOLLOW-UP ASSESSMENT" in text and "section 14" in text and "form RA4" in text


def test_follow_up_not_required_issues_the_ra5_then_the_outcome_completes(person, suite, worker):
    ra = imposed(person, suite, worker)
    with pytest.raises(ValidationError):  # rule 7: RA4 or RA5 before the outcome
        services.record_outcome(ra=ra, user=worker, outcome=RAOutcome.BRIEF_INTERVENTION)
    services.record_attendance(ra=ra, user=worker, attendance=Attendance.ATTENDED)
    with pytest.raises(ValidationError):
        services.record_outcome(ra=ra, user=worker, outcome=RAOutcome.BRIEF_INTERVENTION)
    ra = services.decide_follow_up(ra=ra, user=worker, required=False)
    assert ra.status == RAStatus.FOLLOW_UP_NOT_REQUIRED and ra.ra5_issued_at and ra.follow_up_required is False
    ra = services.record_outcome(ra=ra, user=worker, outcome=RAOutcome.REFERRED_STRUCTURED_TREATMENT)
    assert ra.status == RAStatus.COMPLETED and ra.outcome == "referred_structured_treatment"
    with pytest.raises(ValidationError):
        services.record_outcome(ra=ra, user=worker, outcome=RAOutcome.NO_FURTHER_ACTION)


def test_outcome_after_an_attended_follow_up(person, suite, worker):
    ra = imposed(person, suite, worker)
    services.record_attendance(ra=ra, user=worker, attendance=Attendance.ATTENDED)
    services.decide_follow_up(ra=ra, user=worker, required=True, scheduled_at=at(2025, 3, 11, 11), location="Hub",
                              decided_at=at(2025, 3, 4, 11))
    services.record_attendance(ra=ra, user=worker, attendance=Attendance.ATTENDED)
    assert services.record_outcome(ra=ra, user=worker, outcome=RAOutcome.CJIT_CASELOAD).status == RAStatus.COMPLETED


# --- The statement -------------------------------------------------------------------------------

def test_statement_is_edited_then_recorded_as_sent_and_then_frozen(person, suite, worker):
    ra = failed_initial(person, suite, worker, scheduled_at=at(2025, 3, 4, 10))
    note = PoliceNotification.objects.get(appointment__required_assessment=ra)
    services.edit_statement(notification=note, user=worker, statement="Checked text")
    with pytest.raises(ValidationError) as excinfo:
        services.record_sent(notification=note, user=worker, sent_at=timezone.now() + datetime.timedelta(days=1), sent_to="PC")
    assert "future" in errors(excinfo)["sent_at"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.record_sent(notification=note, user=worker, sent_at=at(2025, 3, 4, 9), sent_to="PC")
    assert "before the missed appointment" in errors(excinfo)["sent_at"][0]
    services.record_sent(notification=note, user=worker, sent_at=at(2025, 3, 4, 12), sent_to="PC 9 Jones, custody")
    note.refresh_from_db()
    assert note.statement == "Checked text" and note.sent_by == worker and note.sent_to == "PC 9 Jones, custody"
    with pytest.raises(ValidationError):
        services.edit_statement(notification=note, user=worker, statement="Changed after sending")
    with pytest.raises(ValidationError):
        services.record_sent(notification=note, user=worker, sent_at=at(2025, 3, 4, 13), sent_to="again")


def test_prosecution_decision_only_after_the_police_were_told(person, suite, worker):
    ra = failed_initial(person, suite, worker, scheduled_at=at(2025, 3, 4, 10))
    note = PoliceNotification.objects.get(appointment__required_assessment=ra)
    assert note.prosecution == "pending"
    with pytest.raises(ValidationError) as excinfo:
        services.record_prosecution(notification=note, user=worker, prosecution="charged")
    assert "notified first" in errors(excinfo)["prosecution"][0]
    services.record_sent(notification=note, user=worker, sent_at=at(2025, 3, 4, 12), sent_to="PC 9 Jones")
    assert services.record_prosecution(notification=note, user=worker, prosecution="charged").prosecution == "charged"
