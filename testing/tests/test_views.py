"""Drug-test pages: recording, each step, scoping, audit, query counts, never a 500."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import ClientRelation
from dip import roles
from dip.models import AuditEvent, Team
from dip.tests.factories import CustodySuiteFactory, TeamFactory, UserFactory
from testing.models import DrugTest
from testing.tests.factories import ClientFactory, DrugTestFactory, theft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def midday():
    """These pages are about "today" and record times "a few minutes ago": run them at noon, London time, on
    today's date, so that they hold whenever the suite runs (CI runs around midnight)."""
    import time_machine

    noon = datetime.datetime.combine(timezone.localdate(), datetime.time(12), tzinfo=timezone.get_current_timezone())
    with time_machine.travel(noon, tick=True):
        yield


@pytest.fixture
def team(area):
    return TeamFactory(kind=Team.Kind.CUSTODY, area=area, name="Dorset custody")


@pytest.fixture
def suite(area, team):
    return CustodySuiteFactory(area=area, team=team, name="Bournemouth")


@pytest.fixture
def worker(team):
    return UserFactory(role=roles.CUSTODY_WORKER, team=team)


@pytest.fixture
def person(area):
    return ClientFactory(area=area, given_name="Jon", family_name="Example", date_of_birth=datetime.date(1988, 2, 29))


def split(prefix: str, moment: datetime.datetime) -> dict:
    local = timezone.localtime(moment)
    return {f"{prefix}_0": local.day, f"{prefix}_1": local.month, f"{prefix}_2": local.year,
            f"{prefix}_3": local.strftime("%H:%M")}


def dt1(suite, requested, **extra) -> dict:
    data = {
        "custody_suite": suite.pk, "stage": "arrest", "basis": "trigger_offence", "trigger_offence": theft().pk,
        "warning_given": "on", "outcome": "result", "opiates": "positive", "cocaine": "negative",
        **split("requested_at", requested), **split("sampled_at", requested + datetime.timedelta(minutes=8)),
    }
    data.update(extra)
    return data


def recent(minutes=60) -> datetime.datetime:
    return (timezone.now() - datetime.timedelta(minutes=minutes)).replace(second=0, microsecond=0)


def test_form_defaults_to_the_users_suite_and_now(signed_in, worker, person, suite):
    CustodySuiteFactory(area=suite.area, name="Another suite")
    response = signed_in(worker).get(reverse("testing:drugtest-create", kwargs={"client_pk": person.pk}))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["custody_suite"] == suite
    assert abs(form.initial["requested_at"] - timezone.now()) < datetime.timedelta(minutes=2)
    page = response.content.decode()
    assert 'class="govuk-date-input"' in page and "Jon Example" in page


def test_recording_a_positive_test(signed_in, worker, person, suite):
    http = signed_in(worker)
    requested = recent()
    response = http.post(reverse("testing:drugtest-create", kwargs={"client_pk": person.pk}), dt1(suite, requested))
    test = DrugTest.objects.get()
    assert response.status_code == 302 and response.url == test.get_absolute_url()
    assert test.requested_at == requested and test.is_positive and test.recorded_by == worker
    assert ClientRelation.objects.filter(client=person, team=suite.team, reason="tested").exists()
    assert ClientRelation.objects.filter(client=person, area=suite.area, reason="tested").exists()
    events = AuditEvent.objects.filter(action="create")
    assert [(e.object_type, e.client_id) for e in events] == [("testing.drugtest", person.pk)]
    detail = http.get(test.get_absolute_url()).content.decode()
    assert "Positive: opiates" in detail and "Record that the result is disputed" in detail


def test_a_rule_breach_is_shown_next_to_the_field_and_keeps_what_was_typed(signed_in, worker, suite, area):
    teenager = ClientFactory(area=area, date_of_birth=(timezone.localdate() - datetime.timedelta(days=17 * 365)))
    data = dt1(suite, recent(), medication_declared="Methadone 60ml")
    response = signed_in(worker).post(reverse("testing:drugtest-create", kwargs={"client_pk": teenager.pk}), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "A test on arrest needs the person to be 18 or over" in page
    assert "govuk-error-summary" in page and 'href="#id_stage_1"' in page
    assert "Methadone 60ml" in page
    assert not DrugTest.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"requested_at_2": "99999"},
        {"requested_at_2": "9" * 5000},
        {"requested_at_0": "31", "requested_at_1": "2"},
        {"requested_at_3": "99:99"},
        {"custody_suite": "999999999999999999999"},
        {"trigger_offence": "abc"},
        {"stage": "sideways"},
        {"sampled_at_2": "10000"},
    ],
)
def test_impossible_input_is_a_400_never_a_500(signed_in, worker, person, suite, bad):
    data = dt1(suite, recent()) | bad
    response = signed_in(worker).post(reverse("testing:drugtest-create", kwargs={"client_pk": person.pk}), data)
    assert response.status_code == 400
    assert not DrugTest.objects.exists()


