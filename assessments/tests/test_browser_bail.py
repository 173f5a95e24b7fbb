"""A custody drug worker records a Restriction on Bail offer at court, the court's condition and a missed
assessment, then checks and prints the compliance report; every page passes axe-core (no serious or critical
violation)."""

import datetime

import pytest
from django.utils import timezone

from clients.models import Client, ClientRelation
from dip import roles
from dip.models import CustodySuite, Team
from dip.tests.factories import TeamFactory, UserFactory
from testing.models import DrugTest
from tests.browser.helpers import assert_accessible, login

pytestmark = pytest.mark.browser


def _fill_date(page, name, day, time=None):
    for index, value in enumerate((day.day, day.month, day.year)):
        page.locator(f'input[name="{name}_{index}"]').fill(str(value))
    if time:
        page.locator(f'input[name="{name}_3"]').fill(time)


def test_custody_worker_records_an_offer_the_condition_a_missed_assessment_and_prints_the_report(live_server, page, area):
    custody = TeamFactory(kind=Team.Kind.CUSTODY, area=area, name="Dorset custody")
    suite = CustodySuite.objects.create(name="Bournemouth", area=area, team=custody)
    worker = UserFactory(role=roles.CUSTODY_WORKER, team=custody, username="carla", first_name="Carla", last_name="Court")
    client = Client.objects.create(given_name="Dee", family_name="Fendant", date_of_birth="1984-04-04", sex="M", area=area)
    ClientRelation.objects.create(client=client, team=custody, reason="recorded")
    today = timezone.localdate()
    requested = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=4), datetime.time(10)))
    DrugTest.objects.create(client=client, custody_suite=suite, stage="charge", basis="trigger_offence",
                            requested_at=requested, sampled_at=requested + datetime.timedelta(minutes=10),
                            outcome="result", opiates="positive", cocaine="negative", recorded_by=worker)

    login(page, live_server, worker)
    page.goto(f"{live_server.url}{client.get_absolute_url()}")
    page.get_by_role("link", name="Record a Restriction on Bail offer").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save the offer").click()  # empty: the error summary, accessibly
    assert page.title().startswith("Error: ") and page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Positive: opiates", exact=False).check()
    page.get_by_label("Charge", exact=True).fill("Theft from a shop")
    page.get_by_label("The offence was motivated wholly or partly by Class A misuse").check()
    page.get_by_label("Court", exact=True).fill("Bournemouth Magistrates' Court")
    _fill_date(page, "offered_on", today - datetime.timedelta(days=3))
    page.get_by_label("Agreed to the assessment and any follow-up").check()
    page.get_by_role("button", name="Save the offer").click()
    assert page.get_by_text("Awaiting the court's decision").is_visible()
    assert_accessible(page)

    # The offer waits in the work queue for the court's decision.
    page.goto(f"{live_server.url}/")
    item = page.locator(".dip-queue li", has_text="Dee Fendant")
    item.get_by_role("link", name="Record the court's decision").click()
    assert_accessible(page)
    page.get_by_label("Bail with the assessment condition").check()
    _fill_date(page, "decided_on", today - datetime.timedelta(days=3))
    page.get_by_role("button", name="Save the court's decision").click()
    assert page.get_by_text("Complying with the condition").count() == 0
    page.get_by_role("link", name="Record the assessment").click()
    assert_accessible(page)
    _fill_date(page, "assessment_at", today - datetime.timedelta(days=1), "10:00")
    page.get_by_label("Did not attend").check()
    page.get_by_role("button", name="Save the assessment").click()

    # The report, drafted from the record, to check and print.
    assert page.get_by_role("heading", name="Check the compliance report").is_visible()
    report = page.get_by_label("Report to the court")
    assert "did not attend it" in report.input_value()
    assert_accessible(page)
    report.fill(report.input_value() + "\nThe defendant has been sent a further appointment.")
    page.get_by_role("button", name="Save the report").click()
    page.goto(f"{live_server.url}/")
    item = page.locator(".dip-queue li", has_text="Dee Fendant")
    assert item.get_by_text("Check and print the report to the court").is_visible()
    item.get_by_role("link").click()
    page.get_by_role("link", name="Print the report").click()
    assert page.get_by_role("heading", name="Compliance with the bail condition: Dee Fendant").is_visible()
    assert page.get_by_text("sent a further appointment").is_visible()
    assert_accessible(page)
