"""A probation officer creates an order with a weekly schedule, records an unacceptable absence, issues the
drafted warning, records a second, sees the breach deadline on the caseload and in the work queue, and prints
the breach pack. Every page on the way passes axe-core (no serious or critical violation)."""

import datetime

import pytest
from django.utils import timezone

from clients.models import Client, ClientRelation
from dip import roles
from dip.models import Team
from dip.tests.factories import TeamFactory, UserFactory
from supervision import clocks
from supervision.models import DrrAppointment, DrrOrder
from tests.browser.helpers import assert_accessible, login

pytestmark = pytest.mark.browser


def _date(page, field, day):
    page.fill(f"#id_{field}_0", str(day.day))
    page.fill(f"#id_{field}_1", str(day.month))
    page.fill(f"#id_{field}_2", str(day.year))


def _record_absence(page, live_server, appointment):
    page.goto(f"{live_server.url}/supervision/appointments/{appointment.pk}/outcome/")
    assert_accessible(page)
    page.get_by_label("Unacceptable absence").check()
    page.get_by_role("button", name="Save outcome").click()
    page.wait_for_load_state()
    assert page.get_by_text("Outcome recorded: Unacceptable absence").is_visible()


def test_officer_takes_an_order_from_first_absence_to_the_breach_pack(live_server, page, area):
    team = TeamFactory(kind=Team.Kind.PROBATION, area=area, name="Bournemouth probation")
    officer = UserFactory(role=roles.PROBATION_OFFICER, team=team, username="olive", first_name="Olive", last_name="Officer")
    client = Client.objects.create(given_name="Nia", family_name="Browser", date_of_birth="1987-02-03", sex="F", area=area)
    ClientRelation.objects.create(client=client, team=team, reason="recorded")
    today = timezone.localdate()
    first_day = today - datetime.timedelta(weeks=3)

    login(page, live_server, officer)
    assert page.get_by_role("link", name="Caseload").is_visible()
    assert_accessible(page)

    # From the client page: the order, refused first (so the error summary is checked), then saved.
    page.goto(f"{live_server.url}{client.get_absolute_url()}")
    page.get_by_role("link", name="Record a DRR order").click()
    page.get_by_role("button", name="Save order").click()
    assert page.title().startswith("Error: ") and page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Community order").check()
    page.get_by_label("Sentencing court").fill("Bournemouth Magistrates' Court")
    _date(page, "sentence_date", first_day - datetime.timedelta(days=2))
    _date(page, "start_date", first_day - datetime.timedelta(days=1))
    _date(page, "end_date", first_day + datetime.timedelta(days=300))
    page.get_by_label("Medium").check()
    page.get_by_role("button", name="Save order").click()
    page.wait_for_load_state()
    assert page.get_by_text("Order recorded").is_visible()
    assert_accessible(page)
    order = DrrOrder.objects.get()

    # A weekly schedule: 16 weeks at 10:00 from three weeks ago.
    page.get_by_role("link", name="Book an appointment").click()
    page.get_by_label("Offender manager").check()
    _date(page, "first_at", first_day)
    page.fill("#id_first_at_3", "10:00")
    page.get_by_label("Weekly for how many weeks").fill("16")
    assert_accessible(page)
    page.get_by_role("button", name="Book").click()
    page.wait_for_load_state()
    assert page.get_by_text("16 appointments booked").is_visible()
    first, second = DrrAppointment.objects.order_by("scheduled_at")[:2]
    assert {clocks.local_date(a.scheduled_at).weekday() for a in DrrAppointment.objects.all()} == {first_day.weekday()}

    # The first absence: the warning is due, drafted; the officer edits and issues it.
    _record_absence(page, live_server, first)
    assert page.get_by_text("Warning due").first.is_visible()
    page.get_by_role("link", name="Issue the warning").click()
    letter = page.get_by_label("Warning letter")
    assert "within 12 months" in letter.input_value() and "unacceptable" in letter.input_value()
    assert_accessible(page)
    letter.fill(letter.input_value() + "\nPlease call me to rearrange.")
    _date(page, "issued_on", first_day + datetime.timedelta(days=1))
    page.get_by_role("button", name="Issue warning").click()
    page.wait_for_load_state()
    assert page.get_by_text("Please call me to rearrange.").is_visible()
    assert_accessible(page)

    # The second absence, within 12 months of the warning: breach, on a 10-working-day clock.
    _record_absence(page, live_server, second)
    deadline = clocks.breach_deadline(clocks.local_date(second.scheduled_at))
    page.get_by_role("link", name="Caseload").click()
    page.wait_for_load_state()
    assert page.get_by_text(f"Breach due by {deadline:%-d %b %Y}").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Work queue").click()
    page.wait_for_load_state()
    assert page.get_by_text(f"Breach due by {deadline:%-d %B %Y}").is_visible()
    assert_accessible(page)

    # Breach action from the work queue, then the pack: the HTML print page and the PDF.
    page.get_by_role("link", name="Start breach action").click()
    assert "failed without reasonable excuse" in page.get_by_label("Officer's summary for the court").input_value()
    assert_accessible(page)
    page.get_by_role("button", name="Start breach action").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Breach report: Drug Rehabilitation Requirement").is_visible()
    assert page.get_by_text(f"Issued {first_day + datetime.timedelta(days=1):%-d %B %Y}").is_visible()
    assert_accessible(page)
    page.emulate_media(media="print")
    assert not page.get_by_role("link", name="Download the breach pack (PDF)").is_visible()  # not on paper
    page.emulate_media(media="screen")
    pdf_url = page.get_by_role("link", name="Download the breach pack (PDF)").get_attribute("href")
    response = page.request.get(f"{live_server.url}{pdf_url}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    assert order.breaches.count() == 1
