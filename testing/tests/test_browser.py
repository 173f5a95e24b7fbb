"""A custody worker records a positive test through the real pages; the pages are accessible."""

import datetime

import pytest
from django.utils import timezone

from dip import roles
from dip.models import Team
from dip.tests.factories import CustodySuiteFactory, TeamFactory, UserFactory
from testing.models import DrugTest
from testing.tests.factories import ClientFactory, ensure_trigger_offences
from tests.browser.helpers import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def trigger_offences(live_server):
    ensure_trigger_offences()


def test_custody_worker_records_a_positive_test_and_disputes_it(live_server, page, area):
    team = TeamFactory(kind=Team.Kind.CUSTODY, area=area)
    CustodySuiteFactory(area=area, team=team, name="Bournemouth")
    worker = UserFactory(role=roles.CUSTODY_WORKER, team=team)
    person = ClientFactory(area=area, given_name="Jon", family_name="Example", date_of_birth=datetime.date(1988, 2, 29))
    login(page, live_server, worker)

    page.goto(f"{live_server.url}{person.get_absolute_url()}")
    page.get_by_role("link", name="Record a drug test").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Record a drug test"
    assert_accessible(page)

    # An impossible sample year: the error summary links to the field and nothing typed is lost.
    page.select_option("#id_trigger_offence", label="Theft (Theft Act 1968 s1)")
    page.get_by_label("The warning was given before the request").check()
    page.locator("#id_outcome_1").check()
    page.locator("#id_opiates_1").check()
    page.locator("#id_cocaine_2").check()
    sampled = timezone.localtime(timezone.now())
    for index, value in enumerate([sampled.day, sampled.month, 99999, sampled.strftime("%H:%M")]):
        page.locator(f"#id_sampled_at_{index}").fill(str(value))
    page.get_by_role("button", name="Save drug test").click()
    assert page.title().startswith("Error: ")
    summary_link = page.locator(".govuk-error-summary a", has_text="must be a real date")
    assert summary_link.get_attribute("href") == "#id_sampled_at_0"
    assert page.locator("#id_sampled_at_2").input_value() == "99999"
    assert_accessible(page)

    page.locator("#id_sampled_at_2").fill(str(sampled.year))
    # The request defaults to now (to the minute); the sample is in the same minute.
    page.locator("#id_sampled_at_3").fill(page.locator("#id_requested_at_3").input_value())
    page.get_by_role("button", name="Save drug test").click()
    assert page.locator(".govuk-notification-banner").inner_text().endswith("Drug test recorded: Positive: opiates")
    assert_accessible(page)
    test = DrugTest.objects.get()
    assert test.is_positive and test.client == person

    page.get_by_role("link", name="Record that the result is disputed").click()
    page.get_by_role("button", name="Record dispute").click()
    page.get_by_role("link", name="Record the sample sent to the laboratory").click()
    page.get_by_role("button", name="Record sample sent").click()
    assert "Laboratory result due" in page.content()

    page.goto(f"{live_server.url}/")
    assert page.get_by_role("link", name="Record the laboratory result").count() == 1
    assert page.get_by_role("link", name="Decide on a required assessment").count() == 1
    assert_accessible(page)

    page.get_by_role("link", name="Drug tests").click()
    assert page.get_by_role("link", name="Jon Example").count() == 1
    assert_accessible(page)
