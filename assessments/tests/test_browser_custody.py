"""A custody worker records a positive test, imposes a required assessment, prints the RA1, records a
failure to attend, and finds the drafted statement in the work queue (issue 3); axe on every page."""

import datetime

import pytest
from django.utils import timezone

from clients.models import Client
from dip import roles
from dip.tests.factories import CustodySuiteFactory
from testing.tests.factories import ensure_trigger_offences
from tests.browser.helpers import assert_accessible, login

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def trigger_offences(live_server):
    ensure_trigger_offences()


def fill_when(page, prefix: str, moment: datetime.datetime) -> None:
    """A GOV.UK date input (day, month, year) and its time (dip.fields.SplitDateTimeField), as the worker types them."""
    local = timezone.localtime(moment)
    page.locator(f"#id_{prefix}_0").fill(str(local.day))
    page.locator(f"#id_{prefix}_1").fill(str(local.month))
    page.locator(f"#id_{prefix}_2").fill(str(local.year))
    page.locator(f"#id_{prefix}_3").fill(local.strftime("%H:%M"))


def test_positive_test_to_statement_in_the_work_queue(live_server, page, make_user):
    worker = make_user(roles.CUSTODY_WORKER)
    suite = CustodySuiteFactory(area=worker.team.area, team=worker.team, name="Bournemouth")
    person = Client.objects.create(given_name="Jon", family_name="Example", date_of_birth="1988-02-29", sex="M",
                                   area=worker.team.area)
    now = timezone.now().replace(second=0, microsecond=0)
    login(page, live_server, worker)

    # Record the positive test (the DT1).
    page.goto(f"{live_server.url}/testing/clients/{person.pk}/new/")
    page.locator("#id_custody_suite").select_option(str(suite.pk))
    page.locator("input[name=stage][value=arrest]").check()
    page.locator("input[name=basis][value=trigger_offence]").check()
    page.locator("#id_trigger_offence").select_option(label="Theft (Theft Act 1968 s1)")
    page.locator("input[name=warning_given]").check()
    fill_when(page, "requested_at", now - datetime.timedelta(minutes=90))
    page.locator("input[name=outcome][value=result]").check()
    fill_when(page, "sampled_at", now - datetime.timedelta(minutes=80))
    page.locator("input[name=opiates][value=positive]").check()
    page.locator("input[name=cocaine][value=negative]").check()
    with page.expect_navigation():
        page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    assert "Positive" in page.content(), page.url

    # Impose the required assessment from the test's page.
    with page.expect_navigation():
        page.get_by_role("link", name="Impose a required assessment", exact=True).click()
    assert_accessible(page)
    fill_when(page, "imposed_at", now - datetime.timedelta(minutes=70))
    page.get_by_label("Imposing officer").fill("PS 4 Khan")
    fill_when(page, "scheduled_at", now - datetime.timedelta(minutes=20))
    page.get_by_label("Place").fill("Interview room 1")
    with page.expect_navigation():
        page.get_by_role("button", name="Impose and issue RA1").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Required assessment"
    assert_accessible(page)

    # Print the RA1.
    with page.expect_navigation():
        page.get_by_role("link", name="Print RA1").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Notice of requirement to attend an initial assessment"
    assert "Interview room 1" in page.content() and "fail without good cause" in page.content()
    assert_accessible(page)
    page.emulate_media(media="print")
    assert not page.locator(".app-no-print").is_visible()  # the print view leaves the instructions out
    page.emulate_media(media="screen")
    with page.expect_navigation():
        page.get_by_role("link", name="Back to the required assessment").click()

    # Record the failure to attend.
    with page.expect_navigation():
        page.get_by_role("link", name="Record attendance (RA3)").click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Record attendance").click()  # nothing chosen: a GOV.UK error summary
    assert page.title().startswith("Error: ") and page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Failed to attend").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record attendance").click()
    page.wait_for_load_state()
    assert "Failed to attend the initial assessment" in page.content()

    # The drafted statement is waiting in the work queue.
    page.goto(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Failures to notify to the police").is_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Check and send the statement").first.click()
    statement = page.get_by_label("Statement").input_value()
    assert "Jon Example" in statement and "did not attend at that time and place" in statement
    assert "Interview room 1" in statement and "form RA1" in statement
    assert_accessible(page)


