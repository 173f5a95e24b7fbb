from django.urls import NoReverseMatch, reverse

from dip import roles
from dip.models import Team


def _in_team(kind: str, *allowed: str):
    """A check for pages whose access needs the team's kind as well as the role (no link may answer 403)."""
    return lambda user: user.role in allowed and user.team_id is not None and user.team.kind == kind


# (label, url name, roles that see it, or a check of the user). Each issue adds its entries here.
NAV = [
    ("Work queue", "dip:home", {roles.CUSTODY_WORKER, roles.TEAM_MANAGER, roles.PROBATION_OFFICER}),
    ("Caseload", "supervision:caseload", _in_team(Team.Kind.PROBATION, roles.PROBATION_OFFICER, roles.TEAM_MANAGER)),
    ("DRR orders", "supervision:provider-orders",
     _in_team(Team.Kind.TREATMENT, roles.TREATMENT_WORKER, roles.TEAM_MANAGER)),
    ("Clients", "clients:client-search", roles.CASEWORK | {roles.DPO}),
    ("Drug tests", "testing:drugtest-list", _in_team(Team.Kind.CUSTODY, roles.CUSTODY_WORKER, roles.TEAM_MANAGER)),
    ("Referrals", "referrals:referral-list", roles.CASEWORK),
    ("Administration", "admin:index", {roles.SYSADMIN}),
]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, url_name, allowed in NAV:
        if allowed(user) if callable(allowed) else user.role in allowed:
            try:
                url = reverse(url_name)
            except NoReverseMatch:  # an app whose pages are still being built
                continue
            active = request.path == url if url == "/" else request.path.startswith(url)
            items.append({"label": label, "url": url, "active": active})
    return {"nav_items": items}
