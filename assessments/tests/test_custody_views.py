"""The required-assessment pages: forms, errors, audit, work queue, timeline, printing and query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models.required import Attendance, PoliceNotification, RAStatus, RequiredAssessment
from assessments.pdf import weasyprint_or_none
from assessments.services import required as services
from assessments.tests.custody_factories import at, failed_initial, follow_up_not_required, imposed, positive_test
from clients import timeline
from clients.models import Client
from dip import roles, work_queue
from dip.models import AuditEvent
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


@pytest.fixture
def http(signed_in, worker):
    return signed_in(worker)


def appointment_data(prefix="scheduled", day=None, time="10:30", location="Interview room 1"):
    day = day or datetime.date(2025, 3, 5)
    return {f"{prefix}_at_0": day.day, f"{prefix}_at_1": day.month, f"{prefix}_at_2": day.year,
            f"{prefix}_at_3": time, "location": location}


def impose_data(**kwargs):
    return {"imposed_at_0": "3", "imposed_at_1": "3", "imposed_at_2": "2025", "imposed_at_3": "11:00",
            "imposing_officer": "PS 4 Khan", **appointment_data(**kwargs)}


def test_impose_through_the_form(http, person, suite, worker):
    test = positive_test(person, suite, at(2025, 3, 3, 9))
    url = reverse("assessments:ra-impose", kwargs={"test_pk": test.pk})
    assert "Impose a required assessment" in http.get(url).content.decode()
    data = impose_data()
    data["assessor"] = worker.pk
    response = http.post(url, data)
    ra = RequiredAssessment.objects.get()
    assert response.status_code == 302 and response.url == reverse("assessments:ra-detail", kwargs={"pk": ra.pk})
    appointment = ra.appointments.get()
    assert appointment.scheduled_at == at(2025, 3, 5, 10, 30) and appointment.assessor == worker
    assert ra.imposing_officer == "PS 4 Khan"
    assert AuditEvent.objects.filter(action="create", object_id=str(ra.pk), client_id=person.pk).count() == 1
    # The decision is made: the form now leads back to the client's list.
    assert http.get(url).status_code == 302


@pytest.mark.parametrize("junk", [
    {"scheduled_at_0": "31", "scheduled_at_1": "2"},  # 31 February
    {"scheduled_at_2": "99999999999999999999"},
    {"scheduled_at_0": "x"},
    {"scheduled_at_3": "25:99"},
    {"scheduled_at_3": "10.30"},  # one time rule everywhere: 24-hour with a colon
    {"imposed_at_3": ""},
    {"location": ""},
    {"assessor": "999999999"},
    {"assessor": "abc"},
])
def test_junk_is_refused_with_an_error_summary_and_kept(http, person, suite, junk):
    test = positive_test(person, suite, at(2025, 3, 3, 9))
    response = http.post(reverse("assessments:ra-impose", kwargs={"test_pk": test.pk}), {**impose_data(), **junk})
    page = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in page and "govuk-error-message" in page
    assert 'value="PS 4 Khan"' in page  # what the worker typed is kept
    assert not RequiredAssessment.objects.exists()


def test_disputed_too_early_is_shown_next_to_the_date(http, person, suite):
    test = positive_test(person, suite, at(2025, 4, 16, 9), disputed=True, sent_to_lab_at=at(2025, 4, 16, 16))
    data = impose_data(day=datetime.date(2025, 4, 24))
    data.update({"imposed_at_0": "16", "imposed_at_1": "4"})
    page = http.get(reverse("assessments:ra-impose", kwargs={"test_pk": test.pk})).content.decode()
    assert "Friday 25 April 2025" in page  # the earliest date is shown before the worker chooses
    response = http.post(reverse("assessments:ra-impose", kwargs={"test_pk": test.pk}), data)
    assert response.status_code == 400
    assert 'href="#id_scheduled_at_0"' in response.content.decode()  # the summary links to the first input
    assert "on or after 25 April 2025" in response.content.decode()


def test_not_imposed_through_the_form(http, person, suite):
    test = positive_test(person, suite, at(2025, 3, 3, 9))
    url = reverse("assessments:ra-not-imposed", kwargs={"test_pk": test.pk})
    assert http.post(url, {"reason": "nonsense"}).status_code == 400
    assert http.post(url, {"reason": "already_in_treatment"}).status_code == 302
    test.refresh_from_db()
    assert test.assessment_decision == "not_imposed" and test.assessment_decision_reason == "Already in treatment"


def test_the_chain_through_the_pages(http, person, suite, worker):
    ra = imposed(person, suite, worker)
    detail = http.get(reverse("assessments:ra-detail", kwargs={"pk": ra.pk})).content.decode()
    assert "Record attendance (RA3)" in detail and "Print RA1" in detail
    assert http.post(reverse("assessments:ra-attendance", kwargs={"pk": ra.pk}), {"attendance": "maybe"}).status_code == 400
    assert http.post(reverse("assessments:ra-attendance", kwargs={"pk": ra.pk}), {"attendance": "attended"}).status_code == 302
    url = reverse("assessments:ra-follow-up", kwargs={"pk": ra.pk})
    response = http.post(url, {"required": "yes"})
    assert response.status_code == 400 and "Enter the date and time of the follow-up assessment" in response.content.decode()
    future = timezone.localdate() + datetime.timedelta(days=7)
    assert http.post(url, {"required": "yes", **appointment_data(day=future, location="Hub")}).status_code == 302
    ra.refresh_from_db()
    assert ra.status == RAStatus.FOLLOW_UP_REQUIRED
    # A rule broken at the wrong stage is a clear error, not a 500.
    response = http.post(reverse("assessments:ra-outcome", kwargs={"pk": ra.pk}), {"outcome": "cjit_caseload"})
    assert response.status_code == 400 and "The outcome is recorded after" in response.content.decode()


def test_failure_to_attend_reaches_the_work_queue_and_the_statement_is_sent(http, person, suite, worker):
    ra = imposed(person, suite, worker)
    response = http.post(reverse("assessments:ra-attendance", kwargs={"pk": ra.pk}), {"attendance": "failed_to_attend"})
    assert response.status_code == 302
    note = PoliceNotification.objects.get()
    detail = http.get(reverse("assessments:ra-detail", kwargs={"pk": ra.pk})).content.decode()
    assert "Check the statement and notify the police" in detail
    home = http.get(reverse("dip:home")).content.decode()
    statement_url = reverse("assessments:ra-statement", kwargs={"pk": note.pk})
    assert "Failures to notify to the police" in home and f'href="{statement_url}"' in home
    page = http.get(statement_url).content.decode()
    assert "did not attend at that time and place" in page
    assert http.post(statement_url, {"statement": ""}).status_code == 400
    assert http.post(statement_url, {"statement": "Checked and corrected."}).status_code == 302
    sent_url = reverse("assessments:ra-statement-sent", kwargs={"pk": note.pk})
    bad = http.post(sent_url, {"sent_at_0": "40", "sent_at_1": "1", "sent_at_2": "2025", "sent_at_3": "10:00",
                               "sent_to": "x"})
    assert bad.status_code == 400 and "govuk-error-summary" in bad.content.decode()
    now = timezone.localtime()
    ok = http.post(sent_url, {"sent_at_0": now.day, "sent_at_1": now.month, "sent_at_2": now.year,
                              "sent_at_3": "00:00", "sent_to": "PC 9 Jones"})
    assert ok.status_code == 302
    note.refresh_from_db()
    assert note.sent_at is not None and note.statement == "Checked and corrected."
    prosecution_url = reverse("assessments:ra-prosecution", kwargs={"pk": note.pk})
    assert prosecution_url in http.get(statement_url).content.decode()
    assert http.post(prosecution_url, {"prosecution": "jailed"}).status_code == 400
    assert http.post(prosecution_url, {"prosecution": "nfa"}).status_code == 302
    note.refresh_from_db()
    assert note.prosecution == "nfa"
    assert f'href="{statement_url}"' not in http.get(reverse("dip:home")).content.decode()


def test_due_and_overdue_appointments_are_on_the_work_queue(person, suite, worker, make_user):
    test = positive_test(person, suite, timezone.now() - datetime.timedelta(days=3))
    ra = services.required_assessment_impose(drug_test=test, user=worker, imposed_at=timezone.now() - datetime.timedelta(days=3),
                         scheduled_at=timezone.now() - datetime.timedelta(days=2), location="Room 1")
    later = imposed(person, suite, worker, requested_at=timezone.now() - datetime.timedelta(days=1),
                    scheduled_at=timezone.now() + datetime.timedelta(days=3))
    section = next(s for s in work_queue.sections_for(worker) if s.title.startswith("Required assessments due"))
    urls = [item.url for item in section.items]
    assert urls == [reverse("assessments:ra-attendance", kwargs={"pk": ra.pk})]
    assert section.items[0].overdue
    assert reverse("assessments:ra-attendance", kwargs={"pk": later.pk}) not in urls
    probation = make_user(roles.PROBATION_OFFICER, kind="probation")
    assert all(not s.title.startswith("Required assessments") for s in work_queue.sections_for(probation))


def test_timeline_shows_the_chain(person, suite, worker):
    ra = follow_up_not_required(person, suite, worker)
    services.required_assessment_record_outcome(ra=ra, user=worker, outcome="brief_intervention")
    titles = [e.title for e in timeline.entries_for(person, worker) if e.kind == "Required assessment"]
    assert "Required assessment imposed (RA1)" in titles
    assert "Initial assessment: attended and remained" in titles
    assert "Follow-up not required (RA5)" in titles and "Outcome: Brief intervention" in titles


def test_client_page_links_to_required_assessments(http, person):
    page = http.get(reverse("clients:client-detail", kwargs={"pk": person.pk})).content.decode()
    assert reverse("assessments:ra-list", kwargs={"client_pk": person.pk}) in page


def test_drug_test_page_leads_to_its_required_assessment(http, person, suite, worker):
    """The drug test page (testing) shows this app's next step through testing.actions, naming no app above it."""
    ra = imposed(person, suite, worker)
    page = http.get(ra.drug_test.get_absolute_url()).content.decode()
    assert reverse("assessments:ra-detail", kwargs={"pk": ra.pk}) in page
    assert "Impose a required assessment" not in page


