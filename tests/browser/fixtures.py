"""Browser-test fixtures, imported by the root conftest.py so browser tests in any app get them.

pytest-playwright drives Debian's Chromium (Playwright's own browser downloads are unavailable
here). Every `page` fails its test on a Content Security Policy violation.
"""

import os
import shutil

import pytest

from tests.browser.helpers import CspWatcher


def chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if os.path.isfile(candidate) and os.access(candidate, os.X_OK) else None


NO_CHROMIUM = "browser test skipped: no Chromium found (apt-get install chromium, or set CHROMIUM=/path/to/chromium)"


def uses_browser(item) -> bool:
    return bool({"page", "context", "browser", "new_context"} & set(getattr(item, "fixturenames", ())))


def mark_browser_items(items) -> None:
    """Tests that use a browser get the `browser` marker (so -m "not browser" leaves them out) and skip without Chromium."""
    have_chromium = chromium_path() is not None
    for item in items:
        if uses_browser(item) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
            if not have_chromium:
                item.add_marker(pytest.mark.skip(reason=NO_CHROMIUM))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = chromium_path()
    if executable is None:
        pytest.skip(NO_CHROMIUM)
    args = [
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ]
    return {**browser_type_launch_args, "executable_path": executable, "args": args}


@pytest.fixture
def csp_watcher(page):
    return page._dip_csp_watcher


@pytest.fixture
def page(page):
    """pytest-playwright's page, failing the test at the end if the app broke its own CSP."""
    watcher = CspWatcher(page)
    page._dip_csp_watcher = watcher
    page.set_default_timeout(10_000)
    yield page
    watcher.assert_none()
