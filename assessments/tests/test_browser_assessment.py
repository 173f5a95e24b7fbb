"""A custody worker completes a prefilled assessment with the keyboard only; every page passes axe."""

import re

import pytest

from assessments.models.assessment import Assessment
from assessments.tests.assessment_fixtures import make_assessment, make_client
from clients.services import client_relate
from dip import roles
from tests.browser.helpers import assert_accessible, login

pytestmark = pytest.mark.browser


def tab_to(page, selector: str, limit: int = 150) -> None:
    """Press Tab until the focused element matches `selector` (no mouse, no programmatic focus)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"could not reach {selector} with the Tab key")


def activate(page) -> None:
    """Press Enter on the focused link or button and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def choose(page, name: str, value: str) -> None:
    """Tab into a radio group, then move with the arrow keys to the wanted option (arrows select)."""
    tab_to(page, f"input[type=radio][name={name}]")
    for _ in range(20):
        if page.evaluate("(v) => document.activeElement.value === v", value):
            page.keyboard.press("Space")  # selects it when the group had no selection yet
            assert page.locator(f"input[name={name}][value={value}]").is_checked()
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {value} in {name}")


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_keyboard_only_assessment(live_server, page, make_user, area):
    worker = make_user(roles.CUSTODY_WORKER)
    client = make_client(area, given_name="Kim", family_name="Keyboard")
    client_relate(client=client, team=worker.team, reason="recorded")
    make_assessment(client, worker, alcohol_days=5)  # the last assessment: the new one is prefilled from it
    login(page, live_server, worker)
    page.goto(f"{live_server.url}{client.get_absolute_url()}")

    tab_to(page, "a[href$='/assessments/start/']")
    activate(page)
    page.wait_for_url("**/start/")
    assert_accessible(page)
    tab_to(page, "button.govuk-button")
    activate(page)
    page.wait_for_url(re.compile(r"/clients/assessments/\d+/$"))
    draft = Assessment.objects.get(client=client, status="draft")
    assert draft.alcohol_days == 5  # prefilled
    assert_accessible(page)

    # Context: submitting it empty shows the error summary, which is accessible too.
    tab_to(page, "a[href$='/context/']")
    activate(page)
    page.wait_for_url("**/context/")
    assert_accessible(page)
    tab_to(page, "button[name=save]")
    activate(page)
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    choose(page, "assessment_type", "voluntary")
    type_into(page, "#id_assessed_on_0", "3")
    type_into(page, "#id_assessed_on_1", "3")
    type_into(page, "#id_assessed_on_2", "2026")
    choose(page, "location", "community")
    choose(page, "trigger", "voluntary_other")
    tab_to(page, "button[name=later]")
    activate(page)
    page.wait_for_url(f"**{draft.get_absolute_url()}")

    # Outcome, then the notes.
    tab_to(page, "a[href$='/outcome/']")
    activate(page)
    page.wait_for_url("**/outcome/")
    choose(page, "outcome", "brief_intervention")
    tab_to(page, "button[name=save]")
    activate(page)
    page.wait_for_url("**/notes/")
    type_into(page, "textarea[name=text]", "Keyboard-only note")
    tab_to(page, "button[name=save]")
    activate(page)
    page.wait_for_url("**/check/")
    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers"
    assert_accessible(page)

    tab_to(page, "button[name=complete]")
    activate(page)
    page.wait_for_url(f"**{draft.get_absolute_url()}")
    draft.refresh_from_db()
    assert draft.status == "completed" and draft.outcome == "brief_intervention"
    assert "Keyboard-only note" in page.content()
    assert_accessible(page)