def test_the_rest_of_the_chain_is_accessible(live_server, page, make_user):
    """Vary, follow-up (RA4 and RA5), outcome, the list and the RA5 notice: axe on each, errors included."""
    from assessments.services import required as services
    from assessments.tests.custody_factories import at, follow_up_not_required, imposed

    worker = make_user(roles.CUSTODY_WORKER)
    suite = CustodySuiteFactory(area=worker.team.area, team=worker.team, name="Bournemouth")
    person = Client.objects.create(given_name="Jon", family_name="Example", date_of_birth="1988-02-29", sex="M",
                                   area=worker.team.area)
    open_ra = imposed(person, suite, worker)
    attended = imposed(person, suite, worker, requested_at=at(2025, 4, 1, 9))
    services.required_assessment_record_attendance(ra=attended, user=worker, attendance="attended")
    done = follow_up_not_required(person, suite, worker, requested_at=at(2025, 5, 1, 9))
    login(page, live_server, worker)

    page.goto(f"{live_server.url}/clients/required-assessments/{open_ra.pk}/vary/")
    with page.expect_navigation():
        page.get_by_role("button", name="Vary and issue RA2").click()
    assert page.title().startswith("Error: ")
    assert_accessible(page)

    page.goto(f"{live_server.url}/clients/required-assessments/{attended.pk}/follow-up/")
    assert_accessible(page)
    page.get_by_label("Yes: give notice of the follow-up (RA4)").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record decision").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/clients/required-assessments/{done.pk}/outcome/")
    assert_accessible(page)
    page.get_by_label("Referred to structured treatment").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record outcome").click()
    assert "Completed" in page.content()
    with page.expect_navigation():
        page.get_by_role("link", name="Print RA5").click()
    assert "no longer need to attend" in page.content()
    assert_accessible(page)

    page.goto(f"{live_server.url}/clients/{person.pk}/required-assessments/")
    assert_accessible(page)


def test_requirement_withdrawn_after_an_unconfirmed_dispute(live_server, page, make_user):
    """A disputed positive with a requirement imposed; the laboratory does not confirm it; the worker records the
    result, withdraws the requirement from its page, and the client's timeline says why. axe on every page."""
    from assessments.services import required as services
    from assessments.tests.custody_factories import positive_test

    worker = make_user(roles.CUSTODY_WORKER)
    suite = CustodySuiteFactory(area=worker.team.area, team=worker.team, name="Poole")
    person = Client.objects.create(given_name="Dee", family_name="Disputed", date_of_birth="1984-05-06", sex="F",
                                   area=worker.team.area)
    now = timezone.now().replace(second=0, microsecond=0)
    test = positive_test(person, suite, now - datetime.timedelta(days=3), disputed=True,
                         sent_to_lab_at=now - datetime.timedelta(days=3, hours=-2))
    ra = services.required_assessment_impose(drug_test=test, user=worker, imposed_at=now - datetime.timedelta(days=3, hours=-3),
                                             scheduled_at=now + datetime.timedelta(days=14), location="Interview room 2",
                                             imposing_officer="PC 7 Ward")
    login(page, live_server, worker)

    # The laboratory's result, on the drug test: not confirmed.
    page.goto(f"{live_server.url}{test.get_absolute_url()}")
    page.get_by_role("link", name="Record the laboratory result").click()
    assert_accessible(page)
    page.get_by_label("Not confirmed (counts as negative)").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save laboratory result").click()
    assert page.get_by_text("Laboratory result recorded").is_visible()  # once refused: an imposed requirement

    # The required assessment offers the withdrawal first; the form asks how the person was told.
    page.goto(f"{live_server.url}{ra.get_absolute_url()}")
    assert_accessible(page)
    page.get_by_role("link", name="Withdraw the requirement: the laboratory did not confirm the positive result").click()
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw the requirement").click()  # nothing chosen: the error summary
    assert page.locator(".govuk-error-summary").get_by_text("Select how the person was told").is_visible()
    assert_accessible(page)
    page.get_by_label("By phone").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Withdraw the requirement").click()
    assert page.get_by_text("Withdrawn: positive result not confirmed").first.is_visible()
    assert page.get_by_text("the person was told by phone").is_visible()
    assert not page.get_by_role("heading", name="Next steps").count()
    assert page.locator("table").get_by_text("Cancelled").is_visible()
    assert_accessible(page)

    # The printed notice says it is withdrawn; the client's timeline says why.
    page.get_by_role("link", name="Print RA1").click()
    assert page.get_by_text("This requirement no longer applies and you do not need to attend").is_visible()
    page.goto(f"{live_server.url}{person.get_absolute_url()}")
    assert page.get_by_text("Requirement withdrawn").is_visible()
    assert page.get_by_text("The laboratory did not confirm the disputed positive result").is_visible()
    assert_accessible(page)