def test_client_page_actions_come_from_each_app_in_order(http, person, worker):
    from clients.actions import actions_for

    labels = [a.label for a in actions_for(person, worker)]
    assert labels == ["Record a drug test", "Required assessments", "Record a Restriction on Bail offer",
                      "Record a conditional caution", "Start an assessment", "Refer to treatment"]


def test_list_offers_the_decision_for_positive_tests_of_adults(http, person, suite, worker):
    awaiting = positive_test(person, suite, at(2025, 3, 3, 9))
    imposed(person, suite, worker, requested_at=at(2025, 2, 3, 9))
    page = http.get(reverse("assessments:ra-list", kwargs={"client_pk": person.pk})).content.decode()
    assert reverse("assessments:ra-impose", kwargs={"test_pk": awaiting.pk}) in page
    assert page.count("clients/drug-tests/") == 1


# --- Printing ------------------------------------------------------------------------------------

def test_ra1_notice_prints_time_place_assessor_and_warning(http, person, suite, worker):
    worker.first_name, worker.last_name = "Asha", "Assessor"
    worker.save()
    ra = imposed(person, suite, worker, scheduled_at=at(2025, 3, 4, 10, 30), assessor=worker)
    appointment = ra.appointments.get()
    page = http.get(reverse("assessments:ra-notice", kwargs={"pk": ra.pk, "appointment_pk": appointment.pk})).content.decode()
    for text in ["Form RA1", "Notice of requirement to attend an initial assessment", "Tuesday 4 March 2025", "10:30",
                 "Interview room 1", "Asha Assessor", "follow-up assessment", "fail without good cause"]:
        assert text in page, text
    assert AuditEvent.objects.filter(action="print", object_id=str(ra.pk)).count() == 1


