"""Probation and treatment staff get their own navigation entries, and no link in the navigation or on the
home page answers 403 (a team manager's links depend on the kind of team)."""

import re

import pytest
from django.urls import reverse

from dip import roles
from dip.models import Team
from dip.tests.factories import TeamFactory, UserFactory


@pytest.mark.parametrize(("role", "kind", "expected", "absent"), [
    (roles.PROBATION_OFFICER, Team.Kind.PROBATION, {"Work queue", "Caseload"}, {"DRR orders", "Drug tests"}),
    (roles.TEAM_MANAGER, Team.Kind.PROBATION, {"Work queue", "Caseload"}, {"DRR orders"}),
    (roles.TREATMENT_WORKER, Team.Kind.TREATMENT, {"DRR orders"}, {"Caseload"}),
    (roles.TEAM_MANAGER, Team.Kind.CUSTODY, {"Work queue"}, {"Caseload", "DRR orders"}),
])
def test_navigation_and_home_links_answer(probation, signed_in, role, kind, expected, absent):
    user = UserFactory(role=role, team=TeamFactory(kind=kind, area=probation.area))
    order = probation.order()
    from supervision.tests.factories import AppointmentFactory

    AppointmentFactory(drr_order=order)
    web = signed_in(user)
    home = web.get(reverse("dip:home"), follow=True)
    page = home.content.decode()
    nav = page[page.find('id="navigation"'):page.find("</nav>")]
    labels = set(re.findall(r'class="govuk-service-navigation__link"[^>]*>(?:<strong[^>]*>)?([^<]+)<', nav))
    assert expected <= labels and not (absent & labels), labels
    links = set(re.findall(r'href="(/[^"#?]*)"', page)) - {"/logout/", reverse("dip:logout")}
    for link in sorted(links):
        if link.startswith("/static/"):
            continue
        assert web.get(link).status_code == 200, link
