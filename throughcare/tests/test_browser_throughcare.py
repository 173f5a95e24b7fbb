"""A community worker plans a release, records it, and sees the pick-up clock in the work queue until first
contact is recorded; a treatment worker offers after-care from a successful discharge and records a group
session. Every page on the way passes axe-core (no serious or critical violation)."""

import datetime

import pytest
from django.utils import timezone

from clients.models import Client, ClientRelation
from dip import roles
from dip.models import Provider, Team
from dip.tests.factories import TeamFactory, UserFactory
from referrals.models import Referral
from tests.browser.helpers import assert_accessible, login

pytestmark = pytest.mark.browser


def _fill_date(page, name, day):
    for index, value in enumerate((day.day, day.month, day.year)):
        page.locator(f'input[name="{name}_{index}"]').fill(str(value))


def _queue_item(page, name):
    return page.locator(".dip-queue li", has_text=name)


def test_community_worker_plans_records_and_picks_up_a_release(live_server, page, area):
    community = TeamFactory(kind=Team.Kind.COMMUNITY, area=area, name="Dorset CJIT")
    worker = UserFactory(role=roles.COMMUNITY_WORKER, team=community, username="cleo", first_name="Cleo", last_name="Cjit")
    client = Client.objects.create(given_name="Ray", family_name="Leaving", date_of_birth="1984-04-04", sex="M", area=area)
    ClientRelation.objects.create(client=client, team=community, reason="caseload")
    today = timezone.localdate()

    login(page, live_server, worker)
    assert page.get_by_role("heading", name="Work queue").is_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}{client.get_absolute_url()}")
    page.get_by_role("link", name="Record a prison period").click()
    page.get_by_role("button", name="Save the prison period").click()  # empty: the error summary, accessibly
    assert page.title().startswith("Error: ") and page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Prison").fill("HMP Guys Marsh")
    _fill_date(page, "reception_date", today - datetime.timedelta(days=120))
    page.get_by_label("Sentenced").check()
    _fill_date(page, "expected_release_date", today + datetime.timedelta(days=20))
    page.get_by_role("button", name="Save the prison period").click()
    assert page.get_by_text("Release planning due").is_visible()
    assert_accessible(page)

    # Due within six weeks and without a plan: in the work queue.
    page.goto(f"{live_server.url}/")
    assert _queue_item(page, "Ray Leaving").get_by_text("Record the release plan").is_visible()
    _queue_item(page, "Ray Leaving").get_by_role("link", name="Record the release plan").click()
    assert_accessible(page)
    _fill_date(page, "release_plan_date", today - datetime.timedelta(days=5))
    page.get_by_label("What the plan says").fill("Overdose risk explained; appointment with the CJIT arranged")
    page.get_by_label("Share the plan with probation").check()  # no consent recorded: refused at the field
    page.get_by_role("button", name="Save the release plan").click()
    assert page.locator(".govuk-error-summary").get_by_text("has not consented to sharing with probation").is_visible()
    assert page.get_by_label("What the plan says").input_value().startswith("Overdose risk")  # kept
    assert_accessible(page)
    page.get_by_label("Share the plan with probation").uncheck()
    page.get_by_role("button", name="Save the release plan").click()
    assert page.get_by_text("Release planned").first.is_visible()

    page.get_by_role("link", name="Record the release", exact=True).click()
    assert_accessible(page)
    _fill_date(page, "release_date", today - datetime.timedelta(days=3))
    page.get_by_label("On licence").check()
    page.get_by_role("button", name="Record the release").click()
    assert page.locator("#pick-up-clock").get_by_text("3 days since release").is_visible()
    assert_accessible(page)

    # The clock in the work queue, until first contact is recorded.
    page.goto(f"{live_server.url}/")
    item = _queue_item(page, "Ray Leaving")
    assert item.get_by_text("3 days since release").is_visible()
    assert not item.get_by_text("Overdue").is_visible()
    page.get_by_role("link", name="Prison releases").click()
    assert page.get_by_role("link", name="Ray Leaving").is_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/")
    _queue_item(page, "Ray Leaving").get_by_role("link", name="Record first contact").click()
    assert_accessible(page)
    _fill_date(page, "first_contact_date", today)
    page.get_by_role("button", name="Record first contact").click()
    assert page.locator("#pick-up-clock").get_by_text("Picked up within 7 days").is_visible()
    page.goto(f"{live_server.url}/")
    assert _queue_item(page, "Ray Leaving").count() == 0
    assert page.get_by_text("Everyone released has been contacted.").is_visible()


def test_treatment_worker_offers_after_care_and_records_a_group_session(live_server, page, area):
    treatment = TeamFactory(kind=Team.Kind.TREATMENT, area=area, name="Harbour team")
    provider = Provider.objects.create(name="Harbour service", area=area, setting="community", team=treatment)
    worker = UserFactory(role=roles.TREATMENT_WORKER, team=treatment, username="tess", first_name="Tess", last_name="Team")
    client = Client.objects.create(given_name="Uma", family_name="Recovered", date_of_birth="1979-09-09", sex="F", area=area)
    ClientRelation.objects.create(client=client, team=treatment, reason="referred_to")
    today = timezone.localdate()
    referral = Referral.objects.create(
        client=client, area=area, provider=provider, source="self", referral_date=today - datetime.timedelta(days=120),
        status="started", treatment_start_date=today - datetime.timedelta(days=110),
        discharge_date=today - datetime.timedelta(days=10), discharge_reason="completed_drug_free",
    )

    login(page, live_server, worker)
    page.goto(f"{live_server.url}{referral.get_absolute_url()}")
    assert_accessible(page)
    page.get_by_role("link", name="Offer after-care").click()
    assert page.locator('input[name="started_on_0"]').input_value() == str(referral.discharge_date.day)
    assert_accessible(page)
    page.get_by_role("button", name="Start after-care").click()
    assert page.get_by_role("heading", name="After-care with Harbour service").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="After-care", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Record a group session for Harbour service").click()
    assert_accessible(page)
    page.get_by_label("SMART Recovery").check()
    page.get_by_role("group", name="Who attended").get_by_label("Uma Recovered", exact=False).check()
    page.get_by_role("button", name="Record the session").click()
    assert page.get_by_text("Session recorded for 1 people (1 attended)").is_visible()
    page.goto(f"{live_server.url}{client.get_absolute_url()}")
    assert page.get_by_text("After-care started with Harbour service").is_visible()
    assert page.get_by_text("1 of 1 sessions attended").is_visible()
    assert_accessible(page)
