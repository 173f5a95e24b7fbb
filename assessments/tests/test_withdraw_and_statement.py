"""The chain's missing ends: withdrawing a requirement when the laboratory does not confirm a disputed positive;
the statement in the shape of a s.9 CJA 1967 (MG11) witness statement; no empty "Next steps"."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models.required import Attendance, PoliceNotification, RAStatus
from assessments.services import required as services
from assessments.services.withdrawal import required_assessment_withdraw
from assessments.tests.custody_factories import at, failed_initial, positive_test
from clients import timeline
from clients.models import Client
from dip import roles, work_queue
from dip.tests.factories import CustodySuiteFactory

DECLARATION = ("This statement (consisting of ____ page(s) each signed by me) is true to the best of my knowledge and "
               "belief and I make it knowing that, if it is tendered in evidence, I shall be liable to prosecution if I "
               "have wilfully stated in it anything which I know to be false, or do not believe to be true.")


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
    return signed_in(worker)


def _disputed(person, suite, worker, confirmation=""):
    test = positive_test(person, suite, at(2025, 3, 3, 9), disputed=True, sent_to_lab_at=at(2025, 3, 3, 12))
    ra = services.required_assessment_impose(drug_test=test, user=worker, imposed_at=at(2025, 3, 3, 13),
                                             scheduled_at=at(2025, 3, 12, 10), location="Interview room 1",
                                             imposing_officer="PC 1 Lee")
    if confirmation:
        type(test).objects.filter(pk=test.pk).update(confirmation=confirmation, confirmation_received_at=at(2025, 3, 7, 9))
    return ra


class TestWithdraw:
    def test_only_when_the_laboratory_did_not_confirm(self, person, suite, worker):
        ra = _disputed(person, suite, worker)  # still awaiting the laboratory
        with pytest.raises(ValidationError, match="did not confirm a disputed positive"):
            required_assessment_withdraw(user=worker, ra=ra, client_told="phone")
        type(ra.drug_test).objects.filter(pk=ra.drug_test_id).update(confirmation="confirmed")
        with pytest.raises(ValidationError, match="did not confirm a disputed positive"):
            required_assessment_withdraw(user=worker, ra=ra, client_told="phone")

    def test_withdrawn_cancels_the_appointment_and_the_timeline_says_why(self, person, suite, worker):
        ra = _disputed(person, suite, worker, confirmation="not_confirmed")
        with time_machine.travel(at(2025, 3, 7, 11), tick=False):
            ra = required_assessment_withdraw(user=worker, ra=ra, client_told="phone")
        appointment = ra.appointments.get()
        assert (ra.status, ra.client_told, appointment.attendance) == (RAStatus.WITHDRAWN, "phone", Attendance.CANCELLED)
        entry = next(e for e in timeline.entries_for(person, worker) if e.title == "Requirement withdrawn")
        assert entry.at == at(2025, 3, 7, 11)
        assert "laboratory did not confirm" in entry.detail and "told by phone" in entry.detail
        with pytest.raises(ValidationError, match="already been withdrawn"):
            required_assessment_withdraw(user=worker, ra=ra, client_told="phone")
        # the appointment is no longer due: nothing in the work queue
        with time_machine.travel(at(2025, 3, 12, 15), tick=False):
            titles = [i.label for s in work_queue.sections_for(worker) for i in s.items]
        assert not [t for t in titles if "Example" in t]

    def test_through_the_pages(self, http, person, suite, worker):
        ra = _disputed(person, suite, worker, confirmation="not_confirmed")
        url = reverse("assessments:ra-withdraw", kwargs={"pk": ra.pk})
        detail = http.get(ra.get_absolute_url()).content.decode()
        assert url in detail and "the laboratory did not confirm the positive result" in detail
        assert http.post(url, {}).status_code == 400
        response = http.post(url, {"client_told": "letter"})
        assert response.status_code == 302
        detail = http.get(ra.get_absolute_url()).content.decode()
        assert "the person was told by letter" in detail and "Next steps" not in detail
        notice = http.get(reverse("assessments:ra-notice", kwargs={"pk": ra.pk,
                                                                  "appointment_pk": ra.appointments.get().pk}))
        assert "This requirement no longer applies and you do not need to attend" in notice.content.decode()

    def test_an_unsent_notification_leaves_the_queue(self, person, suite, worker):
        ra = _disputed(person, suite, worker, confirmation="not_confirmed")
        with time_machine.travel(at(2025, 3, 12, 15), tick=False):
            services.required_assessment_record_attendance(ra=ra, user=worker, attendance=Attendance.FAILED_TO_ATTEND)
            assert any(s.title == "Failures to notify to the police" and s.items for s in work_queue.sections_for(worker))
            required_assessment_withdraw(user=worker, ra=ra, client_told="in_person")
            assert not any(s.title == "Failures to notify to the police" and s.items
                           for s in work_queue.sections_for(worker))


class TestStatement:
    def test_the_statement_has_the_witness_statement_shape_and_declaration(self, http, person, suite, worker):
        ra = failed_initial(person, suite, worker, assessor=worker)
        notification = PoliceNotification.objects.get(appointment__required_assessment=ra)
        page = http.get(reverse("assessments:ra-statement-print", kwargs={"pk": notification.pk})).content.decode()
        assert "Witness statement" in page and "Criminal Justice Act 1967, s. 9" in page
        assert DECLARATION in page
        assert "Statement of" in page and (worker.get_full_name() or worker.username) in page
        assert "Age if under 18" in page and "Over 18" in page and "Occupation" in page
        assert page.index(DECLARATION) < page.index("STATEMENT OF FAILURE TO ATTEND")  # declared, then the facts
        assert "Signature witnessed by" in page

    def test_no_empty_next_steps_once_the_police_are_notified(self, http, person, suite, worker):
        ra = failed_initial(person, suite, worker)
        notification = PoliceNotification.objects.get(appointment__required_assessment=ra)
        assert "Next steps" in http.get(ra.get_absolute_url()).content.decode()
        services.police_notification_record_sent(user=worker, notification=notification, sent_at=at(2025, 3, 4, 15),
                                                 sent_to="PS 9 Jones")
        assert "Next steps" not in http.get(ra.get_absolute_url()).content.decode()

    def test_a_time_ahead_is_named_on_the_page(self, http, person, suite, worker):
        from django.utils import timezone

        from dip import dates

        ra = failed_initial(person, suite, worker)
        notification = PoliceNotification.objects.get(appointment__required_assessment=ra)
        url = reverse("assessments:ra-statement-sent", kwargs={"pk": notification.pk})
        ahead = timezone.localtime() + datetime.timedelta(minutes=10)
        response = http.post(url, {"sent_at_0": ahead.day, "sent_at_1": ahead.month, "sent_at_2": ahead.year,
                                   "sent_at_3": f"{ahead:%H:%M}", "sent_to": "PS 9 Jones"})
        page = response.content.decode()
        assert response.status_code == 400 and dates.date_time(ahead) in page and "it is now " in page


class TestLink:
    def test_an_assessment_started_from_the_requirement_is_linked_both_ways(self, http, person, suite, worker):
        from assessments.models.assessment import Assessment
        from assessments.tests.custody_factories import follow_up_not_required

        ra = follow_up_not_required(person, suite, worker)
        detail = http.get(ra.get_absolute_url()).content.decode()
        start = reverse("assessments:assessment-start", kwargs={"client_pk": person.pk})
        assert f"{start}?required_assessment={ra.pk}" in detail and "Not recorded yet" in detail
        assert "For the required assessment imposed" in http.get(f"{start}?required_assessment={ra.pk}").content.decode()
        response = http.post(f"{start}?required_assessment={ra.pk}")
        assessment = Assessment.objects.get()
        assert response.status_code == 302
        assert (assessment.required_assessment, assessment.assessment_type, assessment.trigger) == (
            ra, "initial_ra", "required_assessment")
        page = http.get(assessment.get_absolute_url()).content.decode()
        assert f'href="{ra.get_absolute_url()}"' in page and "Fulfils the" in page
        detail = http.get(ra.get_absolute_url()).content.decode()
        assert f'href="{assessment.get_absolute_url()}"' in detail
        assert f"{start}?required_assessment={ra.pk}" not in detail  # linked: not offered again

    def test_junk_or_another_clients_requirement_is_ignored(self, http, person, suite, worker, area):
        from assessments.models.assessment import Assessment
        from assessments.tests.custody_factories import follow_up_not_required

        other = Client.objects.create(given_name="Al", family_name="Other", date_of_birth="1980-01-01", sex="M", area=area)
        ra = follow_up_not_required(other, suite, worker)
        start = reverse("assessments:assessment-start", kwargs={"client_pk": person.pk})
        for value in (str(ra.pk), "x", "9" * 40, "١"):
            assert http.get(f"{start}?required_assessment={value}").status_code == 200
        http.post(f"{start}?required_assessment={ra.pk}")
        assert Assessment.objects.get().required_assessment is None


def test_the_laboratory_not_confirming_can_be_recorded_after_imposition(person, suite, worker):
    """It used to be refused (an imposed requirement needs a positive test), so no withdrawal could follow."""
    from django.utils import timezone

    ra = _disputed(person, suite, worker)
    test = ra.drug_test
    test.refresh_from_db()
    test.confirmation, test.confirmation_received_at = "not_confirmed", timezone.now()
    assert "assessment_decision" not in test.rule_errors()
