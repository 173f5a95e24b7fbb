"""A custody action sent again after the record moved on (a second tab, the Back button, a bookmark) answers
with its page and a clear message, changes nothing and writes one audit event: never a 500. The services,
called directly with no request, audit every change themselves and name the field of every refusal."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models.assessment import Assessment
from assessments.models.required import Attendance, PoliceNotification, RAStatus, RequiredAssessment
from assessments.services import assessment as assessment_services
from assessments.services import required as services
from assessments.tests.assessment_fixtures import make_assessment, make_client
from assessments.tests.custody_factories import at, failed_initial, follow_up_not_required, imposed, positive_test
from clients.models import Client
from dip import roles
from dip.models import AuditEvent
from dip.tests.factories import CustodySuiteFactory
from testing.tests.factories import ensure_trigger_offences

A = AuditEvent.Action


@pytest.fixture(autouse=True)
def _trigger_offences(db):
    ensure_trigger_offences()  # a live-server test earlier in the run empties the migration's list


@pytest.fixture
def worker(make_user):
    return make_user(roles.CUSTODY_WORKER)


@pytest.fixture
def suite(worker):
    return CustodySuiteFactory(area=worker.team.area, team=worker.team, name="Bournemouth")


@pytest.fixture
def person(area):
    return Client.objects.create(given_name="Jon", family_name="Example", date_of_birth="1988-02-29", sex="M", area=area)


@pytest.fixture
def http(signed_in, worker):
    web = signed_in(worker)
    web.raise_request_exception = False
    return web


def _resend(http, url, data, message):
    """Send the action again; the page answers 400 with the message, writes one (view) event, changes nothing."""
    events = AuditEvent.objects.count()
    response = http.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and "govuk-error-summary" in body
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.latest("id").action == A.VIEW
    return body


def test_outcome_recorded_twice(http, person, suite, worker):
    ra = follow_up_not_required(person, suite, worker)
    url = reverse("assessments:ra-outcome", kwargs={"pk": ra.pk})
    assert http.post(url, {"outcome": "cjit_caseload"}).status_code == 302
    _resend(http, url, {"outcome": "brief_intervention"}, "The outcome has already been recorded: nothing was changed")
    assert RequiredAssessment.objects.get(pk=ra.pk).outcome == "cjit_caseload"


def test_attendance_recorded_twice(http, person, suite, worker):
    ra = imposed(person, suite, worker, scheduled_at=at(2025, 3, 4, 9))
    url = reverse("assessments:ra-attendance", kwargs={"pk": ra.pk})
    assert http.post(url, {"attendance": "attended"}).status_code == 302
    _resend(http, url, {"attendance": "failed_to_attend"}, "There is no appointment awaiting attendance at this stage")
    assert RequiredAssessment.objects.get(pk=ra.pk).status == RAStatus.INITIAL_ATTENDED
    assert not PoliceNotification.objects.exists()


def test_follow_up_decided_twice(http, person, suite, worker):
    ra = imposed(person, suite, worker, scheduled_at=at(2025, 3, 4, 9))
    services.required_assessment_record_attendance(user=worker, ra=ra, attendance=Attendance.ATTENDED)
    url = reverse("assessments:ra-follow-up", kwargs={"pk": ra.pk})
    assert http.post(url, {"required": "no"}).status_code == 302
    _resend(http, url, {"required": "no"}, "The follow-up has already been decided: nothing was changed")


def test_vary_after_the_appointment_was_attended(http, person, suite, worker):
    ra = imposed(person, suite, worker, scheduled_at=at(2025, 3, 4, 9))
    services.required_assessment_record_attendance(user=worker, ra=ra, attendance=Attendance.ATTENDED)
    data = {"scheduled_at_0": "6", "scheduled_at_1": "3", "scheduled_at_2": "2025", "scheduled_at_3": "10:00",
            "location": "Room 2"}
    body = _resend(http, reverse("assessments:ra-vary", kwargs={"pk": ra.pk}), data,
                   "There is no appointment to vary at this stage")
    assert 'value="Room 2"' in body  # what the user typed is kept


def test_not_imposed_after_imposed_elsewhere(http, person, suite, worker):
    test = positive_test(person, suite, at(2025, 3, 3, 9))
    url = reverse("assessments:ra-not-imposed", kwargs={"test_pk": test.pk})
    services.required_assessment_impose(user=worker, drug_test=test, imposed_at=at(2025, 3, 3, 10),
                                        scheduled_at=at(2025, 3, 4, 10), location="Room 1")
    _resend(http, url, {"reason": "officer_decided"}, "An assessment decision has already been recorded for this test")


def test_impose_again_goes_to_the_list_with_a_message(http, person, suite, worker):
    ra = imposed(person, suite, worker)
    response = http.post(reverse("assessments:ra-impose", kwargs={"test_pk": ra.drug_test_id}), {}, follow=True)
    assert response.status_code == 200
    assert "An assessment decision has already been recorded for this test: nothing was changed." in (
        response.content.decode()
    )
    assert RequiredAssessment.objects.count() == 1


def test_statement_sent_twice_and_edited_after_sending(http, person, suite, worker):
    ra = failed_initial(person, suite, worker, scheduled_at=at(2025, 3, 4, 9))
    note = PoliceNotification.objects.get(appointment__required_assessment=ra)
    sent = {"sent_at_0": "4", "sent_at_1": "3", "sent_at_2": "2025", "sent_at_3": "12:00", "sent_to": "PC 9"}
    assert http.post(reverse("assessments:ra-statement-sent", kwargs={"pk": note.pk}), sent).status_code == 302
    _resend(http, reverse("assessments:ra-statement-sent", kwargs={"pk": note.pk}), {**sent, "sent_to": "PC 10"},
            "The police have already been notified")
    _resend(http, reverse("assessments:ra-statement", kwargs={"pk": note.pk}), {"statement": "Changed"},
            "The statement has been sent: it can no longer be changed")
    note.refresh_from_db()
    assert note.sent_to == "PC 9" and note.statement != "Changed"


class TestAssessmentSecondTab:
    @pytest.mark.parametrize("page", ["check", "section", "discard"])
    def test_pages_of_a_submitted_assessment_say_so(self, page, signed_in, worker, area):
        """Those pages no longer exist (404, as before) but the author is told why and where the record is."""
        draft = make_assessment(make_client(area), worker, completed=False)
        http = signed_in(worker)
        assert http.post(reverse("assessments:assessment-check", kwargs={"pk": draft.pk})).status_code == 302
        kwargs = {"pk": draft.pk, "section": "alcohol"} if page == "section" else {"pk": draft.pk}
        url = reverse(f"assessments:assessment-{page}", kwargs=kwargs)
        for response in (http.get(url), http.post(url, {"alcohol_days": "1", "alcohol_units_daily": "2"})):
            assert response.status_code == 404
            body = response.content.decode()
            assert "This assessment was already submitted, so it cannot be changed. Nothing was changed." in body
            assert draft.get_absolute_url() in body
        assert Assessment.objects.get(pk=draft.pk).alcohol_days == draft.alcohol_days
        assert AuditEvent.objects.filter(action=A.UPDATE, object_id=str(draft.pk)).count() == 1

    def test_another_workers_assessment_stays_plainly_not_found(self, signed_in, worker, make_user, area):
        done = make_assessment(make_client(area), worker)
        colleague = signed_in(make_user(roles.CUSTODY_WORKER, team=worker.team))
        response = colleague.post(reverse("assessments:assessment-check", kwargs={"pk": done.pk}))
        assert response.status_code == 404 and "already submitted" not in response.content.decode()


class TestServicesWithoutARequest:
    def test_each_step_of_the_chain_audits_itself(self, person, suite, worker):
        ra = imposed(person, suite, worker, scheduled_at=at(2025, 3, 4, 9))
        services.required_assessment_record_attendance(user=worker, ra=ra, attendance=Attendance.ATTENDED)
        services.required_assessment_decide_follow_up(user=worker, ra=ra, required=False)
        services.required_assessment_record_outcome(user=worker, ra=ra, outcome="cjit_caseload")
        events = list(AuditEvent.objects.filter(object_id=str(ra.pk)).order_by("id").values_list(
            "user", "action", "client_id", "detail"))
        assert events == [
            (worker.pk, A.CREATE, person.pk, {}),
            (worker.pk, A.UPDATE, person.pk, {"step": "attendance"}),
            (worker.pk, A.UPDATE, person.pk, {"step": "follow-up"}),
            (worker.pk, A.UPDATE, person.pk, {"step": "outcome"}),
        ]

    def test_a_refusal_names_its_field_and_audits_nothing(self, person, suite, worker):
        ra = imposed(person, suite, worker)
        events = AuditEvent.objects.count()
        with pytest.raises(ValidationError) as excinfo:
            services.required_assessment_record_outcome(user=worker, ra=ra, outcome="cjit_caseload")
        assert list(excinfo.value.message_dict) == ["outcome"]
        with pytest.raises(ValidationError) as excinfo:
            services.required_assessment_vary(user=worker, ra=ra, scheduled_at=ra.imposed_at - datetime.timedelta(hours=1),
                                              location="", issued_at=ra.imposed_at)
        assert list(excinfo.value.message_dict) == ["scheduled_at"]
        assert AuditEvent.objects.count() == events

    def test_an_assessment_is_started_saved_and_completed_with_one_event_each(self, worker, area):
        client = make_client(area)
        started = assessment_services.assessment_start(user=worker, client=client)
        assert started.created
        draft = started.assessment
        with pytest.raises(ValidationError) as excinfo:
            assessment_services.assessment_complete(user=worker, assessment=draft)
        assert "context" in excinfo.value.message_dict  # keyed by the section that needs work
        Assessment.objects.filter(pk=draft.pk).delete()
        completed = make_assessment(client, worker, completed=False)
        assessment_services.assessment_save_section(user=worker, assessment=completed, section="alcohol",
                                                    answers={"alcohol_days": 2, "alcohol_units_daily": 4})
        done = assessment_services.assessment_complete(user=worker, assessment=completed)
        assert done.status == Assessment.Status.COMPLETED
        actions = list(AuditEvent.objects.filter(client_id=client.pk).order_by("id").values_list("action", "detail"))
        assert actions == [(A.CREATE, {}), (A.UPDATE, {"section": "alcohol"}), (A.UPDATE, {"completed": True})]