def test_an_unreadable_time_gets_one_error_not_two(signed_in, worker, person, suite):
    data = dt1(suite, recent()) | {"sampled_at_2": "99999"}
    response = signed_in(worker).post(reverse("testing:drugtest-create", kwargs={"client_pk": person.pk}), data)
    assert response.context["form"].errors["sampled_at"] == ["Time the sample was taken must be a real date"]


def test_a_rule_on_a_field_the_step_does_not_show_is_a_form_error(signed_in, worker, area, suite):
    # Someone's date of birth corrected after the test: the result step cannot save an impossible record.
    young = ClientFactory(area=area, date_of_birth=datetime.date(1990, 1, 1))
    test = DrugTestFactory(client=young, custody_suite=suite, outcome="", opiates="", cocaine="", sampled_at=None)
    young.date_of_birth = datetime.date(2015, 1, 1)
    young.save()
    data = {"outcome": "refused"}
    response = signed_in(worker).post(reverse("testing:drugtest-result", kwargs={"pk": test.pk}), data)
    assert response.status_code == 400
    assert "18 or over" in response.context["form"].non_field_errors()[0]


def test_non_trigger_offence_needs_the_inspectors_authority(signed_in, worker, person, suite):
    data = dt1(suite, recent(), basis="inspector_authorised", trigger_offence="", offence="Criminal damage")
    url = reverse("testing:drugtest-create", kwargs={"client_pk": person.pk})
    response = signed_in(worker).post(url, data)
    assert response.status_code == 400
    assert "Enter the name of the authorising officer" in response.content.decode()
    data |= {"inspector_name": "A Khan", "inspector_rank": "inspector", "authorisation_grounds": "Seen injecting",
             "authorisation_mode": "oral"}
    assert signed_in(worker).post(url, data).status_code == 302
    assert DrugTest.objects.get().offence == "Criminal damage"


def test_dispute_laboratory_and_confirmation_steps(signed_in, worker, person, suite):
    http = signed_in(worker)
    test = DrugTestFactory(client=person, custody_suite=suite, positive=True, requested_at=recent(120),
                           sampled_at=recent(110))
    dispute = http.post(reverse("testing:drugtest-dispute", kwargs={"pk": test.pk}), split("disputed_at", recent(100)))
    assert dispute.status_code == 302
    sent = recent(90)
    assert http.post(reverse("testing:drugtest-laboratory", kwargs={"pk": test.pk}),
                     split("sent_to_laboratory_at", sent)).status_code == 302
    test.refresh_from_db()
    assert test.disputed and test.awaiting_laboratory and test.is_positive and test.sent_to_laboratory_at == sent
    response = http.post(reverse("testing:drugtest-confirmation", kwargs={"pk": test.pk}),
                         {"confirmation": "not_confirmed", **split("confirmation_received_at", recent(10))})
    assert response.status_code == 302
    test.refresh_from_db()
    assert not test.is_positive and test.result_summary == "neg"
    assert list(AuditEvent.objects.filter(action="update").values_list("detail__step", flat=True)) == [
        "confirmation", "laboratory", "dispute"]


def test_a_negative_cannot_be_disputed(signed_in, worker, person, suite):
    test = DrugTestFactory(client=person, custody_suite=suite)
    response = signed_in(worker).post(reverse("testing:drugtest-dispute", kwargs={"pk": test.pk}),
                                      split("disputed_at", recent(5)))
    assert response.status_code == 400
    assert "Only a positive result can be disputed" in response.content.decode()
    test.refresh_from_db()
    assert not test.disputed


def test_result_step_refuses_a_sample_before_the_request(signed_in, worker, person, suite):
    test = DrugTestFactory(client=person, custody_suite=suite, outcome="", opiates="", cocaine="", sampled_at=None)
    data = {"outcome": "result", "opiates": "negative", "cocaine": "negative",
            **split("sampled_at", test.requested_at - datetime.timedelta(minutes=5))}
    response = signed_in(worker).post(reverse("testing:drugtest-result", kwargs={"pk": test.pk}), data)
    assert response.status_code == 400
    assert "The sample time must not be before the request" in response.content.decode()


