"""Synthetic demo data, safe to run again (idempotent): areas, teams, suites, providers, one user per role.

Each app may add its own demo records in `<app>/demo.py` with `def seed(context: dict) -> None`
(found by `autodiscover_modules("demo")`); they run in INSTALLED_APPS order after the organisation
is made, and must be idempotent too.
Demo users are flagged `is_demo`; with
DIP_DEMO_SKIP_2FA set they may skip two-factor authentication, nobody else can.
"""

import sys

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from dip import roles
from dip.models import Area, CustodySuite, Provider, Team, User

DEMO_PASSWORD = "demo-password-not-for-real-use"

AREAS = {"DOR": "Dorset", "WYK": "West Yorkshire", "DBY": "Derbyshire"}

# username, role, team kind
DEMO_USERS = [
    ("custody", roles.CUSTODY_WORKER, Team.Kind.CUSTODY),
    ("community", roles.COMMUNITY_WORKER, Team.Kind.COMMUNITY),
    ("probation", roles.PROBATION_OFFICER, Team.Kind.PROBATION),
    ("manager", roles.TEAM_MANAGER, Team.Kind.CUSTODY),
    ("probation-manager", roles.TEAM_MANAGER, Team.Kind.PROBATION),
    ("treatment", roles.TREATMENT_WORKER, Team.Kind.TREATMENT),
    ("analyst", roles.PCC_ANALYST, Team.Kind.PCC),
    ("dpo", roles.DPO, Team.Kind.PCC),
    ("admin", roles.SYSADMIN, Team.Kind.PCC),
    ("national", roles.NATIONAL_ANALYST, Team.Kind.PCC),
]


class Command(BaseCommand):
    help = "Create or refresh synthetic demo data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--print-logins", action="store_true", help="Only print the demo logins.")
        parser.add_argument("--no-logins", action="store_true", help="Seed without printing the logins (make run "
                                                                      "prints them once the server listens).")

    def handle(self, *args, print_logins=False, no_logins=False, **options):
        if not print_logins:
            with transaction.atomic():
                context = seed()
                for module in _demo_modules():
                    module.seed(context)
        if no_logins:
            return
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role, _kind in DEMO_USERS:
            self.stdout.write(f"  {username:<10} {role}")


def _demo_modules() -> list:
    autodiscover_modules("demo")
    names = [f"{app.name}.demo" for app in apps.get_app_configs()]
    return [sys.modules[name] for name in names if name in sys.modules]


def seed() -> dict:
    """Create the organisation and one user per role in Dorset; return the objects by key."""
    areas = {ref: Area.objects.update_or_create(ref=ref, defaults={"name": name})[0] for ref, name in AREAS.items()}
    teams = {}
    for ref, area in areas.items():
        for kind, label in Team.Kind.choices:
            teams[ref, kind] = Team.objects.get_or_create(area=area, name=f"{area.name} {label.lower()}", kind=kind)[0]
        CustodySuite.objects.update_or_create(
            ref=f"CS-{ref}-1", defaults={"name": f"{area.name} central custody", "area": area,
                                         "team": teams[ref, Team.Kind.CUSTODY]},
        )
        Provider.objects.update_or_create(
            ref=f"P-{ref}-1", defaults={"name": f"{area.name} community drug service", "area": area,
                                        "setting": Provider.Setting.COMMUNITY, "team": teams[ref, Team.Kind.TREATMENT]},
        )
    users = {}
    for username, role, kind in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": username.capitalize(), "last_name": "Demo", "team": teams["DOR", kind], "is_demo": True},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.set([Group.objects.get(name=role)])
        users[username] = user
    return {"areas": areas, "teams": teams, "users": users}
