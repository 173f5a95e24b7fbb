"""Areas, teams, custody suites, providers and staff (bulk_create: a few thousand rows at most),
the lookup tables the big INSERT ... SELECTs join on, and the relations that decide visibility."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import connection

from dip import roles
from dip.models import Area, AuditEvent, CustodySuite, Provider, Team, User
from reports.synthetic import PREFIX, Scale, reference

SUITES_PER_AREA = 3
# Staff of an area, by role, in a repeating pattern of 20 (the mix of reliability.md's user journeys).
ROLE_PATTERN = (
    [roles.CUSTODY_WORKER] * 7 + [roles.PROBATION_OFFICER] * 6 + [roles.TREATMENT_WORKER] * 3
    + [roles.COMMUNITY_WORKER] * 2 + [roles.TEAM_MANAGER] + [roles.PCC_ANALYST]
)
ROLE_TEAM = {
    roles.CUSTODY_WORKER: Team.Kind.CUSTODY, roles.TEAM_MANAGER: Team.Kind.CUSTODY,
    roles.PROBATION_OFFICER: Team.Kind.PROBATION, roles.TREATMENT_WORKER: Team.Kind.TREATMENT,
    roles.COMMUNITY_WORKER: Team.Kind.COMMUNITY, roles.PCC_ANALYST: Team.Kind.PCC, roles.DPO: Team.Kind.PCC,
}


@dataclass
class World:
    scale: Scale
    anchor: datetime.datetime
    areas: list[Area] = field(default_factory=list)
    client_base: int = 0  # client id = client_base + g
    test_base: int = 0
    referral_base: int = 0
    order_base: int = 0


def execute(sql: str, params: dict | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or {})


def insert_rows(table: str, rows: list[tuple]) -> None:
    """One INSERT of many rows (not executemany: pghistory's context wrapper rewrites single statements only)."""
    if not rows:
        return
    one = "(" + ", ".join(["%s"] * len(rows[0])) + ")"
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} VALUES " + ", ".join([one] * len(rows)), [v for row in rows for v in row])