def test_detail_leads_to_the_required_assessment_decision(signed_in, worker, person, suite):
    from testing.services import drug_test_decision_record

    test = DrugTestFactory(client=person, custody_suite=suite, positive=True)
    http = signed_in(worker)
    page = http.get(test.get_absolute_url()).content.decode()
    assert reverse("assessments:ra-impose", kwargs={"test_pk": test.pk}) in page
    assert reverse("assessments:ra-not-imposed", kwargs={"test_pk": test.pk}) in page
    drug_test_decision_record(user=worker, test=test, decision="not_imposed", reason="Already in treatment")
    page = http.get(test.get_absolute_url()).content.decode()
    assert "Impose a required assessment" not in page and "Already in treatment" in page


def test_another_areas_test_is_not_found_even_when_the_client_is_visible(signed_in, worker, person, other_area):
    # The client lives in the worker's area (so is visible) but was tested in another force area.
    elsewhere = CustodySuiteFactory(area=other_area)
    test = DrugTestFactory(client=person, custody_suite=elsewhere, positive=True)
    http = signed_in(worker)
    assert http.get(test.get_absolute_url()).status_code == 200  # may read it: the client is theirs
    for name in ("testing:drugtest-edit", "testing:drugtest-dispute"):
        assert http.get(reverse(name, kwargs={"pk": test.pk})).status_code == 404


def test_list_shows_the_days_tests_at_the_users_suites(signed_in, worker, person, suite, area):
    today = DrugTestFactory(client=person, custody_suite=suite, requested_at=recent(30), sampled_at=recent(20))
    DrugTestFactory(client=person, custody_suite=CustodySuiteFactory(area=area), requested_at=recent(30),
                    sampled_at=recent(20))  # another team's suite
    old = DrugTestFactory(client=person, custody_suite=suite)  # 3 March 2025
    http = signed_in(worker)
    assert list(http.get(reverse("testing:drugtest-list")).context["tests"]) == [today]
    response = http.get(reverse("testing:drugtest-list"), {"on_0": "3", "on_1": "3", "on_2": "2025"})
    assert list(response.context["tests"]) == [old]
    bad = http.get(reverse("testing:drugtest-list"), {"on_0": "3", "on_1": "3", "on_2": "99999"})
    assert bad.status_code == 400 and "must be a real date" in bad.content.decode()


def test_client_page_links_to_record_a_test(signed_in, worker, person):
    page = signed_in(worker).get(person.get_absolute_url()).content.decode()
    assert reverse("testing:drugtest-create", kwargs={"client_pk": person.pk}) in page
    probation = UserFactory(role=roles.PROBATION_OFFICER, team=TeamFactory(kind=Team.Kind.PROBATION))
    ClientRelation.objects.create(client=person, team=probation.team, reason="supervises")
    assert "Record a drug test" not in signed_in(probation).get(person.get_absolute_url()).content.decode()


def _make_tests(n, person, suite):
    """n disputed positives requested in the last minute (today, unless run in the first minute of a day)."""
    now = timezone.now()
    for i in range(n):
        at = now - datetime.timedelta(seconds=i + 1)
        DrugTestFactory(client=person, custody_suite=suite, positive=True, disputed=True,
                        requested_at=at, sampled_at=at, sent_to_laboratory_at=now)


@pytest.mark.parametrize("n", [1, 12])
def test_list_and_queue_use_a_constant_number_of_queries(signed_in, worker, person, suite, n,
                                                         django_assert_max_num_queries):
    _make_tests(n, person, suite)
    http = signed_in(worker)
    with django_assert_max_num_queries(12):
        response = http.get(reverse("testing:drugtest-list"))
    assert len(response.context["tests"]) == n
    with django_assert_max_num_queries(16):  # with the one audit event naming everyone the queue shows
        home = http.get(reverse("dip:home"))
    assert home.content.decode().count("Record the laboratory result") == n


@pytest.mark.parametrize("n", [1, 12])
def test_detail_uses_a_constant_number_of_queries(signed_in, worker, person, suite, n, django_assert_max_num_queries):
    _make_tests(n, person, suite)
    test = DrugTest.objects.first()
    http = signed_in(worker)
    with django_assert_max_num_queries(12):
        assert http.get(test.get_absolute_url()).status_code == 200