def test_ra5_notice_only_once_issued(http, person, suite, worker):
    ra = imposed(person, suite, worker)
    assert http.get(reverse("assessments:ra-ra5", kwargs={"pk": ra.pk})).status_code == 404
    done = follow_up_not_required(person, suite, worker, requested_at=at(2025, 4, 1, 9))
    assert "no longer need to attend" in http.get(reverse("assessments:ra-ra5", kwargs={"pk": done.pk})).content.decode()


def test_notice_of_another_assessment_is_not_found(http, person, suite, worker):
    ra = imposed(person, suite, worker)
    other = imposed(person, suite, worker, requested_at=at(2025, 4, 1, 9))
    url = reverse("assessments:ra-notice", kwargs={"pk": ra.pk, "appointment_pk": other.appointments.get().pk})
    assert http.get(url).status_code == 404


@pytest.mark.skipif(weasyprint_or_none() is None, reason="WeasyPrint or the Pango system library is not installed "
                    "(pip install -r requirements.txt; apt-get install libpango-1.0-0 libpangoft2-1.0-0)")
def test_pdfs_are_real_pdfs(http, person, suite, worker):
    ra = failed_initial(person, suite, worker, attendance=Attendance.LEFT_EARLY)
    appointment = ra.appointments.get()
    for url in [reverse("assessments:ra-notice-pdf", kwargs={"pk": ra.pk, "appointment_pk": appointment.pk}),
                reverse("assessments:ra-statement-pdf", kwargs={"pk": appointment.police_notification.pk})]:
        response = http.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert "no-store" in response["Cache-Control"]


# --- Constant queries ----------------------------------------------------------------------------

def _grow(person, suite, worker, n):
    for i in range(n):
        ra = imposed(person, suite, worker, requested_at=at(2025, 1, 2 + i, 9))
        services.required_assessment_vary(
            ra=ra, user=worker, scheduled_at=at(2025, 1, 5 + i, 9), location="", issued_at=at(2025, 1, 2 + i, 12))
        services.required_assessment_record_attendance(ra=ra, user=worker, attendance=Attendance.FAILED_TO_ATTEND)


