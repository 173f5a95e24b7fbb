from django.urls import reverse

from dip import roles

# (label, url name, roles that see it). Later issues add their entries here.
NAV = [
    ("Clients", "clients:client-search", roles.CASEWORK | {roles.DPO}),
    ("Administration", "admin:index", {roles.SYSADMIN}),
]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, url_name, allowed in NAV:
        if user.role in allowed:
            url = reverse(url_name)
            items.append({"label": label, "url": url, "active": request.path.startswith(url)})
    return {"nav_items": items}
