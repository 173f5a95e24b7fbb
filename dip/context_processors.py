from django.urls import NoReverseMatch, reverse

from dip import roles

# (label, url name, roles that see it). Each issue adds its entries here.
NAV = [
    ("Work queue", "dip:home", {roles.CUSTODY_WORKER, roles.TEAM_MANAGER}),
    ("Clients", "clients:client-search", roles.CASEWORK | {roles.DPO}),
    ("Drug tests", "testing:drugtest-list", {roles.CUSTODY_WORKER, roles.TEAM_MANAGER}),
    ("Referrals", "referrals:referral-list", roles.CASEWORK),
    ("Reports", "reports:index", roles.REPORT_READERS),
    ("Administration", "admin:index", {roles.SYSADMIN}),
]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, url_name, allowed in NAV:
        if user.role in allowed:
            try:
                url = reverse(url_name)
            except NoReverseMatch:  # an app whose pages are still being built
                continue
            active = request.path == url if url == "/" else request.path.startswith(url)
            items.append({"label": label, "url": url, "active": active})
    return {"nav_items": items}