def _counts(http, urls) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert http.get(url).status_code == 200
        counts[url] = len(queries)
    return counts


def test_pages_use_a_constant_number_of_queries(http, person, suite, worker):
    _grow(person, suite, worker, 1)
    ra = RequiredAssessment.objects.first()
    note = PoliceNotification.objects.first()
    http.get(reverse("dip:home"))  # warm the session
    urls = [
        reverse("assessments:ra-detail", kwargs={"pk": ra.pk}),
        reverse("assessments:ra-list", kwargs={"client_pk": person.pk}),
        reverse("assessments:ra-statement", kwargs={"pk": note.pk}),
        reverse("assessments:ra-vary", kwargs={"pk": ra.pk}),
        reverse("dip:home"),
        reverse("clients:client-detail", kwargs={"pk": person.pk}),
    ]
    small = _counts(http, urls)
    _grow(person, suite, worker, 6)
    assert _counts(http, urls) == small
    # The client page asks each app's timeline provider once (one query each, court work's two included,
    # consent decisions and access grants too): 23.
    assert max(small.values()) <= 23, small


@pytest.mark.parametrize("name", ["assessments:ra-detail", "assessments:ra-vary", "assessments:ra-attendance",
                                  "assessments:ra-statement", "assessments:ra-statement-pdf", "assessments:ra-ra5"])
def test_an_impossible_id_is_not_found(http, name):
    assert http.get(reverse(name, kwargs={"pk": 10**30})).status_code == 404


def test_impossible_ids_elsewhere_are_not_found(http, person, suite, worker):
    ra = imposed(person, suite, worker)
    huge = 10**30
    for url in [reverse("assessments:ra-list", kwargs={"client_pk": huge}),
                reverse("assessments:ra-impose", kwargs={"test_pk": huge}),
                reverse("assessments:ra-notice", kwargs={"pk": ra.pk, "appointment_pk": huge})]:
        assert http.get(url).status_code == 404, url


def test_due_today_is_decided_by_the_london_date(person, suite, worker):
    """At 23:00 UTC on 30 June (00:00 on 1 July in London), an appointment at 23:30 UTC is due today, and
    one at 22:30 UTC on 30 June (23:30 the day before, local) is overdue."""
    import time_machine

    test = positive_test(person, suite, at(2025, 6, 28, 9))
    early = services.required_assessment_impose(drug_test=test, user=worker, imposed_at=at(2025, 6, 28, 10),
                            scheduled_at=datetime.datetime(2025, 6, 30, 22, 30, tzinfo=datetime.UTC), location="")
    late = imposed(person, suite, worker, requested_at=at(2025, 6, 29, 9),
                   scheduled_at=datetime.datetime(2025, 6, 30, 23, 30, tzinfo=datetime.UTC))
    tomorrow = imposed(person, suite, worker, requested_at=at(2025, 6, 29, 10),
                       scheduled_at=datetime.datetime(2025, 7, 1, 23, 30, tzinfo=datetime.UTC))
    with time_machine.travel(datetime.datetime(2025, 6, 30, 23, 5, tzinfo=datetime.UTC), tick=False):
        section = next(s for s in work_queue.sections_for(worker) if s.title.startswith("Required assessments due"))
    flags = {item.url: item.overdue for item in section.items}
    assert flags == {reverse("assessments:ra-attendance", kwargs={"pk": early.pk}): True,
                     reverse("assessments:ra-attendance", kwargs={"pk": late.pk}): False}
    assert reverse("assessments:ra-attendance", kwargs={"pk": tomorrow.pk}) not in flags


def test_a_data_protection_officer_says_why_before_reading(client, person, suite, worker, make_user):
    from django.test import Client as HttpClient

    from clients.models import AccessGrant
    from conftest import sign_in
    from dip.models import Team

    ra = imposed(person, suite, worker)
    dpo = make_user(roles.DPO, kind=Team.Kind.PCC)
    http = sign_in(HttpClient(), dpo)
    url = reverse("assessments:ra-detail", kwargs={"pk": ra.pk})
    response = http.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("clients:view-reason", kwargs={"pk": person.pk}))
    assert not AuditEvent.objects.filter(object_id=str(ra.pk), user=dpo).exists()  # (imposing it was audited)
    AccessGrant.objects.create(user=dpo, client=person, reason=AccessGrant.Reason.DATA_PROTECTION,
                               detail="Subject access request", expires_at=timezone.now() + datetime.timedelta(hours=1))
    assert http.get(url).status_code == 200
    event = AuditEvent.objects.get(object_id=str(ra.pk), action="view")
    assert "Subject access request" in event.reason
