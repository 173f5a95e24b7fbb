"""Generated data for `manage.py bench`: one area, a team of each kind, a user per role, and clients.

Clients are made in bulk (deterministic names and dates of birth) and related to the custody,
probation and treatment teams, so every caseload grows with the size. Apps' seeders add their own
records for each batch of new clients.
"""

from datetime import date, timedelta
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
GIVEN = ["Amy", "Ben", "Chloe", "Dan", "Ella", "Finn", "Grace", "Harry", "Isla", "Jack", "Kai", "Lily", "Mo", "Nia"]
FAMILY = ["Smith", "Jones", "O'Neill", "Lewis-Hughes", "Patel", "Khan", "Brown", "Taylor", "Wilson", "Evans", "Nowak"]


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


def add_clients(world, count: int) -> list[int]:
    """`count` more clients in the bench area, half related to each casework team, and as many elsewhere."""
    from clients.models import Client, ClientRelation

    start = world.size
    people = []
    for n in range(start, start + count):
        for area in (world.area, world.other_area):
            people.append(
                Client(
                    given_name=GIVEN[(n // len(FAMILY)) % len(GIVEN)], family_name=FAMILY[n % len(FAMILY)], sex="MF"[n % 2],
                    date_of_birth=date(1960, 1, 1) + timedelta(days=(n * 37) % 15000), area=area,
                )
            )
    created = Client.objects.bulk_create(people, batch_size=1000)
    ours = [c for c in created if c.area_id == world.area.pk]
    reasons = {
        Team.Kind.CUSTODY: ClientRelation.Reason.RECORDED,
        Team.Kind.PROBATION: ClientRelation.Reason.SUPERVISES,
        Team.Kind.TREATMENT: ClientRelation.Reason.REFERRED_TO,
    }
    relations = [
        ClientRelation(client=client, team=world.teams[kind], reason=reason)
        for i, client in enumerate(ours)
        for kind, reason in reasons.items()
        if kind == Team.Kind.CUSTODY or i % 2 == 0
    ]
    ClientRelation.objects.bulk_create(relations, batch_size=1000)
    _index_names(created)
    world.client = world.client or ours[0]
    world.size = start + count
    return [c.pk for c in ours]


def _index_names(clients) -> None:
    """The search keys that saving a client one by one would have made (clients.search)."""
    from clients.models import ClientName
    from clients.search import name_keys

    keys = []
    for client in clients:
        key = name_keys(client.given_name, client.family_name)
        key.client = client
        keys.append(key)
    ClientName.objects.bulk_create(keys, batch_size=1000)
