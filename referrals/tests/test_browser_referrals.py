"""A custody worker refers a client; the provider worker accepts, records a start, then a discharge; the
referrer sees each change. Every page on the way passes axe-core (no serious or critical violation)."""

import datetime

import pytest
from django.utils import timezone

from clients.models import Client, ClientRelation
from dip import roles
from dip.models import Provider, Team
from dip.tests.factories import TeamFactory, UserFactory
from tests.browser.helpers import assert_accessible, login

pytestmark = pytest.mark.browser


def _login(page, live_server, user):
    """Sign in again within one 30-second TOTP window: forget the last code used (replay protection)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).update(last_t=-1)
    login(page, live_server, user)


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def _fill_date(page, day):
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))


def test_referral_journey_seen_by_both_sides(live_server, page, area):
    custody = TeamFactory(kind=Team.Kind.CUSTODY, area=area, name="Bournemouth custody")
    treatment = TeamFactory(kind=Team.Kind.TREATMENT, area=area, name="Harbour team")
    provider = Provider.objects.create(name="Harbour service", area=area, setting="community", team=treatment)
    referrer = UserFactory(role=roles.CUSTODY_WORKER, team=custody, username="cara", first_name="Cara", last_name="Custody")
    worker = UserFactory(role=roles.TREATMENT_WORKER, team=treatment, username="pat", first_name="Pat", last_name="Provider")
    client = Client.objects.create(given_name="Nia", family_name="Browser", date_of_birth="1987-02-03", sex="F", area=area)
    ClientRelation.objects.create(client=client, team=custody, reason="recorded")
    today = timezone.localdate()

    # The custody worker refers the client from the client page.
    _login(page, live_server, referrer)
    page.goto(f"{live_server.url}{client.get_absolute_url()}")
    page.get_by_role("link", name="Refer to treatment").click()
    page.get_by_role("button", name="Send referral").click()  # empty: the error summary, accessibly
    assert page.title().startswith("Error: ")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Yes, they agree").check()
    page.get_by_label("Treatment provider").select_option(value=str(provider.pk))
    page.get_by_label("Custody suite").check()
    _fill_date(page, today)
    page.get_by_label("Psychosocial").check()
    page.get_by_label("Notes for the provider").fill("Keen to start soon")
    page.get_by_role("button", name="Send referral").click()
    assert page.get_by_text("Referral sent to Harbour service").is_visible()
    assert page.locator(".govuk-summary-list").get_by_text("Awaiting decision").is_visible()
    assert_accessible(page)
    referral_url = page.url
    _sign_out(page)

    # The provider worker finds it in the work queue and accepts it.
    _login(page, live_server, worker)
    assert page.get_by_role("heading", name="New referrals to decide").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Decide").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Accept referral").click()
    assert page.locator(".govuk-summary-list").get_by_text("Accepted, awaiting start").is_visible()
    page.goto(f"{live_server.url}/referrals/queue/")
    assert page.get_by_role("link", name="Nia Browser").is_visible()
    assert_accessible(page)
    _sign_out(page)

    # The referrer sees the acceptance on the list.
    _login(page, live_server, referrer)
    page.goto(f"{live_server.url}/referrals/")
    assert page.get_by_role("cell", name="Accepted, awaiting start").is_visible()
    assert_accessible(page)
    _sign_out(page)

    # The provider worker records the treatment start.
    _login(page, live_server, worker)
    page.goto(referral_url)
    page.get_by_role("link", name="Record treatment start").click()
    _fill_date(page, today)
    page.get_by_role("button", name="Record treatment start").click()
    assert page.locator(".govuk-summary-list").get_by_text("In treatment").is_visible()
    _sign_out(page)

    _login(page, live_server, referrer)
    page.goto(referral_url)
    assert page.locator(".govuk-summary-list").get_by_text("In treatment").is_visible()
    assert page.get_by_role("cell", name="Pat Provider").first.is_visible()
    _sign_out(page)

    # Then a discharge, with its reason.
    _login(page, live_server, worker)
    page.goto(referral_url)
    page.get_by_role("link", name="Record discharge").click()
    _fill_date(page, today)
    page.get_by_role("button", name="Record discharge").click()  # no reason: an error, input kept
    assert page.locator(".govuk-error-summary").get_by_text("Select the discharge reason").is_visible()
    assert page.get_by_label("Year").input_value() == str(today.year)
    assert_accessible(page)
    page.get_by_label("Completed - drug free").check()
    page.get_by_role("button", name="Record discharge").click()
    assert page.locator(".govuk-summary-list .govuk-tag--grey").inner_text() == "Discharged"
    _sign_out(page)

    _login(page, live_server, referrer)
    page.goto(referral_url)
    assert page.locator(".govuk-summary-list").get_by_text("Completed - drug free").is_visible()
    assert_accessible(page)


def test_manager_area_view_is_accessible_and_filters_without_javascript(live_server, page, area):
    from referrals.tests.factories import ReferralFactory

    custody = TeamFactory(kind=Team.Kind.CUSTODY, area=area, name="Area custody")
    manager = UserFactory(role=roles.TEAM_MANAGER, team=custody, username="mo", first_name="Mo", last_name="Manager")
    provider = Provider.objects.create(name="Quay service", area=area, setting="community")
    old = ReferralFactory(
        client__area=area,
        client__given_name="Old",
        provider=provider,
        referral_date=timezone.localdate() - datetime.timedelta(days=30),
        source="court",
    )
    ReferralFactory(client__area=area, client__given_name="New", provider=provider, referral_date=timezone.localdate())
    ClientRelation.objects.bulk_create(
        ClientRelation(client=c, team=custody, reason="recorded") for c in Client.objects.filter(area=area)
    )
    _login(page, live_server, manager)
    page.goto(f"{live_server.url}/referrals/area/")
    rows = page.locator("tbody tr")
    assert rows.count() == 2 and "Old" in rows.first.inner_text() and "30 days" in rows.first.inner_text()
    assert_accessible(page)
    page.get_by_label("Source").select_option(value="court")
    page.get_by_role("button", name="Filter").click()
    assert page.locator("tbody tr").count() == 1
    assert old.client.family_name in page.locator("tbody tr").first.inner_text()
    assert_accessible(page)


def test_refer_without_consent_is_asked_and_a_refusal_stops_it(live_server, page, area):
    """No consent in force: the page asks; "No" reveals the legal basis; without one the referral is stopped,
    the refusal is recorded as a consent decision, and the client page shows it."""
    from clients.models import Consent
    from referrals.models import Referral

    custody = TeamFactory(kind=Team.Kind.CUSTODY, area=area, name="Poole custody")
    treatment = TeamFactory(kind=Team.Kind.TREATMENT, area=area, name="Quay team")
    provider = Provider.objects.create(name="Quay service", area=area, setting="community", team=treatment)
    referrer = UserFactory(role=roles.CUSTODY_WORKER, team=custody, username="cai", first_name="Cai", last_name="Custody")
    client = Client.objects.create(given_name="Ola", family_name="Refuses", date_of_birth="1985-04-05", sex="F", area=area)
    ClientRelation.objects.create(client=client, team=custody, reason="recorded")

    _login(page, live_server, referrer)
    page.goto(f"{live_server.url}{client.get_absolute_url()}")
    page.get_by_role("link", name="Refer to treatment").click()
    question = page.get_by_role("group", name="Does the client agree to their information being shared")
    assert question.is_visible()
    legal_basis = page.get_by_role("group", name="Legal basis for referring without consent")
    assert not legal_basis.is_visible()  # revealed only by "No"
    assert_accessible(page)
    page.get_by_label("No, they refuse").check()
    assert legal_basis.is_visible()
    assert_accessible(page)
    page.get_by_label("Treatment provider").select_option(value=str(provider.pk))
    page.get_by_label("Custody suite").check()
    _fill_date(page, timezone.localdate())
    page.get_by_label("Psychosocial").check()
    page.get_by_role("button", name="Send referral").click()

    summary = page.locator(".govuk-error-summary")
    assert summary.get_by_text("so the referral was not sent").is_visible()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    summary.get_by_role("link").first.click()  # the summary's link takes the user to the question
    assert not Referral.objects.exists()
    refusal = Consent.objects.get(client=client)
    assert (refusal.scope, refusal.decision, refusal.recorded_by) == ("share_with_treatment", "refused", referrer)

    page.goto(f"{live_server.url}{client.get_absolute_url()}")
    assert page.get_by_text("Refused").first.is_visible()
    assert_accessible(page)
