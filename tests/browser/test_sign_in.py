"""Proves the browser infrastructure: real sign-in with password and TOTP, axe-core, CSP, static files."""

import pytest

from dip import roles
from tests.browser.helpers import assert_accessible, login

pytestmark = pytest.mark.browser


def test_sign_in_with_totp_lands_on_home_and_is_accessible(live_server, page, make_user):
    user = make_user(roles.PCC_ANALYST)
    login(page, live_server, user)
    assert page.url == f"{live_server.url}/"
    assert page.get_by_role("heading", level=1).inner_text() == "DIP case management"
    # GOV.UK Frontend's stylesheet and script were served and ran under the strict CSP.
    assert page.evaluate("getComputedStyle(document.querySelector('.govuk-footer')).borderTopStyle") == "solid"
    page.wait_for_function("document.body.classList.contains('govuk-frontend-supported')")
    assert_accessible(page)


def test_sign_in_page_is_accessible_with_errors(live_server, page):
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("button", name="Sign in").click()
    assert page.title().startswith("Error: ")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)


def test_axe_check_can_fail(live_server, page, make_user):
    """The accessibility check is not a no-op: an image without alt text is reported."""
    page.goto(f"{live_server.url}/login/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/static/x.png\">')")
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)


def test_csp_watcher_reports_a_violation(live_server, page, csp_watcher):
    """The CSP watcher is not a no-op: an inline script without the nonce is refused and reported."""
    page.goto(f"{live_server.url}/login/")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.x = 1'; document.body.append(s) }")
    page.wait_for_timeout(200)
    assert any("Content Security Policy" in v for v in csp_watcher.violations)
    assert page.evaluate("() => window.x") is None
    csp_watcher.violations.clear()  # expected here; any other test with a violation fails
