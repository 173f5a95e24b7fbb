"""The URL x role permission matrix (reliability.md AC-1, AC-2, LOG-1).

Every URL pattern (outside Django's admin) needs a Route in some `<app>/tests/matrix.py` module's
ROUTES list (found by `autodiscover_modules("tests.matrix")`); a new URL without one fails
`test_every_url_has_a_route`. A module may also define `build(world)` to add its objects to the
shared World (e.g. a drug test for `world.client` and one for `world.other_client`), which route
kwargs can then use.

    from dip.tests.matrix import CASEWORK, Route
    ROUTES = [
        Route("testing:drugtest-detail", get=CASEWORK | {"dpo"}, audited=True,
              kwargs=lambda w: {"pk": w.drug_test.pk}, other=lambda w: {"pk": w.other_drug_test.pk}),
        Route("testing:drugtest-create", get={"custody_worker", "team_manager"}, post={"custody_worker", "team_manager"},
              kwargs=lambda w: {"client_pk": w.client.pk}, other=lambda w: {"client_pk": w.other_client.pk}),
    ]

Semantics, checked for every role and for an anonymous visitor:
- a role in `get` / `post` gets a status in `ok` (default 200, 302, 400: a POST with no data may be
  refused as invalid, never as forbidden); a redirect must not lead to sign-in or two-factor pages;
- any other role gets 403 or 404 (405 when the method is not supported at all);
- an anonymous visitor is redirected to sign in (unless `public`);
- with `other` kwargs (an object outside every persona's scope) every role gets 404 (or 403 for a
  role refused before any lookup), and nothing is written;
- `audited=True`: each allowed GET writes exactly one AuditEvent.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

ROLES = {
    "custody_worker": "Custody drug worker",
    "probation_officer": "Probation officer",
    "team_manager": "Team manager",
    "treatment_worker": "Treatment provider worker",
    "pcc_analyst": "PCC analyst",
    "dpo": "Data protection officer",
    "sysadmin": "System administrator",
    "national_analyst": "National analyst",
}
CASEWORK = frozenset({"custody_worker", "probation_officer", "team_manager", "treatment_worker"})
EVERYONE = frozenset(ROLES)

@dataclass(frozen=True)
class Route:
    name: str
    get: frozenset | set | None = None
    post: frozenset | set | None = None
    kwargs: Callable | None = None
    other: Callable | None = None
    audited: bool = False
    public: bool = False
    ok: frozenset = field(default=frozenset({200, 302, 400}))
    data: Callable | None = None  # POST data builder (world -> dict); default empty
    to_sign_in: bool = False  # the sign-in pages themselves may redirect between each other

    def __str__(self) -> str:
        return self.name


def collect_modules():
    """Every app's `tests/matrix.py` module, in INSTALLED_APPS order, so that each app keeps its own routes."""
    import sys

    from django.apps import apps
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("tests.matrix")
    names = [f"{app.name}.tests.matrix" for app in apps.get_app_configs()]
    return [sys.modules[name] for name in names if name in sys.modules]


def collect_routes() -> list[Route]:
    return [route for module in collect_modules() for route in getattr(module, "ROUTES", [])]


def build_world() -> SimpleNamespace:
    """Personas for every role in one area, a client related to each casework team, and a client elsewhere."""
    from clients.models import Client, ClientRelation
    from dip.models import Area, CustodySuite, Provider, Team
    from dip.tests.factories import UserFactory

    area = Area.objects.create(ref="MX-A", name="Matrix area")
    other_area = Area.objects.create(ref="MX-B", name="Other area")
    teams = {kind: Team.objects.create(name=f"Matrix {kind}", kind=kind, area=area) for kind in Team.Kind.values}
    other_custody = Team.objects.create(name="Other custody", kind=Team.Kind.CUSTODY, area=other_area)
    kinds = {
        "custody_worker": Team.Kind.CUSTODY,
        "probation_officer": Team.Kind.PROBATION,
        "team_manager": Team.Kind.CUSTODY,
        "treatment_worker": Team.Kind.TREATMENT,
        "pcc_analyst": Team.Kind.PCC,
        "dpo": Team.Kind.PCC,
        "sysadmin": Team.Kind.PCC,
        "national_analyst": Team.Kind.PCC,
    }
    users = {
        key: UserFactory(username=f"mx_{key}", role=role, team=teams[kinds[key]], is_staff=(key == "sysadmin"))
        for key, role in ROLES.items()
    }
    suite = CustodySuite.objects.create(name="Matrix suite", area=area, team=teams[Team.Kind.CUSTODY])
    other_suite = CustodySuite.objects.create(name="Other suite", area=other_area, team=other_custody)
    provider = Provider.objects.create(name="Matrix service", area=area, setting="community", team=teams[Team.Kind.TREATMENT])
    other_provider = Provider.objects.create(name="Other service", area=other_area, setting="community")
    client = Client.objects.create(given_name="Mia", family_name="Matrix", date_of_birth="1990-05-17", sex="F", area=area)
    other_client = Client.objects.create(
        given_name="Otto", family_name="Elsewhere", date_of_birth="1985-01-02", sex="M", area=other_area
    )
    for kind, reason in [
        (Team.Kind.CUSTODY, ClientRelation.Reason.RECORDED),
        (Team.Kind.PROBATION, ClientRelation.Reason.SUPERVISES),
        (Team.Kind.TREATMENT, ClientRelation.Reason.REFERRED_TO),
    ]:
        ClientRelation.objects.create(client=client, team=teams[kind], reason=reason)
    ClientRelation.objects.create(client=other_client, team=other_custody, reason=ClientRelation.Reason.RECORDED)
    world = SimpleNamespace(
        area=area, other_area=other_area, teams=teams, other_custody=other_custody, users=users, suite=suite,
        other_suite=other_suite, provider=provider, other_provider=other_provider, client=client, other_client=other_client,
    )
    for module in collect_modules():
        if hasattr(module, "build"):
            module.build(world)
    return world


ROUTES = [
    Route("dip:home", get=EVERYONE),
    Route("dip:login", get=EVERYONE, post=EVERYONE, public=True),
    Route("dip:logout", get=EVERYONE, post=EVERYONE, to_sign_in=True),
    Route("dip:admin-login", get=EVERYONE, post=EVERYONE, public=True, to_sign_in=True),
    Route("dip:otp-setup", get=EVERYONE, post=EVERYONE, to_sign_in=True),
    Route("dip:otp-verify", get=EVERYONE, post=EVERYONE),
    Route("dip:health", get=EVERYONE, public=True),
    Route("dip:hello", get=EVERYONE),
]
