"""Helpers for browser tests: sign in through the real pages, run axe-core, watch for CSP violations.

Import them in any app's browser tests:  from tests.browser.helpers import assert_accessible, login
"""

from pathlib import Path

from django_otp.oath import TOTP

AXE_JS = Path(__file__).resolve().parent.parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING_IMPACTS = {"serious", "critical"}
PASSWORD = "correct horse battery staple"  # dip.tests.factories.UserFactory's password


def totp_token(device, offset: int = 0) -> str:
    """The code an authenticator app shows now (offset in 30-second steps) for a django-otp TOTPDevice."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():0{device.digits}d}"


def confirmed_device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def login(page, live_server, user, password: str = PASSWORD, next_url: str = "") -> None:
    """Sign `user` in through the real sign-in page: password, then a real TOTP code.

    The user gets a confirmed TOTP device if they have none. Ends on the page the sign-in leads to.
    """
    device = confirmed_device(user)
    page.goto(f"{live_server.url}/login/" + (f"?next={next_url}" if next_url else ""))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/two-factor/**")
    page.get_by_label("Security code").fill(totp_token(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert "/two-factor/" not in page.url, f"TOTP step failed: still on {page.url}"


def run_axe(page) -> list[dict]:
    """axe-core's violations for the current page.

    The script is evaluated through the DevTools protocol, which the page's Content Security Policy
    does not govern, so the app keeps its strict CSP (no bypass_csp) and add_script_tag is not needed.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate("async (tags) => (await axe.run(document, {runOnly: tags})).violations", AXE_TAGS)


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


def _govuk_conditional_reveal(violation: dict) -> bool:
    """GOV.UK Frontend's conditional reveal sets aria-expanded on the radio or checkbox that reveals a question: invalid
    by the ARIA spec and reported by axe, kept on purpose by the Design System as a documented known issue
    (alphagov/govuk-frontend#979, #1280) because screen readers announce it. Only that, nothing else, is passed."""
    def accepted(node: dict) -> bool:
        html, summary = node.get("html", ""), node.get("failureSummary", "")
        return ("aria-controls=" in html and ('type="radio"' in html or 'type="checkbox"' in html)
                and "aria-expanded" in summary and summary.count("ARIA attribute is not allowed") == 1)

    return violation["id"] == "aria-allowed-attr" and all(accepted(node) for node in violation["nodes"])


def assert_accessible(page, allow: tuple[str, ...] = ()) -> None:
    """Fail on any serious or critical axe-core violation (rule ids in `allow` are skipped, with reason in the test).

    The GOV.UK conditional reveal's aria-expanded (a known, accepted issue of the Design System) is not a failure."""
    blocking = [v for v in run_axe(page) if v["impact"] in BLOCKING_IMPACTS and v["id"] not in allow
                and not _govuk_conditional_reveal(v)]
    assert not blocking, f"axe-core found serious/critical violations on {page.url}:\n" + format_violations(blocking)


class CspWatcher:
    """Collects Content Security Policy violations a page reports on its console."""

    def __init__(self, page):
        self.violations: list[str] = []
        page.on("console", self._on_console)

    def _on_console(self, message) -> None:
        text = message.text
        if message.type == "error" and ("Content Security Policy" in text or "Refused to" in text):
            self.violations.append(text)

    def assert_none(self) -> None:
        assert not self.violations, "Content Security Policy violations:\n" + "\n".join(self.violations)
