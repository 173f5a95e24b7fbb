"""`manage.py bench --scales county,national`: the synthetic data set (reports/synthetic) as the bench world.

Only the top app sees every model, so the world for a scale is built here and registered with dip's
benchmark registry. The bench area is the seeded area with the most clients (the hardest caseload);
the signed-in users are seeded staff of that area, one per role; the client shown is a typical one
(a few tests), and the "(10x rows)" pages show the client of the area tested most often.
"""

from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.db.models import Count

from clients.models import Client
from dip import benchmarks, roles
from dip.benchmark_data import ROLE_TEAMS
from dip.models import Area, Team, User
from reports import synthetic
from supervision.models import DrrOrder


@benchmarks.scale_builder
def build(scale: str, *, seed: bool) -> SimpleNamespace:
    if seed:
        synthetic.seed(scale)
    area = (Area.objects.filter(ref__startswith=synthetic.PREFIX).annotate(n=Count("clients")).order_by("-n", "pk")
            .first())
    teams = {team.kind: team for team in Team.objects.filter(area=area)}
    users = {}
    for key, (role, _kind) in ROLE_TEAMS.items():
        user = User.objects.filter(team__area=area, groups__name=role).order_by("pk").first()
        if user is None:  # the seed has no system administrator: the bench brings its own
            user, _ = User.objects.get_or_create(username=f"bench_{key}", defaults={"team": teams[Team.Kind.PCC],
                                                                                     "is_staff": role == roles.SYSADMIN})
            user.groups.add(Group.objects.get(name=role))
        users[key] = user
    in_area = Client.objects.filter(area=area).annotate(tests=Count("drug_tests", distinct=True),
                                                         ras=Count("required_assessments", distinct=True))
    # Typical: a few tests, one of them followed by a required assessment (so that the page runs the same
    # queries as for the busy client: a prefetch for an empty list is skipped).
    typical = (in_area.filter(tests__gte=2, tests__lte=5, ras__gte=1).exclude(pnc_id="").exclude(nhs_number="")
               .order_by("pk").first()) or in_area.order_by("-ras", "pk").first()
    busy = in_area.order_by("-tests", "pk").first()
    hyphenated = in_area.filter(family_name__contains="-").order_by("pk").first() or typical
    officer = users["probation_officer"]
    order = (DrrOrder.objects.filter(responsible_officer=officer, termination_date__isnull=True).order_by("pk").first()
             or DrrOrder.objects.filter(area=area).order_by("pk").first())
    return SimpleNamespace(area=area, other_area=None, teams=teams, users=users, client=typical, busy_client=busy,
                           search_client=typical, hyphenated_client=hyphenated, drr_order=order,
                           size=Client.objects.count())
