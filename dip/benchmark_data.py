"""Generated data for `manage.py bench`: one area, a team of each kind and a user per role.

The clients come from the clients app's maker (clients/bench.py, `@benchmarks.client_maker`), so that
every caseload grows with the size; apps' seeders add their own records for each batch of new clients.
"""

from types import SimpleNamespace

from django.contrib.auth.models import Group

from dip import roles
from dip.models import Area, Team, User

ROLE_TEAMS = {
    "custody_worker": (roles.CUSTODY_WORKER, Team.Kind.CUSTODY),
    "probation_officer": (roles.PROBATION_OFFICER, Team.Kind.PROBATION),
    "team_manager": (roles.TEAM_MANAGER, Team.Kind.CUSTODY),
    "treatment_worker": (roles.TREATMENT_WORKER, Team.Kind.TREATMENT),
    "pcc_analyst": (roles.PCC_ANALYST, Team.Kind.PCC),
    "dpo": (roles.DPO, Team.Kind.PCC),
    "sysadmin": (roles.SYSADMIN, Team.Kind.PCC),
}


def build_world() -> SimpleNamespace:
    area = Area.objects.create(ref="BENCH", name="Bench area")
    other = Area.objects.create(ref="BENCH-2", name="Elsewhere")
    teams = {kind: Team.objects.create(name=f"Bench {kind}", kind=kind, area=area) for kind in Team.Kind.values}
    users = {}
    for key, (role, kind) in ROLE_TEAMS.items():
        user = User(username=f"bench_{key}", team=teams[kind], is_staff=key == "sysadmin")
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        users[key] = user
    return SimpleNamespace(area=area, other_area=other, teams=teams, users=users, client=None, size=0)