def next_id(table: str) -> int:
    """The largest id in `table` (ids of the seeded rows follow it, so they are the same on an empty table)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
        return cursor.fetchone()[0]


def reset_sequence(table: str) -> None:
    execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))")


def _chosen_areas(scale: Scale):
    if scale.areas == 1:
        return [a for a in reference.AREAS if a[0] == "DOR"]
    return reference.AREAS[: scale.areas]


def _shares(total: int, weights: list[int]) -> list[int]:
    """`total` split by weight (largest remainder), at least one each."""
    raw = [total * w / sum(weights) for w in weights]
    shares = [max(1, int(r)) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    for i in by_remainder[: max(0, total - sum(shares))]:
        shares[i] += 1
    return shares


def build(world: World) -> None:
    chosen = _chosen_areas(world.scale)
    world.areas = Area.objects.bulk_create([Area(ref=f"{PREFIX}{code}", name=name) for code, name, _pop, _pc in chosen])
    teams = Team.objects.bulk_create([
        Team(name=f"{area.name} {label.lower()}", kind=kind, area=area)
        for area in world.areas for kind, label in Team.Kind.choices
    ])
    team = {(t.area_id, t.kind): t for t in teams}
    suites = CustodySuite.objects.bulk_create([
        CustodySuite(ref=f"{PREFIX}CS-{code}-{k}", name=f"{area.name} {where} custody suite", area=area,
                     team=team[area.pk, Team.Kind.CUSTODY])
        for area, (code, *_rest) in zip(world.areas, chosen, strict=True)
        for k, where in enumerate(("Central", "North", "South")[:SUITES_PER_AREA])
    ])
    providers = Provider.objects.bulk_create([
        Provider(ref=f"{PREFIX}P-{code}-{k}", name=f"{area.name} {setting} treatment service", area=area,
                 setting=setting, team=team[area.pk, Team.Kind.TREATMENT])
        for area, (code, *_rest) in zip(world.areas, chosen, strict=True)
        for k, setting in enumerate((Provider.Setting.COMMUNITY, Provider.Setting.RESIDENTIAL))
    ])
    officers = _staff(world, chosen, team)
    _lookup_tables(world, chosen, team, suites, providers, officers)


def _staff(world: World, chosen, team) -> list[User]:
    groups = {g.name: g for g in Group.objects.filter(name__in=ROLE_TEAM)}
    people = []
    for area, count, (code, *_rest) in zip(world.areas, _shares(world.scale.staff, [a[2] for a in chosen]), chosen,
                                           strict=True):
        for n in range(count):
            role = ROLE_PATTERN[n % len(ROLE_PATTERN)] if n or count > 1 else roles.CUSTODY_WORKER
            if n % 40 == 39:
                role = roles.DPO
            user = User(username=f"syn.{code.lower()}.{n:04d}", password="!synthetic", team=team[area.pk, ROLE_TEAM[role]],
                        first_name=reference.MALE_GIVEN[n % len(reference.MALE_GIVEN)],
                        last_name=reference.FAMILY[(n * 7) % len(reference.FAMILY)], date_joined=world.anchor)
            user.synthetic_role = role
            people.append(user)
    User.objects.bulk_create(people, batch_size=2000)
    memberships = [User.groups.through(user_id=u.pk, group_id=groups[u.synthetic_role].pk) for u in people]
    User.groups.through.objects.bulk_create(memberships, batch_size=2000)
    return [u for u in people if u.synthetic_role == roles.PROBATION_OFFICER]


def _lookup_tables(world: World, chosen, team, suites, providers, officers) -> None:
    """Temporary tables (dropped at commit) that let one INSERT ... SELECT pick an area, suite, provider or officer."""
    execute("""
        CREATE TEMP TABLE syn_area (area_id bigint PRIMARY KEY, n int, postcode text, name text,
            custody_team bigint, probation_team bigint, officers int) ON COMMIT DROP;
        CREATE TEMP TABLE syn_area_bucket (b int PRIMARY KEY, area_id bigint) ON COMMIT DROP;
        CREATE TEMP TABLE syn_suite (area_id bigint, k int, suite_id bigint, team_id bigint, PRIMARY KEY (area_id, k))
            ON COMMIT DROP;
        CREATE TEMP TABLE syn_provider (area_id bigint, k int, provider_id bigint, PRIMARY KEY (area_id, k))
            ON COMMIT DROP;
        CREATE TEMP TABLE syn_officer (area_id bigint, k int, user_id bigint, PRIMARY KEY (area_id, k)) ON COMMIT DROP;
    """)
    by_area: dict[int, list[User]] = {}
    for officer in officers:
        by_area.setdefault(officer.team.area_id, []).append(officer)
    rows = [
        (area.pk, n, postcode, area.name, team[area.pk, Team.Kind.CUSTODY].pk, team[area.pk, Team.Kind.PROBATION].pk,
         len(by_area.get(area.pk, [])))
        for n, (area, (_code, _name, _pop, postcode)) in enumerate(zip(world.areas, chosen, strict=True))
    ]
    insert_rows("syn_area", rows)
    with connection.cursor() as cursor:
        # 1,000 buckets in proportion to population: a client's area is bucket floor(u * 1000).
        buckets = _shares(1000, [a[2] for a in chosen])
        cursor.execute(
            "INSERT INTO syn_area_bucket SELECT b - 1, a FROM unnest(%s::bigint[]) WITH ORDINALITY AS t(a, b)",
            [[area.pk for area, count in zip(world.areas, buckets, strict=True) for _ in range(count)][:1000]],
        )
        for table, values in (
            ("syn_suite", [(s.area_id, k % SUITES_PER_AREA, s.pk, s.team_id) for k, s in enumerate(suites)]),
            ("syn_provider", [(p.area_id, k % 2, p.pk) for k, p in enumerate(providers)]),
            ("syn_officer", [(area_id, k, o.pk) for area_id, group in by_area.items() for k, o in enumerate(group)]),
        ):
            insert_rows(table, values)
        cursor.execute("ANALYZE syn_area; ANALYZE syn_area_bucket; ANALYZE syn_suite; ANALYZE syn_provider")


def relations(world: World) -> None:
    """The relations the services would have written (reference/access-model.md), in one statement each."""
    execute("""
        INSERT INTO clients_clientrelation (client_id, team_id, area_id, reason, created_at)
        SELECT DISTINCT t.client_id, s.team_id, NULL::bigint, 'tested', %(anchor)s FROM testing_drugtest t
        JOIN dip_custodysuite s ON s.id = t.custody_suite_id WHERE t.id > %(tests)s AND s.team_id IS NOT NULL
        UNION
        SELECT DISTINCT t.client_id, NULL::bigint, s.area_id, 'tested', %(anchor)s FROM testing_drugtest t
        JOIN dip_custodysuite s ON s.id = t.custody_suite_id WHERE t.id > %(tests)s
        UNION
        SELECT DISTINCT r.client_id, p.team_id, NULL::bigint, 'referred_to', %(anchor)s FROM referrals_referral r
        JOIN dip_provider p ON p.id = r.provider_id WHERE r.id > %(referrals)s AND p.team_id IS NOT NULL
        UNION
        SELECT DISTINCT o.client_id, o.team_id, NULL::bigint, 'supervises', %(anchor)s FROM supervision_drrorder o
        WHERE o.id > %(orders)s AND o.team_id IS NOT NULL
        ON CONFLICT DO NOTHING
    """, {"anchor": world.anchor, "tests": world.test_base, "referrals": world.referral_base,
          "orders": world.order_base})


def audit(world: World, scale_name: str) -> None:
    """One audit event for the whole seed, like an import's."""
    with connection.cursor() as cursor:
        counts = {}
        for table, base in (("clients_client", world.client_base), ("testing_drugtest", world.test_base),
                            ("referrals_referral", world.referral_base), ("supervision_drrorder", world.order_base)):
            cursor.execute(f"SELECT count(*) FROM {table} WHERE id > %s", [base])
            counts[table] = cursor.fetchone()[0]
    AuditEvent.objects.create(action=AuditEvent.Action.IMPORT, object_type="seed_synthetic",
                              detail={"scale": scale_name, "anchor": world.anchor.isoformat(), "rows": counts})
