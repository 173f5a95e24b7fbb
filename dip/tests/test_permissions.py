"""dip/permissions.py: the named checks, and that every link offered to a user answers 200.

The crawl signs in as each role in each kind of team (factory users, no data) and as each demo user
(seed_demo, with every app's demo records so the work queue has items), reads the rendered home page,
and follows every link in it (navigation, work-queue items, header): each must end on a 200 page.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client as HttpClient
from django.urls import reverse

from conftest import sign_in
from dip import permissions, roles
from dip.models import Team, User

KINDS = [kind for kind, _ in Team.Kind.choices]
SKIP_PREFIXES = ("/static/", "/logout/")


class _NestedForms(HTMLParser):
    """Counts <form> elements opened inside another (invalid HTML: the browser drops the inner one)."""

    def __init__(self):
        super().__init__()
        self.depth = self.nested = 0

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.nested += self.depth > 0
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "form":
            self.depth = max(0, self.depth - 1)


def nested_forms(html: str) -> int:
    parser = _NestedForms()
    parser.feed(html)
    return parser.nested


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_on(html: str) -> list[str]:
    """Every same-site link of the page (no fragment-only links, no static files, not sign-out)."""
    parser = _Links()
    parser.feed(html)
    out = []
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP_PREFIXES):
            continue
        url = parts.path + (f"?{parts.query}" if parts.query else "")
        if url not in out:
            out.append(url)
    return out


def nav_labels(html: str) -> list[str]:
    return re.findall(r'class="govuk-service-navigation__link"[^>]*>(?:<strong[^>]*>)?([^<]+)<', html)[1:]


def crawl_home(user) -> tuple[str, list[str]]:
    """Sign in as `user`, open home and every link on it; return the home page and the broken links."""
    http = sign_in(HttpClient(), user)
    home = http.get("/", follow=True)
    assert home.status_code == 200, f"{user.role} ({user.team and user.team.kind}): home answers {home.status_code}"
    html = home.content.decode()
    broken = []
    nav = [item for item in links_on(html) if item in _nav_urls(html)]
    for url in links_on(html):
        response = http.get(url, follow=True)
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        if response.status_code != 200 or final.startswith(("/login/", "/two-factor/", "/admin/login/")):
            broken.append(f"{url} -> {final} {response.status_code}")
        elif url in nav and final != url:  # a navigation entry leads to its own page, not elsewhere
            broken.append(f"navigation {url} -> {final}")
        elif response.get("Content-Type", "").startswith("text/html") and nested_forms(response.content.decode()):
            broken.append(f"{url}: a form inside a form")
    return html, broken


def _nav_urls(html: str) -> list[str]:
    return re.findall(r'<a class="govuk-service-navigation__link" href="([^"]+)"', html)


ROLE_KINDS = [(role, kind) for role in roles.ALL for kind in KINDS]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "kind"), ROLE_KINDS, ids=[f"{r}-{k}" for r, k in ROLE_KINDS])
def test_every_link_on_home_answers_200_for_each_role_in_each_kind_of_team(make_user, role, kind):
    user = make_user(role, kind=kind)
    if role == roles.SYSADMIN:
        User.objects.filter(pk=user.pk).update(is_staff=True)
        user.refresh_from_db()
    html, broken = crawl_home(user)
    assert not broken, f"{role} in a {kind} team is shown links that do not answer 200: {broken}"
    if role in roles.CASEWORK:
        assert "Clients" in nav_labels(html), f"{role} in a {kind} team: {nav_labels(html)}"
        assert "Work queue" in nav_labels(html), f"{role} in a {kind} team: {nav_labels(html)}"


@pytest.mark.django_db
def test_the_sign_in_pages_have_no_form_inside_a_form(client, make_user):
    login = client.get("/login/").content.decode()
    assert 'name="username"' in login and nested_forms(login) == 0
    client.force_login(make_user(roles.CUSTODY_WORKER))  # password given, second factor still to come
    second = client.get("/two-factor/", follow=True).content.decode()
    assert 'name="token"' in second and nested_forms(second) == 0


@pytest.mark.django_db
def test_every_link_on_home_answers_200_for_each_demo_user():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    checked = []
    for user in User.objects.filter(is_demo=True).select_related("team").order_by("username"):
        html, broken = crawl_home(user)
        assert not broken, f"demo user {user.username} ({user.role}) is shown links that do not answer 200: {broken}"
        checked.append((user.username, len(links_on(html))))
    assert len(checked) >= len(roles.ALL), checked
    assert any(count > 10 for _, count in checked), f"the demo work queues should hold items to follow: {checked}"


@pytest.mark.django_db
def test_a_probation_team_manager_is_not_shown_drug_tests(make_user, signed_in):
    manager = make_user(roles.TEAM_MANAGER, kind=Team.Kind.PROBATION)
    html = signed_in(manager).get("/", follow=True).content.decode()
    assert "Drug tests" not in nav_labels(html)
    assert signed_in(manager).get(reverse("testing:drugtest-list")).status_code == 403
    custody_manager = make_user(roles.TEAM_MANAGER, kind=Team.Kind.CUSTODY)
    html = signed_in(custody_manager).get("/", follow=True).content.decode()
    assert "Drug tests" in nav_labels(html)


EXPECTED = {
    # check: the (role, team kind) pairs that pass it, among every role in every kind of team
    "record_drug_test": {(roles.CUSTODY_WORKER, "custody"), (roles.TEAM_MANAGER, "custody")},
    "impose_required_assessment": {(roles.CUSTODY_WORKER, "custody"), (roles.TEAM_MANAGER, "custody")},
    "supervise_order": {(roles.PROBATION_OFFICER, "probation"), (roles.TEAM_MANAGER, "probation")},
    "allocate_orders": {(roles.TEAM_MANAGER, "probation")},
    "read_orders": {(roles.PROBATION_OFFICER, "probation"), (roles.TEAM_MANAGER, "probation")}
    | {(roles.DPO, k) for k in KINDS},
    "view_provider_orders": {(roles.TREATMENT_WORKER, "treatment"), (roles.TEAM_MANAGER, "treatment")},
    "work_referral_queue": {(r, "treatment") for r in roles.CASEWORK | {roles.DPO}},
    "manage_team_caseload": {(roles.TEAM_MANAGER, k) for k in KINDS},
    "view_access_log": {(r, k) for r in (roles.TEAM_MANAGER, roles.DPO) for k in KINDS},
    "change_case_records": {(r, k) for r in roles.CASEWORK for k in KINDS},
    "sees_person_records": {(r, k) for r in roles.CASEWORK | {roles.DPO} for k in KINDS},
    "view_reports": {(r, k) for r in (roles.PCC_ANALYST, roles.TEAM_MANAGER, roles.DPO, roles.NATIONAL_ANALYST)
                     for k in KINDS},
    "view_unsuppressed_reports": {(r, k) for r in (roles.TEAM_MANAGER, roles.DPO) for k in KINDS},
    "view_national_reports": {(roles.NATIONAL_ANALYST, k) for k in KINDS},
    "administer": {(roles.SYSADMIN, k) for k in KINDS},
    "work_court_routes": {(roles.CUSTODY_WORKER, "custody"), (roles.TEAM_MANAGER, "custody")},
    "keep_prison_releases": {(roles.COMMUNITY_WORKER, "community"), (roles.TEAM_MANAGER, "community")},
    "run_aftercare": {(roles.TREATMENT_WORKER, "treatment"), (roles.TEAM_MANAGER, "treatment")},
}


@pytest.mark.django_db
@pytest.mark.parametrize("check", sorted(EXPECTED))
def test_each_check_allows_exactly_its_roles_and_team_kinds(make_user, check):
    allowed = set()
    for role, kind in ROLE_KINDS:
        user = make_user(role, kind=kind)
        user.is_staff = role == roles.SYSADMIN
        if permissions.USER_CHECKS[check](user):
            allowed.add((role, kind))
    assert allowed == EXPECTED[check]


@pytest.mark.django_db
def test_checks_refuse_anonymous_and_inactive_users(make_user):
    from django.contrib.auth.models import AnonymousUser

    inactive = make_user(roles.TEAM_MANAGER)
    inactive.is_active = False
    for check in permissions.USER_CHECKS.values():
        assert not check(AnonymousUser())
        assert not check(inactive)


@pytest.mark.django_db
def test_a_data_protection_officer_sees_the_area_drug_tests_but_cannot_record(make_user):
    dpo = make_user(roles.DPO, kind=Team.Kind.PCC)
    assert permissions.can_view_drug_test_list(dpo) and not permissions.can_record_drug_test(dpo)
