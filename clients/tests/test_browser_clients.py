"""Through the real server in Chromium: sign in with TOTP, search, no match, create, duplicate warning, client page.

axe-core must report no serious or critical violation on each page.
"""

import datetime

import pytest

from clients.models import Client, ClientRelation
from dip import roles
from tests.browser.helpers import assert_accessible, login

pytestmark = pytest.mark.browser


def fill_client(page, given, family, day, month, year, area):
    page.get_by_label("Given name").fill(given)
    page.get_by_label("Family name").fill(family)
    page.get_by_label("Day").fill(day)
    page.get_by_label("Month").fill(month)
    page.get_by_label("Year").fill(year)
    page.get_by_label("Male", exact=True).check()
    page.get_by_label("Area of residence").select_option(label=area.name)


def test_search_create_and_duplicate_warning(live_server, page, make_user):
    worker = make_user(roles.CUSTODY_WORKER)
    area = worker.team.area
    existing = Client.objects.create(given_name="Zoë", family_name="O'Neill", date_of_birth=datetime.date(1988, 4, 7),
                                     sex="F", area=area)
    ClientRelation.objects.create(client=existing, team=worker.team, reason=ClientRelation.Reason.RECORDED)

    login(page, live_server, worker)
    page.goto(f"{live_server.url}/clients/")
    assert_accessible(page)

    # Search: no match, and the terms are not in the URL.
    page.get_by_label("Name").fill("Kai Newperson")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="No matching clients").is_visible()
    assert "Newperson" not in page.url and "?" not in page.url
    assert_accessible(page)

    # Create the new client.
    page.get_by_role("link", name="Create a new client").click()
    assert_accessible(page)
    fill_client(page, "Kai", "Newperson", "3", "2", "1991", area)
    page.get_by_role("button", name="Save client").click()
    page.wait_for_load_state()
    created = Client.objects.get(family_name="Newperson")
    assert page.url == f"{live_server.url}{created.get_absolute_url()}"
    assert page.get_by_role("heading", level=1).inner_text() == "Kai Newperson"
    assert_accessible(page)

    # A near-duplicate: no diacritic, no apostrophe, day and month swapped.
    page.goto(f"{live_server.url}/clients/new/")
    fill_client(page, "Zoe", "ONeill", "4", "7", "1988", area)
    page.get_by_role("button", name="Save client").click()
    page.wait_for_load_state()
    assert page.get_by_text("This person may already have a record").is_visible()
    assert page.get_by_role("cell", name="Date of birth with day and month swapped", exact=False).is_visible()
    assert Client.objects.count() == 2
    assert_accessible(page)

    # The worker chooses the existing record.
    page.get_by_role("link", name="Open this record").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}{existing.get_absolute_url()}"
    assert page.get_by_role("heading", level=1).inner_text() == "Zoë O'Neill"
    assert_accessible(page)
